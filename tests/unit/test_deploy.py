"""The deployment files, checked offline: the image (hadolint), the Kubernetes manifests (their schemas, strict),
the Compose file (the Compose specification) and the proxy's configuration (up to date, and HAProxy's own check)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import compose_spec
import kubernetes_validate
import pytest
import yaml
from paths import ROOT

from dashboard.serve import haproxy

KUBERNETES = "1.37.0"
MANIFESTS = ROOT / "deploy" / "kubernetes" / "ssc-flows.yaml"
COMPOSE = ROOT / "deploy" / "compose" / "compose.yaml"


def tool(name: str) -> str:
    """A checker installed by requirements-dev.txt (hadolint) or Debian (haproxy): skipped when absent, a failure
    when CI requires it."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found:
        return found
    if os.environ.get("SSC_REQUIRE_BROWSER"):
        pytest.fail(f"{name} is required in CI")
    pytest.skip(f"{name} is not installed")


def manifests() -> list[dict]:
    return [doc for doc in yaml.safe_load_all(MANIFESTS.read_text(encoding="utf-8")) if doc]


@pytest.mark.parametrize("doc", manifests(), ids=lambda d: d["kind"] + "/" + d["metadata"]["name"])
def test_every_manifest_validates_against_kubernetes_schemas(doc):
    kubernetes_validate.validate(doc, KUBERNETES, strict=True)


def test_the_validator_catches_a_broken_manifest():
    broken = next(d for d in manifests() if d["kind"] == "Deployment")
    broken = {**broken, "spec": {**broken["spec"], "replicas": "two"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)
    typo = {**manifests()[0], "dta": {}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(typo, KUBERNETES, strict=True)


def test_the_deployment_is_replicated_sticky_probed_and_shares_its_data():
    docs = {(d["kind"], d["metadata"]["name"]): d for d in manifests()}
    deployment = docs[("Deployment", "ssc-flows")]["spec"]
    container = deployment["template"]["spec"]["containers"][0]
    assert deployment["replicas"] >= 2
    assert container["readinessProbe"]["httpGet"]["path"] == "/api/v1/ready"
    assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]
    assert docs[("PersistentVolumeClaim", "ssc-flows-data")]["spec"]["accessModes"] == ["ReadWriteMany"]
    pages = docs[("Ingress", "ssc-flows")]["metadata"]["annotations"]
    assert pages["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    config = docs[("ConfigMap", "ssc-flows")]["data"]
    assert pages["nginx.ingress.kubernetes.io/proxy-body-size"] == f"{int(config['SSC_UPLOAD_MAX_MB']) + 1}m"
    assert config["SSC_BUILT_DIR"].startswith("/data/") and config["SSC_SAVED_DIR"].startswith("/data/")
    assert "limit-rps" in str(docs[("Ingress", "ssc-flows-api")]["metadata"]["annotations"])


def test_the_compose_file_follows_the_compose_specification():
    compose_spec.PyCompose.from_yaml(COMPOSE.read_text(encoding="utf-8")).validate()
    with pytest.raises(ValueError):
        compose_spec.PyCompose.from_yaml(COMPOSE.read_text(encoding="utf-8").replace("ports:", "portz:")).validate()


def test_the_compose_proxy_configuration_is_up_to_date_and_valid():
    cfg = ROOT / "deploy" / "compose" / "haproxy.cfg"
    assert cfg.read_text(encoding="utf-8") == haproxy.config(haproxy.COMPOSE), \
        "regenerate: python -m dashboard.serve.haproxy > deploy/compose/haproxy.cfg"
    checked = subprocess.run([tool("haproxy"), "-c", "-f", str(cfg)], capture_output=True, text=True)
    assert checked.returncode == 0 and "WARNING" not in checked.stdout + checked.stderr, checked.stderr


def test_the_proxy_configuration_dashboard_serve_writes_is_valid(tmp_path):
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(haproxy.config(haproxy.Proxy("127.0.0.1", 8080, ("127.0.0.1:9001", "127.0.0.1:9002"), 50)))
    checked = subprocess.run([tool("haproxy"), "-c", "-f", str(cfg)], capture_output=True, text=True)
    assert checked.returncode == 0 and "WARNING" not in checked.stdout + checked.stderr, checked.stderr
    assert f"gt {51 * 1024 * 1024} }}" in cfg.read_text()  # SSC_UPLOAD_MAX_MB (50) and 1 MB of form


def test_the_dockerfile_passes_hadolint_and_runs_as_a_user_with_a_healthcheck():
    dockerfile = ROOT / "Dockerfile"
    checked = subprocess.run([tool("hadolint"), str(dockerfile)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    text = dockerfile.read_text(encoding="utf-8")
    assert "USER 10001" in text and "HEALTHCHECK" in text and "/api/v1/ready" in text
    assert "python -m dashboard.data.built" in text  # the built-in data's databases are in the image
