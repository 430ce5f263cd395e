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
import sys
import time

from polling_session import PollingSession, rss_mb, started


class Session(PollingSession):
    def __init__(self, port):
        super().__init__(port, "/socket.io/")

    def receive(self, count):
        """Polls until `count` packets other than pings came (pings are answered)."""
        packets = []
        while len(packets) < count:
            status, text, _ = self.get()
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
    with started(args.binary) as (port, pid):
        print(f"Step4 RSS at start: {rss_mb(pid):.0f} MB")
        long_names(port, pid)
        many_names(port, pid, 0, 10_000)
        many_names(port, pid, 10_000, 10_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
