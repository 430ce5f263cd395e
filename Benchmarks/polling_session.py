# SPDX-License-Identifier: MIT
"""What polling_buffer.py and dynamic_namespaces.py share: a release server started on a free port, its RSS, and
a raw Engine.IO long-polling session (two keep-alive connections, as a browser uses: one for GETs, one for POSTs).
Standard library only; Linux only (/proc)."""
import contextlib
import http.client
import json
import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


@contextlib.contextmanager
def started(binary):
    """Runs `binary --port <free> --host 127.0.0.1 --quiet` until the block ends; yields (port, pid)."""
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--host", "127.0.0.1", "--quiet"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)


class PollingSession:
    """One Engine.IO session over long-polling at `engine_path` (`/engine.io/` for Step2, `/socket.io/` above)."""

    def __init__(self, port, engine_path):
        self.get_conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.post_conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        body = self.request(self.get_conn, "GET", f"{engine_path}?EIO=4&transport=polling")[1]
        self.sid = json.loads(body[1:])["sid"]
        self.path = f"{engine_path}?EIO=4&transport=polling&sid={self.sid}"

    @staticmethod
    def request(conn, method, target, body=None):
        headers = {"Content-Type": "text/plain;charset=UTF-8"} if body is not None else {}
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode()

    def post(self, packets):
        """POSTs Engine.IO packets (`["4a", "4b"]`) as one payload; returns the status."""
        return self.request(self.post_conn, "POST", self.path, "\x1e".join(packets).encode())[0]

    def get(self):
        """One long-poll GET: (status, body, milliseconds)."""
        start = time.perf_counter()
        status, body = self.request(self.get_conn, "GET", self.path)
        return status, body, (time.perf_counter() - start) * 1000
