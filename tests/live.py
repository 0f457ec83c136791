"""A live Streamlit server for the browser tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
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
