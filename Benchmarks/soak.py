#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Soak test (issue 14): good clients chat beside hostile ones against ChatDemo for N minutes.

    .build/venv/bin/python Benchmarks/soak.py --bin-dir .build/release --minutes 30
    .build/venv/bin/python Benchmarks/soak.py --bin-dir .build/release --minutes 2 --rss-budget-mib 256

ChatDemo runs with `--loops 2` on a fresh data directory. The good clients are stock python-socketio clients
(half WebSocket, half long-polling) in one room: each alternates `send-message` and `ping` (both acknowledged),
keeps an unacknowledged message pending and resends it with the same clientId (as the web page does), and
reconnects on purpose every --reconnect-every seconds. A listener records every `message-create`. Meanwhile,
in another process, one hostile behaviour at a time runs for --round-seconds, then a pause: a WebSocket ping
flood that never reads, acked events over WebSocket never read, acked events over polling never fetched,
20 connections pipelining GETs never read, a burst of 120 wrong passwords.

It prints a progress line every --report-every seconds and one summary line: the good clients' ack latency
(p50/p99/max), acknowledged messages missing from the database (must be 0), acknowledged messages the listener
did not see, reconnections, the hostile rounds, and the server's peak RSS against --rss-budget-mib. Exit status
0 when nothing acknowledged was lost, the peak stayed within the budget and the server survived.

Needs python-socketio: run it with the project's .build/venv (bash scripts/test.sh creates it); it re-executes
itself there when started with another Python.
"""
import argparse
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

try:
    import socketio  # noqa: F401
except ImportError:
    VENV = ROOT / ".build/venv"
    if (VENV / "bin/python").exists() and Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(VENV / "bin/python"), [str(VENV / "bin/python"), *sys.argv])
    raise SystemExit("soak.py needs python-socketio: bash scripts/test.sh creates .build/venv with it")

import soak_hostile  # noqa: E402
from hostile_support import MemorySampler, Server, add_common_arguments, emit, latency_summary, mib  # noqa: E402
from soak_checks import setup_chat, stored_messages  # noqa: E402
from soak_clients import GoodClient, Listener, Stats  # noqa: E402


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser, "ChatDemo")
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=4, help="good clients (half WebSocket, half polling)")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between a good client's steps")
    parser.add_argument("--reconnect-every", type=float, default=20.0, help="seconds between planned reconnections")
    parser.add_argument("--round-seconds", type=float, default=8.0, help="how long each hostile round lasts")
    parser.add_argument("--pause-seconds", type=float, default=5.0, help="pause between hostile rounds")
    parser.add_argument("--no-hostile", action="store_true", help="good clients only (a baseline)")
    parser.add_argument("--rss-budget-mib", type=float, default=256.0, help="the server's peak RSS must stay below this")
    parser.add_argument("--loops", type=int, default=2, help="ChatDemo --loops")
    parser.add_argument("--report-every", type=float, default=60.0, help="seconds between progress lines")
    return parser.parse_args(argv)


def _memory_guard(server, limit_kib, memory_high, stop):
    """Sets `memory_high` while the server's RSS is over the abort limit, clears it below."""
    while not stop.is_set():
        rss = server.memory_kib()[0]
        if rss is not None and rss > limit_kib:
            memory_high.set()
        else:
            memory_high.clear()
        stop.wait(0.05)


def main(argv=None):
    options = parse_arguments(argv)
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="sio-soak-") as work:
        args = ["--data", f"{work}/data", "--loops", str(options.loops), "--log-level", "3"]
        env = {"CHATDEMO_ADMIN_PASSWORD": "soak-admin-password"}
        with Server(Path(options.bin_dir).resolve(), "ChatDemo", args, work, env=env) as server, \
                MemorySampler(server, 0.05, options.abort_rss_mib, options.kill_rss_mib) as sampler:
            return _soak(options, context, server, sampler)


def _soak(options, context, server, sampler):
    url = f"http://127.0.0.1:{server.port}"
    chat = setup_chat(server.port, options.clients)
    rss_start = server.memory_kib()[0]
    stop, hostile_stop, memory_high = threading.Event(), context.Event(), context.Event()
    guard = threading.Thread(target=_memory_guard, args=(server, options.abort_rss_mib * 1024, memory_high, stop), daemon=True)
    guard.start()
    listener = Listener(url, chat["listener"], chat["room"])
    listener.start()
    listener.ready.wait(10)
    stats = Stats()
    clients = [GoodClient(url, chat["good"][i], chat["room"], ("websocket", "polling")[i % 2], stats, stop,
                          options.interval, options.reconnect_every) for i in range(options.clients)]
    for client in clients:
        client.start()
    rounds_queue = context.Queue()
    hostile = None
    if not options.no_hostile:
        hostile = context.Process(target=soak_hostile.run, daemon=True, args=(
            server.port, chat["hostile"], rounds_queue, hostile_stop, memory_high, options.round_seconds,
            options.pause_seconds, options.attacker_address))
        hostile.start()
    started = time.monotonic()
    deadline = started + options.minutes * 60
    rounds, next_report = [], started + options.report_every
    while time.monotonic() < deadline and server.alive():
        time.sleep(0.5)
        while not rounds_queue.empty():
            rounds.append(rounds_queue.get())
        if time.monotonic() >= next_report:
            next_report += options.report_every
            emit({"progress_s": round(time.monotonic() - started), "rss_mib": mib(server.memory_kib()[0]),
                  "rss_peak_mib": mib(sampler.peak_kib), "acked": len(stats.acked), "timeouts": stats.timeouts,
                  "unplanned_disconnects": stats.unplanned_disconnects, "hostile_rounds": len(rounds)})
    survived = server.alive()
    hostile_stop.set()
    if hostile is not None:
        hostile.join(90)
        if hostile.is_alive():
            hostile.terminate()
            hostile.join()
    while not rounds_queue.empty():
        rounds.append(rounds_queue.get())
    stop.set()
    for client in clients:
        client.join(30)
    time.sleep(2)
    listener.stop()
    stored = stored_messages(server.port, chat["good"][0], chat["room"]) if server.alive() else None
    return _summary(options, server, sampler, stats, listener, rounds, stored, rss_start, survived, started)


def _summary(options, server, sampler, stats, listener, rounds, stored, rss_start, survived, started):
    acked_ids = set(stats.acked)
    lost = None if stored is None else len(acked_ids - set(stored))
    client_ids = [] if stored is None else [client_id for client_id in stored.values() if client_id]
    duplicated = None if stored is None else len(client_ids) - len(set(client_ids))
    peak = sampler.peak_kib
    everything = stats.latencies["send-message"] + stats.latencies["ping"]
    by_behaviour = {}
    for record in rounds:
        entry = by_behaviour.setdefault(record["behaviour"], {"rounds": 0, "server_closed_rounds": 0, "errors": []})
        entry["rounds"] += 1
        entry["server_closed_rounds"] += bool(record.get("server_closed_after_s") or record.get("closed_by_server"))
        if "error" in record and record["error"] not in entry["errors"]:
            entry["errors"].append(record["error"])
        entry["last"] = {key: value for key, value in record.items() if key not in ("behaviour", "error")}
    summary = {
        "soak_minutes": round((time.monotonic() - started) / 60, 2), "loops": options.loops,
        "good_clients": options.clients, "hostile": not options.no_hostile,
        "ack_latency": latency_summary(everything),
        "send_message_ack_latency": latency_summary(stats.latencies["send-message"]),
        "ping_ack_latency": latency_summary(stats.latencies["ping"]),
        "acked_messages": len(acked_ids), "acked_messages_lost": lost, "stored_duplicate_client_ids": duplicated,
        "acked_not_seen_by_listener": len(acked_ids - listener.received), "listener_disconnects": listener.disconnects,
        "ack_timeouts": stats.timeouts, "ack_errors": stats.ack_errors, "calls_while_disconnected": stats.not_connected,
        "planned_reconnects": stats.planned_reconnects, "unplanned_disconnects": stats.unplanned_disconnects,
        "connect_failures": stats.connect_failures, "hostile_rounds": len(rounds), "hostile_by_behaviour": by_behaviour,
        "rss_start_mib": mib(rss_start), "rss_peak_mib": mib(peak), "vm_hwm_mib": mib(sampler.hwm_kib),
        "rss_end_mib": mib(server.memory_kib()[0]), "rss_budget_mib": options.rss_budget_mib,
        "within_budget": peak <= options.rss_budget_mib * 1024, "server_survived": survived,
        "server_killed_for_memory": sampler.killed,
    }
    summary["exit_code"] = server.stop()
    summary["ok"] = bool(lost == 0 and summary["within_budget"] and survived and summary["exit_code"] == 0)
    emit(summary)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
