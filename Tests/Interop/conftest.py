# SPDX-License-Identifier: MIT
"""Shared fixtures for the interop tests: start one of the step executables on a free port.

    def test_something(start_step):
        url = start_step("Step3", "--test-suite")   # "http://127.0.0.1:<port>"

The binaries come from SIO_BIN_DIR, which scripts/test.sh sets to `swift build --show-bin-path`
(without it, run by hand, the same command answers). Each server is stopped when its test ends.
"""

import os
import pathlib
import socket
import subprocess
import time

import pytest

START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0


def _repo_root():
    return pathlib.Path(os.environ.get("SIO_REPO_ROOT") or pathlib.Path(__file__).resolve().parents[2])


def _bin_dir():
    if os.environ.get("SIO_BIN_DIR"):
        return pathlib.Path(os.environ["SIO_BIN_DIR"])
    path = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=_repo_root(), check=True, capture_output=True, text=True
    ).stdout.strip()
    return pathlib.Path(path)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(process, port, log_path):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before listening; log:\n{log_path.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not listen on 127.0.0.1:{port} within {START_TIMEOUT} s; log:\n{log_path.read_text()}")


@pytest.fixture
def start_step(tmp_path):
    """A factory: start_step(name, *args) runs `<bin>/<name> --host 127.0.0.1 --port <free> *args`,
    waits until it accepts connections and returns its base URL. The server's output goes to
    `<tmp_path>/<name>-<n>.log`."""
    started = []

    def start(name, *args):
        binary = _bin_dir() / name
        if not binary.exists():
            raise RuntimeError(f"{binary} does not exist: build it first (swift build)")
        port = _free_port()
        log_path = tmp_path / f"{name}-{len(started)}.log"
        log = open(log_path, "wb")
        process = subprocess.Popen(
            [str(binary), "--host", "127.0.0.1", "--port", str(port), *args],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        started.append((process, log))
        _wait_until_listening(process, port, log_path)
        return f"http://127.0.0.1:{port}"

    yield start

    for process, log in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
