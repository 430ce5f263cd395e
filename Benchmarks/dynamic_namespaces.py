#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Dynamic namespaces under clients that ask for many, or very long, names (issue 14, observation 4).

Starts a release `Step4` (whose `/dynamic-<digits>` children are removed when empty) on a free port and prints
the server's RSS:
  - long names: 40 CONNECTs to `/dynamic-<900,000 digits>` (each refused with `Invalid namespace`, past 256 bytes);
  - many names: one client joins 10,000 distinct `/dynamic-<n>`, then leaves (its session closes): RSS at the
    peak and after; then 10,000 other names, which the 10,000-children bound would refuse had the first ones
    stayed.

    swift build -c release --product Step4
    python3 Benchmarks/dynamic_namespaces.py [--binary .build/release/Step4]

Numbers only; nothing here asserts a time.
"""
import argparse
import http.client
import json
import socket
import subprocess
import sys
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


class Session:
    def __init__(self, port):
        self.get_conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.post_conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        body = self.request(self.get_conn, "GET", "/socket.io/?EIO=4&transport=polling")[1]
        self.sid = json.loads(body[1:])["sid"]
        self.path = f"/socket.io/?EIO=4&transport=polling&sid={self.sid}"

    @staticmethod
    def request(conn, method, target, body=None):
        conn.request(method, target, body=body, headers={"Content-Type": "text/plain;charset=UTF-8"})
        response = conn.getresponse()
        return response.status, response.read().decode()

    def post(self, packets):
        return self.request(self.post_conn, "POST", self.path, "\x1e".join(packets).encode())[0]

    def receive(self, count):
        """Polls until `count` packets other than pings came (pings are answered)."""
        packets = []
        while len(packets) < count:
            status, text = self.request(self.get_conn, "GET", self.path)
            if status != 200:
                raise RuntimeError(f"GET answered {status} {text[:80]}")
            for packet in text.split("\x1e"):
                if packet == "2":
                    self.post(["3"])
                else:
                    packets.append(packet)
        return packets


def long_names(port, pid):
    session = Session(port)
    name = "/dynamic-" + "7" * 900_000
    before = rss_mb(pid)
    refused = 0
    for _ in range(40):
        session.post([f"40{name},"])
        reply = session.receive(1)[0]
        refused += reply.endswith('{"message":"Invalid namespace"}')
    session.post(["1"])
    print(f"long names: 40 CONNECTs to a 900,009-byte name: {refused} refused with Invalid namespace;"
          f" RSS {before:.0f} -> {rss_mb(pid):.0f} MB")


def many_names(port, pid, first, count, batch=200):
    session = Session(port)
    before = rss_mb(pid)
    for start in range(first, first + count, batch):
        session.post([f"40/dynamic-{n}," for n in range(start, start + batch)])
        session.receive(2 * batch)  # the CONNECT reply and the `hello` each child sends
    peak = rss_mb(pid)
    session.post(["1"])
    time.sleep(0.2)
    print(f"many names: {count} distinct dynamic namespaces from /dynamic-{first}: RSS {before:.0f} -> {peak:.0f} MB with the client in them,"
          f" {rss_mb(pid):.0f} MB after it left")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/Step4")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([args.binary, "--port", str(port), "--host", "127.0.0.1", "--quiet"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        print(f"Step4 RSS at start: {rss_mb(server.pid):.0f} MB")
        long_names(port, server.pid)
        many_names(port, server.pid, 0, 10_000)
        many_names(port, server.pid, 10_000, 10_000)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
