# SSC Flows: one app replica. Build: `docker build -t ssc-flows .` (README, "Running a server for others").
# Run several behind a proxy with sticky sessions: deploy/compose/ (HAProxy) or deploy/kubernetes/ (an Ingress).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SSC_BUILT_DIR=/app/built \
    SSC_SAVED_DIR=/data/datasets \
    SSC_SAVING=off

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY app.py ./
# Streamlit's configuration (an OIDC sign-in's secrets.toml is mounted beside it: /app/.streamlit/secrets.toml).
COPY streamlit_config ./.streamlit
COPY dashboard ./dashboard
COPY pages ./pages
COPY data ./data
COPY locales ./locales
COPY static ./static

# The built-in datasets' databases, built once here (dashboard.data.built): every container opens them read-only.
# Nothing runs as root: the app's user owns only what it writes (its built databases and the saved datasets).
RUN useradd --system --uid 10001 --no-create-home --home-dir /app ssc \
    && python -m dashboard.data.built \
    && mkdir -p /data/datasets \
    && chown -R ssc /app/built /data
USER 10001

EXPOSE 8501
# Healthy once the datasets are open (503 before): the same route the proxy and Kubernetes ask.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/api/v1/ready', timeout=2).status != 200)"]
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.enableXsrfProtection=true"]
