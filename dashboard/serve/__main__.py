"""python -m dashboard.serve --replicas N --port P [--data DIR]: N replicas behind HAProxy (see the package)."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.serve.haproxy import COOKIE, Proxy, config
from dashboard.settings import from_environment

ROOT = Path(__file__).resolve().parents[2]  # the repository: app.py and .streamlit
READY_PATH = "/api/v1/ready"
RESTART_PAUSE = 5.0  # seconds a replica that dies must have lived before it is started again (no restart storm)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_ready(base: str, replica: str) -> bool:
    """Whether the proxy at `base` has replica `replica` (r1, r2, …) up and ready: asked through the proxy with the
    sticky cookie, the replica itself must answer."""
    request = urllib.request.Request(f"{base}{READY_PATH}", headers={"Cookie": f"{COOKIE}={replica}"})
    try:
        with urllib.request.urlopen(request, timeout=2) as answer:
            return answer.status == 200 and answer.headers.get("X-SSC-Replica") == replica
    except OSError:
        return False


def say(line: str) -> None:
    print(line, flush=True)


class Topology:
    """The replicas and the proxy: started, watched (a process that dies is started again) and stopped."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.ports = [free_port() for _ in range(args.replicas)]
        self.replicas: list[subprocess.Popen | None] = [None] * args.replicas
        self.started = [0.0] * args.replicas  # when each replica last started (one that dies young waits to restart)
        self.proxy: subprocess.Popen | None = None
        self.folder = Path(tempfile.mkdtemp(prefix="ssc-serve-"))
        self.stopping = False
        self.base = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::', '') else args.host}:{args.port}"
        # One cookie secret for every replica (an OIDC sign-in cookie written by one is read by another); the
        # operator's own when set, so that a restart keeps its visitors signed in.
        self.env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET":
                    os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)}
        if args.data:
            self.env["SSC_DATA_DIR"] = str(Path(args.data).expanduser().resolve())

    def replica_command(self, port: int) -> list[str]:
        public = urlsplit(from_environment(self.env).public_url).hostname
        hosts = ["localhost", "127.0.0.1", *self.args.allowed_host, *([public] if public else [])]
        return [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                "--server.address", "127.0.0.1", "--server.enableXsrfProtection", "true",
                "--server.maxUploadSize", str(from_environment(self.env).max_mb),
                *[f"--server.allowedHosts={h}" for h in hosts]]

    def start_replica(self, n: int) -> None:
        with open(self.folder / f"replica-{n + 1}.log", "ab") as log:
            process = subprocess.Popen(self.replica_command(self.ports[n]), cwd=ROOT, env=self.env, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.replicas[n] = process
        self.started[n] = time.monotonic()
        say(f"replica {n + 1} pid {process.pid} port {self.ports[n]}")

    def start_proxy(self) -> None:
        cfg = self.folder / "haproxy.cfg"
        cfg.write_text(config(Proxy(self.args.host, self.args.port, tuple(f"127.0.0.1:{p}" for p in self.ports),
                                    from_environment(self.env).max_mb, self.args.secure_cookie)), encoding="utf-8")
        with open(self.folder / "haproxy.log", "ab") as log:
            self.proxy = subprocess.Popen([self.args.haproxy, "-db", "-f", str(cfg)], stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True)
        say(f"proxy pid {self.proxy.pid} port {self.args.port}")

    def start(self) -> None:
        for n in range(len(self.ports)):
            self.start_replica(n)
        self.start_proxy()
        while not all(is_ready(self.base, f"r{n}") for n in range(1, len(self.ports) + 1)):
            self.watch()
            if self.stopping:
                return
            time.sleep(0.2)
        say(f"ready {self.base}/")

    def watch(self) -> None:
        """Start again whatever died (unless stopping)."""
        if self.stopping:
            return
        for n, process in enumerate(self.replicas):
            if process is None or process.poll() is None:
                continue
            if time.monotonic() - self.started[n] < RESTART_PAUSE:  # it died young: its log says why
                continue
            say(f"replica {n + 1} exited ({process.returncode}); starting it again")
            self.start_replica(n)
        if self.proxy is not None and self.proxy.poll() is not None:
            say(f"proxy exited ({self.proxy.returncode}); starting it again")
            self.start_proxy()

    def stop(self, *_args) -> None:
        self.stopping = True

    def shutdown(self) -> None:
        children = [p for p in (*self.replicas, self.proxy) if p is not None and p.poll() is None]
        for process in children:
            process.terminate()
        deadline = time.monotonic() + 10
        for process in children:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
        say("stopped")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dashboard.serve", description=__doc__)
    parser.add_argument("--replicas", type=int, default=2, help="app processes (default 2; one per core is a start)")
    parser.add_argument("--port", type=int, default=8080, help="the proxy's port (default 8080)")
    parser.add_argument("--host", default="127.0.0.1", help="the proxy's address (default 127.0.0.1; 0.0.0.0 for all)")
    parser.add_argument("--data", help="a dataset directory to offer first (as `streamlit run app.py -- DIR`)")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a host name visitors use to reach the server (repeatable; localhost is always allowed)")
    parser.add_argument("--secure-cookie", action="store_true", help="behind TLS: the sticky cookie only over https")
    parser.add_argument("--haproxy", default=shutil.which("haproxy") or "haproxy", help="the haproxy program")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    if not shutil.which(args.haproxy):
        parser.error("HAProxy is not installed: `sudo apt-get install haproxy` (Debian's package), or --haproxy PATH")
    if args.data and not Path(args.data).expanduser().is_dir():
        parser.error(f"--data {args.data}: no such directory")
    return args


def main(argv: list[str] | None = None) -> int:
    topology = Topology(parse(sys.argv[1:] if argv is None else argv))
    signal.signal(signal.SIGTERM, topology.stop)
    signal.signal(signal.SIGINT, topology.stop)
    try:
        topology.start()
        while not topology.stopping:
            topology.watch()
            time.sleep(0.5)
    finally:
        topology.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
