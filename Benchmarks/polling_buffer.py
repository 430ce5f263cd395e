#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The long-polling write buffer under a client that POSTs and does not GET (issue 14, observation 2).

Starts a release `Step2` (the echo) on a free port and prints:
  - hostile, three times: 40 POSTs of 330,000 one-byte messages (1 MB each) with no GET: the server's RSS before
    and after, and what the next GET gets (the session closed at the bound);
  - full by count: one POST just under `maxBufferedPackets` (default 10,000), then the time of the first GET and
    of the GETs that drain it all, checking order and that each message arrives once;
  - full by bytes: four 1 MB messages (the 4 MB default `maxBufferedBytes`), then the time of each GET.

    swift build -c release --product Step2
    python3 Benchmarks/polling_buffer.py [--binary .build/release/Step2]

Numbers only; nothing here asserts a time.
"""
import argparse
import sys
import time

from polling_session import PollingSession, rss_mb, started


def hostile(port, pid):
    session = PollingSession(port, "/engine.io/")
    body = ["4a"] * 330_000
    before = rss_mb(pid)
    start = time.perf_counter()
    statuses = [session.post(body) for _ in range(40)]
    elapsed = time.perf_counter() - start
    after = rss_mb(pid)
    status, text, ms = session.get()
    print(f"hostile: 40 POSTs of 330,000 messages in {elapsed:.2f} s: statuses {sorted(set(statuses))},"
          f" RSS {before:.0f} -> {after:.0f} MB;"
          f" next GET {status} {text} in {ms:.2f} ms")


def full_by_count(port, count):
    session = PollingSession(port, "/engine.io/")
    sent = [f"4m{i}" for i in range(count)]
    session.post(sent)
    received, times = [], []
    while len(received) < len(sent):
        status, text, ms = session.get()
        if status != 200:
            print(f"full by count: GET answered {status} {text}")
            return
        received += text.split("\x1e")
        times.append(ms)
    times_sorted = sorted(times)
    print(f"full by count: {count} waiting packets: first GET {times[0]:.2f} ms, {len(times)} GETs to drain, "
          f"median {times_sorted[len(times) // 2]:.2f} ms, max {times_sorted[-1]:.2f} ms, "
          f"in order and once each: {received == sent}")


def full_by_bytes(port):
    session = PollingSession(port, "/engine.io/")
    message = "4" + "x" * 999_000
    for _ in range(4):
        session.post([message])
    times = []
    for _ in range(4):
        status, text, ms = session.get()
        times.append(f"{ms:.2f}")
        if status != 200 or text != message:
            print(f"full by bytes: unexpected GET answer {status} ({len(text)} bytes)")
            return
    print(f"full by bytes: four 1 MB messages waiting (4 MB): GETs of 1 MB took {', '.join(times)} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/Step2")
    parser.add_argument("--count", type=int, default=9_999)
    args = parser.parse_args()
    with started(args.binary) as (port, pid):
        print(f"Step2 RSS at start: {rss_mb(pid):.0f} MB")
        full_by_count(port, args.count)
        full_by_bytes(port)
        for _ in range(3):
            hostile(port, pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
