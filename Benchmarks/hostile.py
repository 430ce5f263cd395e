#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Hostile clients against the servers (issue 14, "Bounded by design"): how much memory and latency one
misbehaving client costs. Each observation starts the server it needs on a free loopback port, attacks it for
a bounded time, and prints one JSON line per measurement.

    python3 Benchmarks/hostile.py --bin-dir .build/release all
    python3 Benchmarks/hostile.py --bin-dir .build/release ws-backpressure --duration 8

Observations (subcommands):
  ws-backpressure  a WebSocket client that writes as fast as it can and never reads: ping frames against Step3
                   and ChatDemo, Engine.IO messages (echoed) against Step3, acked `echo` events against Step4
  polling-buffer   Step2: POSTs full of messages (echoed into the session's buffer), never a GET; then one GET
  pipelining       20 connections each pipelining 1 MB of GETs without reading (ChatDemo, Step1), while a
                   fresh client asks for /health every 100 ms
  namespaces       Step4: 40 CONNECTs to 900,000-digit dynamic namespaces, then 10,000 distinct ones
  logins           ChatDemo: 120 wrong passwords from 60 threads while a real user logs in every 500 ms
  files            ChatDemo's file modes in an existing 0755 --data directory, the first admin's password in the
                   output, log bytes per connect cycle
  startup          Step3 --max-payload 100 then one WebSocket; every server on a busy port

Every attack stops after --duration seconds or as soon as the server's RSS passes --abort-rss-mib (the server is
killed past --kill-rss-mib). Memory: VmRSS sampled every --sample-ms from /proc/<pid>/status, and VmHWM.
Standard library only; Linux only (/proc, poll's POLLRDHUP).
"""
import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile_http  # noqa: E402
import hostile_sockets  # noqa: E402
import hostile_startup  # noqa: E402
from hostile_support import add_common_arguments, emit  # noqa: E402

OBSERVATIONS = {
    "ws-backpressure": hostile_sockets.ws_backpressure,
    "polling-buffer": hostile_http.polling_buffer,
    "pipelining": hostile_http.pipelining,
    "namespaces": hostile_sockets.namespaces,
    "logins": hostile_http.logins,
    "files": hostile_startup.files,
    "startup": hostile_startup.startup,
}


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("observation", choices=[*OBSERVATIONS, "all"])
    add_common_arguments(parser, "Step1..5 and ChatDemo")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds each attack lasts at most")
    parser.add_argument("--after-close", type=float, default=3.0, help="seconds between the attacker's close and the last RSS reading")
    parser.add_argument("--sample-ms", type=float, default=50.0, help="RSS sampling period")
    parser.add_argument("--login-target", default="admin", help="logins: the account the attackers guess passwords for")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_arguments(argv)
    options.bin_dir = Path(options.bin_dir).resolve()
    names = list(OBSERVATIONS) if options.observation == "all" else [options.observation]
    with tempfile.TemporaryDirectory(prefix="sio-hostile-") as work:
        options.work_dir = Path(work)
        for name in names:
            try:
                OBSERVATIONS[name](options)
            except Exception as error:  # one observation failing must not hide the others' figures
                emit({"observation": name, "error": f"{type(error).__name__}: {error}"[:500]})
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
