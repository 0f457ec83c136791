"""HAProxy's configuration for N replicas: written, never hand-edited (deploy/compose/haproxy.cfg is this function's
output for the compose file's two replicas: `python -m dashboard.serve.haproxy` writes it; the tests check that it
is up to date and that HAProxy accepts both with `haproxy -c`)."""

from __future__ import annotations

from dataclasses import dataclass

COOKIE = "SSCREPLICA"  # the sticky cookie: which replica holds the browser's session
API_RATE = 120  # API requests a client may make in API_WINDOW before 429 (a dashboard never asks this often)
API_WINDOW = "10s"


@dataclass(frozen=True)
class Proxy:
    host: str
    port: int
    replicas: tuple[str, ...]  # the replicas' addresses (host:port)
    max_mb: int  # SSC_UPLOAD_MAX_MB: the largest upload, so the largest request body (plus 1 MB of form framing)
    secure_cookie: bool = False  # behind TLS: the sticky cookie only over https
    resolver: str | None = None  # a DNS server (host:port) for replicas named by host (compose: Docker's, 127.0.0.11)


def config(p: Proxy) -> str:
    """haproxy.cfg for the proxy: one frontend, one backend, a server line per replica."""
    body_limit = (p.max_mb + 1) * 1024 * 1024
    servers = "\n".join(f"    server r{n} {address} check cookie r{n}" for n, address in enumerate(p.replicas, 1))
    secure = " secure" if p.secure_cookie else ""
    # Named replicas are looked up as they come and go (a container started later, or again with a new address).
    resolvers = f"\nresolvers dns\n    nameserver dns {p.resolver}\n    hold valid 10s\n" if p.resolver else ""
    lookup = " resolvers dns init-addr none" if p.resolver else ""
    return f"""# Written by dashboard.serve.haproxy (regenerate, do not edit): {len(p.replicas)} replicas, one HAProxy.
global
    maxconn 4096
    # One line per request on standard output (dashboard.serve keeps it in haproxy.log).
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 60s
    timeout server 120s
    # A Streamlit session is one websocket that stays open while the page is: it may idle for an hour.
    timeout tunnel 1h
    timeout http-request 15s
    timeout queue 30s
    # A request whose replica is down goes to another (the browser's view is all in its link).
    option redispatch
    retries 2

frontend web
    bind {p.host}:{p.port}
    # The largest upload (SSC_UPLOAD_MAX_MB = {p.max_mb} MB) plus 1 MB for the form around it.
    http-request deny deny_status 413 if {{ req.hdr_val(content-length) gt {body_limit} }}
    # The data API: at most {API_RATE} requests per client address every {API_WINDOW}, then 429.
    stick-table type ip size 100k expire 60s store http_req_rate({API_WINDOW})
    acl api path_beg /api/
    acl health path /api/v1/ready
    http-request track-sc0 src if api !health
    http-request deny deny_status 429 if api !health {{ sc_http_req_rate(0) gt {API_RATE} }}
    default_backend replicas

backend replicas
    # Websockets last: the replica with the fewest open ones takes the next new session.
    balance leastconn
    # Sticky sessions: Streamlit keeps a session in one process, so a browser stays on its replica.
    cookie {COOKIE} insert indirect nocache httponly attr SameSite=Lax{secure}
    # Which replica answered (r1, r2, …): for the operator's checks and the tests; it names no address.
    http-response set-header X-SSC-Replica %[srv_name]
    option httpchk GET /api/v1/ready
    http-check expect status 200
    default-server inter 1s fall 2 rise 1{lookup}
{servers}
{resolvers}"""


COMPOSE = Proxy("*", 8080, ("app1:8501", "app2:8501"), 50, resolver="127.0.0.11:53")  # deploy/compose/


if __name__ == "__main__":
    print(config(COMPOSE), end="")
