"""A live Streamlit server for the browser tests and benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from paths import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(script: Path = ROOT / "app.py", keep_data_dir: bool = False):
    """A fresh Streamlit server of the app (or another script) on a free port; yields its base URL. It serves
    the built-in data unless keep_data_dir (then SSC_DATA_DIR, as the environment has it)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if keep_data_dir or k != "SSC_DATA_DIR"}
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script.name, "--server.port", str(port),
                                "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=script.parent,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.terminate()
                raise RuntimeError("the Streamlit server did not start") from None
            time.sleep(0.02)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


class Topology:
    """A running `python -m dashboard.serve`: the proxy's base URL, and each replica's latest pid and port (its
    output is read as it comes, so a replica started again is known)."""

    def __init__(self, process: subprocess.Popen, base: str):
        self.process, self.base = process, base
        self.replicas: dict[int, tuple[int, int]] = {}  # n → (pid, port)
        self.proxy_pid = 0
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())
            words = line.split()
            if words[:1] == ["replica"] and len(words) == 6:
                self.replicas[int(words[1])] = (int(words[3]), int(words[5]))
            elif words[:1] == ["proxy"]:
                self.proxy_pid = int(words[2])
            elif words[:1] == ["ready"]:
                self.ready.set()


@contextmanager
def running_topology(replicas: int = 2, env: dict[str, str] | None = None, args: tuple[str, ...] = ()):
    """`python -m dashboard.serve --replicas N` on a free port (the built-in data), stopped with SIGTERM after."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "dashboard.serve", "--replicas", str(replicas), "--port",
                                str(port), *args], cwd=ROOT, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               env={**{k: v for k, v in os.environ.items() if k != "SSC_DATA_DIR"}, **(env or {})})
    topology = Topology(process, f"http://127.0.0.1:{port}")
    try:
        if not topology.ready.wait(240):
            raise RuntimeError("dashboard.serve did not say ready:\n" + "\n".join(topology.lines))
        yield topology
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
