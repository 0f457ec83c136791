"""Serving SSC Flows for an organisation on one machine: `python -m dashboard.serve --replicas N --port P` starts N
app replicas (`streamlit run app.py`, each on a free port, all with the same cookie secret) and HAProxy in front
(a sticky cookie, health checks on /api/v1/ready, the upload limit, a rate limit for the API), restarts a replica
that dies, and stops everything on SIGTERM. The proxy and the replicas are real programs: this package only writes
the proxy's configuration and starts them.

It imports only dashboard.settings (the operator's limits): it is the outermost layer and nothing imports it.
"""
