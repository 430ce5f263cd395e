#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""100,000 WebSocket clients across several Step5 processes that share one Redis (issue 18, "Past one process").

    swift build -c release --product Step5 && swift build -c release --product sio-bench
    python3 Benchmarks/scale_out.py                       # 100,000 clients, 6 servers, 6 loaders, 5-minute hold
    python3 Benchmarks/scale_out.py --clients 3000 --hold-seconds 20      # a quick look

It starts redis-server on a free port, `--servers` Step5 processes (`--redis`, one loop each) and `--loaders`
`sio-bench hold` processes; each loader holds its share of the clients, spread over every server in turn, each
client authenticated by a development token in its CONNECT (`{"token":...}`). A process may open 20,000 files
here, which bounds both sides: a server holds its 1/N of the clients (and its listener, its two Redis
connections), a loader its share. Once every loader has reported its clients connected, the hold starts; during
it, `--broadcasts` announcements are posted to the servers in turn (`POST /announcements`, audience everyone),
each stamped with CLOCK_MONOTONIC (one clock for every process of the machine) and emitted to every process
through Redis. At the end the loaders are stopped with SIGTERM and report.

The run passes when every client connected and none was disconnected during the hold, and every broadcast
reached every client exactly once (per-client bits in the loader: a second copy counts as duplicated, a missing
one shows as a count below the number of clients). Printed: a table; written: `--out` (JSON).
"""
import argparse
import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_processes import Processes, cpu_seconds, open_files, proc_status, tcp_memory_mib  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Seconds of CPU readings on each side of a broadcast; broadcasts closer than twice this get no CPU figure.
CPU_WINDOW = 5


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--servers", type=int, default=6, help="Step5 processes (each holds clients/servers)")
    parser.add_argument("--loaders", type=int, default=6, help="sio-bench processes (each holds clients/loaders)")
    parser.add_argument("--hold-seconds", type=float, default=300)
    parser.add_argument("--broadcasts", type=int, default=3, help="announcements during the hold (at most 64)")
    parser.add_argument("--concurrency", type=int, default=128, help="handshakes in flight per loader")
    parser.add_argument("--connect-timeout", type=float, default=600, help="seconds for every client to connect")
    parser.add_argument("--server-arg", action="append", default=[], help="an extra Step5 argument (repeatable)")
    parser.add_argument("--bin-dir", default=str(ROOT / ".build/release"))
    parser.add_argument("--out", default="/tmp/scale_out.json")
    options = parser.parse_args()
    if not 1 <= options.broadcasts <= 64:
        parser.error("--broadcasts is 1...64 (one bit per broadcast per client in the loader)")
    if options.clients / options.servers > 19_900 or options.clients / options.loaders > 19_900:
        parser.error("a process here opens at most 20,000 files: use more --servers / --loaders")
    return options


def shares(total, parts):
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def memory(processes):
    """Total VmRSS and the sum of each one's VmHWM (peak), in MiB."""
    return {"rss_mib": round(sum(proc_status(p.pid, "VmRSS") for p in processes) / 1024, 1),
            "peak_mib": round(sum(proc_status(p.pid, "VmHWM") for p in processes) / 1024, 1)}


def announce(port, sequence):
    """Posts broadcast `sequence`, stamped now, to the server on `port`; the stamp is the time before the POST."""
    sent_at = time.monotonic_ns()
    body = json.dumps({"text": f"b{sequence}t{sent_at}", "audience": "everyone"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/announcements", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
    return {"sequence": sequence, "server": port, "post_ms": round((time.monotonic_ns() - sent_at) / 1e6, 1)}


def percentile(buckets, count, percent):
    """The same rank rule as the loader's LatencyHistogram, over the merged buckets."""
    rank, seen = max(1, -(-int(percent * count) // 100)), 0
    for value, bucket_count in buckets:
        seen += bucket_count
        if seen >= rank:
            return value
    return 0


def wait_connected(loaders, timeout):
    deadline, reports = time.monotonic() + timeout, {}
    while len(reports) < len(loaders):
        for index, (process, _, events) in enumerate(loaders):
            while not events.empty():
                event = events.get()
                if event.get("phase") == "connected":
                    reports[index] = event
                else:
                    print(f"loader {index}: {event}", file=sys.stderr)
            if process.poll() is not None and index not in reports:
                raise RuntimeError(f"loader {index} exited with {process.returncode} while connecting")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(reports)} of {len(loaders)} loaders connected within {timeout} s")
        time.sleep(0.2)
    return [reports[index] for index in range(len(loaders))]


def hold(options, servers, loaders, server_procs, loader_procs):
    """The hold: broadcasts at even intervals, a progress line every 30 s; returns the broadcasts posted.

    The CPU of all servers and of all loaders is read `CPU_WINDOW` s before each broadcast, when it is posted and
    `CPU_WINDOW` s after: the second window minus the first (heartbeats only) is what the broadcast cost."""
    start, posted = time.monotonic(), []
    plan = [start + options.hold_seconds * (index + 1) / (options.broadcasts + 1) for index in range(options.broadcasts)]
    readings = sorted((at + offset, index, label) for index, at in enumerate(plan)
                      for offset, label in ((-CPU_WINDOW, "before"), (CPU_WINDOW, "after")))
    cpu = [{} for _ in plan]
    next_progress = start + 30
    while time.monotonic() < start + options.hold_seconds:
        now = time.monotonic()
        if readings and now >= readings[0][0]:
            _, index, label = readings.pop(0)
            cpu[index][label] = cpu_reading(server_procs, loader_procs)
        if plan and now >= plan[0]:
            plan.pop(0)
            cpu[len(posted)]["post"] = cpu_reading(server_procs, loader_procs)
            posted.append(announce(servers[len(posted) % len(servers)][1], len(posted)))
        if now >= next_progress:
            next_progress += 30
            print(f"  {now - start:5.0f} s: servers {memory(server_procs)['rss_mib']} MiB, "
                  f"loaders {memory(loader_procs)['rss_mib']} MiB", file=sys.stderr)
        for index, (process, _, _) in enumerate(loaders):
            if process.poll() is not None:
                raise RuntimeError(f"loader {index} exited with {process.returncode} during the hold")
        time.sleep(0.05)
    for broadcast, reading in zip(posted, cpu):
        if len(reading) == 3:
            broadcast["cpu_us_per_delivery"] = {
                side: round(((reading["after"][side] - reading["post"][side])
                             - (reading["post"][side] - reading["before"][side])) / options.clients * 1e6, 1)
                for side in ("servers", "loaders")}
    return posted


def cpu_reading(server_procs, loader_procs):
    return {"servers": sum(cpu_seconds(p.pid) for p in server_procs),
            "loaders": sum(cpu_seconds(p.pid) for p in loader_procs)}


def run(options, processes):
    redis, redis_port = processes.redis()
    servers = processes.servers(options.servers, redis_port, options.server_arg)
    server_procs = [process for process, _, _ in servers]
    urls = [f"ws://127.0.0.1:{port}/socket.io/" for _, port, _ in servers]
    token = processes.token()
    rss_idle = memory(server_procs)
    began = time.monotonic()
    # The loaders' own hold is a safety net: the runner stops them with SIGTERM when its hold ends.
    loaders = processes.loaders(shares(options.clients, options.loaders), urls, token,
                                options.connect_timeout + options.hold_seconds + 120, options.concurrency)
    loader_procs = [process for process, _, _ in loaders]
    connected = wait_connected(loaders, options.connect_timeout)
    connect_s = time.monotonic() - began
    at_connected = {"servers": memory(server_procs), "loaders": memory(loader_procs),
                    "server_open_files": [open_files(p.pid) for p in server_procs], "tcp_kernel_mib": round(tcp_memory_mib(), 1)}
    print(f"connected {sum(r['connected'] for r in connected)} clients in {connect_s:.1f} s; holding "
          f"{options.hold_seconds:.0f} s", file=sys.stderr)
    posted = hold(options, servers, loaders, server_procs, loader_procs)
    at_end = {"servers": memory(server_procs), "loaders": memory(loader_procs), "redis": memory([redis]),
              "server_cpu_s": round(sum(cpu_seconds(p.pid) for p in server_procs), 1)}
    for process in loader_procs:
        process.terminate()
    for process in loader_procs:
        process.wait(timeout=60)
    time.sleep(0.5)  # the reader threads take the last line
    reports = [output[-1] if output else {"missing": True} for _, output, _ in loaders]
    return summarize(options, reports, posted, connect_s, rss_idle, at_connected, at_end)


def summarize(options, reports, posted, connect_s, rss_idle, at_connected, at_end):
    total = lambda key: sum(r.get(key, 0) for r in reports)  # noqa: E731
    per_broadcast = [0] * len(posted)
    buckets = {}
    for report in reports:
        for sequence, count in enumerate(int(c) for c in report.get("deliveries", "").split(",") if c):
            if sequence < len(per_broadcast):
                per_broadcast[sequence] += count
        for value, count in report.get("latency_buckets", []):
            buckets[value] = buckets.get(value, 0) + count
    merged, count = sorted(buckets.items()), sum(buckets.values())
    latency = {f"p{p}": round(percentile(merged, count, p) / 1000, 1) for p in (50, 90, 99)}
    latency["max"] = round(max(r.get("latency_us", {}).get("max", 0) for r in reports) / 1000, 1)
    summary = {
        "clients": options.clients, "servers": options.servers, "loaders": options.loaders,
        "hold_s": options.hold_seconds, "connected": total("connected"), "connect_s": round(connect_s, 1),
        "still_connected": total("still_connected"), "disconnects": total("dropped"), "failures": total("failures"),
        "pings_answered": total("pings_answered"), "broadcasts": posted, "deliveries_per_broadcast": per_broadcast,
        "duplicated": total("duplicated"), "unexpected": total("unexpected"), "latency_ms": latency,
        "rss_mib": {"servers_idle": rss_idle["rss_mib"], "servers_connected": at_connected["servers"]["rss_mib"],
                    "servers_end": at_end["servers"]["rss_mib"], "servers_peak": at_end["servers"]["peak_mib"],
                    "loaders_connected": at_connected["loaders"]["rss_mib"], "loaders_end": at_end["loaders"]["rss_mib"],
                    "redis_end": at_end["redis"]["rss_mib"]},
        "tcp_kernel_mib": at_connected["tcp_kernel_mib"], "server_open_files": at_connected["server_open_files"],
        "server_cpu_s": at_end["server_cpu_s"], "loader_cpu_s": round(total("loader_cpu_s"), 1),
        "problems": [p for r in reports for p in r.get("problems", [])][:10],
    }
    summary["passed"] = (summary["connected"] == options.clients and summary["still_connected"] == options.clients
                         and summary["disconnects"] == 0 and summary["failures"] == 0 and summary["duplicated"] == 0
                         and summary["unexpected"] == 0 and all(c == options.clients for c in per_broadcast))
    return summary


def table(summary):
    rss = summary["rss_mib"]
    rows = [
        ("clients connected", f"{summary['connected']:,} of {summary['clients']:,} "
                              f"({summary['servers']} servers, {summary['loaders']} loaders) in {summary['connect_s']} s"),
        ("held", f"{summary['hold_s']:.0f} s: {summary['still_connected']:,} still connected, "
                 f"{summary['disconnects']} disconnects, {summary['failures']} failures"),
        ("deliveries per broadcast", ", ".join(f"{c:,}" for c in summary["deliveries_per_broadcast"])),
        ("duplicated / unexpected", f"{summary['duplicated']} / {summary['unexpected']}"),
        ("delivery latency", "p50 {p50} ms, p90 {p90} ms, p99 {p99} ms, max {max} ms".format(**summary["latency_ms"])),
        ("server RSS (all)", f"{rss['servers_idle']} MiB idle, {rss['servers_connected']} connected, "
                             f"{rss['servers_end']} at the end (peak {rss['servers_peak']})"),
        ("loader RSS (all)", f"{rss['loaders_connected']} MiB connected, {rss['loaders_end']} at the end"),
        ("redis RSS", f"{rss['redis_end']} MiB"),
        ("kernel TCP memory", f"{summary['tcp_kernel_mib']} MiB"),
        ("CPU", f"servers {summary['server_cpu_s']} s, loaders {summary['loader_cpu_s']} s"),
        ("CPU per delivery (µs)", ", ".join("servers {servers}, loaders {loaders}".format(**b["cpu_us_per_delivery"])
                                            for b in summary["broadcasts"] if "cpu_us_per_delivery" in b)),
        ("passed", str(summary["passed"])),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main():
    options = arguments()
    work_dir = tempfile.mkdtemp(prefix="scale-out-")
    processes = Processes(work_dir, options.bin_dir)
    try:
        summary = run(options, processes)
    finally:
        processes.stop_all()
    summary["logs"] = work_dir
    Path(options.out).write_text(json.dumps(summary, indent=2) + "\n")
    print(table(summary))
    print(f"written: {options.out}")
    return 0 if summary["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
