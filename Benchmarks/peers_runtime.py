# SPDX-License-Identifier: MIT
"""Starting, watching and stopping the servers under test (used by run.py)."""
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Peer:
    """A server to benchmark: a name for the tables and a command template ({port}, {ping_interval},
    {ping_timeout})."""
    name: str
    command: list

    def argv(self, port, ping_interval, ping_timeout):
        values = {"port": port, "ping_interval": ping_interval, "ping_timeout": ping_timeout}
        return [part.format(**values) for part in self.command]


def free_port():
    """A port nobody listens on now (never 3000, which the protocol suites use)."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port != 3000:
            return port


class ServerProcess:
    """One fresh server process: started on enter, stopped on exit; CPU and memory read from /proc.

    The CPU time is utime + stime of /proc/<pid>/stat, which covers every thread of the process (Node's
    libuv pool, our loops). Peak memory is VmHWM of /proc/<pid>/status. The command is run without a
    shell so that its pid is the server's own (`env X=1 node ...` is fine: env execs node)."""

    def __init__(self, peer, port, ping_interval, ping_timeout):
        self.peer = peer
        self.port = port
        self.argv = peer.argv(port, ping_interval, ping_timeout)
        self.process = None
        self.log = None

    def __enter__(self):
        self.log = open(f"/tmp/sio-bench-{self.peer.name}-{self.port}.log", "w")
        self.process = subprocess.Popen(self.argv, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.peer.name} exited with {self.process.returncode}; see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            self.__exit__(None, None, None)
            raise RuntimeError(f"{self.peer.name} did not listen on :{self.port} within 30 s")
        time.sleep(0.3)
        return self

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.log:
            self.log.close()
        return False

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def cpu_seconds(self):
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        # After the ")" that ends the command name: state is field 3, utime 14 and stime 15 (1-based).
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_kib(self):
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return None



def wait_until_listening(port, timeout=60):
    """Waits until something accepts connections on 127.0.0.1:`port` (a server starting, under valgrind too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)

def python_venv(root):
    """A Python with python-socketio and aiohttp: the project's .build/venv if it has them, else
    .build/bench-venv, created and filled from Tests/Interop/requirements.txt (the pinned versions)."""
    for candidate in (root / ".build/venv", root / ".build/bench-venv"):
        python = candidate / "bin/python"
        if python.exists() and subprocess.run([python, "-c", "import socketio, aiohttp"],
                                              capture_output=True).returncode == 0:
            return str(python)
    venv = root / ".build/bench-venv"
    print(f"== creating {venv} (python-socketio from PyPI)", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin/pip", "install", "-q", "-r", root / "Tests/Interop/requirements.txt"], check=True)
    return str(venv / "bin/python")
