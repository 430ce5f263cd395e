#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Side-by-side benchmark: our Socket.IO server against python-socketio and any other server.

    python3 Benchmarks/run.py                                   # ours and python-socketio, every scenario
    python3 Benchmarks/run.py --peer "node=node Benchmarks/peers/node-server.js --port {port} \\
        --ping-interval {ping_interval} --ping-timeout {ping_timeout}"
    python3 Benchmarks/run.py --scenarios echo,fanout --repeat 3 --duration 5

For every scenario, every repetition and every peer (peers interleaved, so that noise from the machine
spreads over all of them), the runner starts the server fresh on a free port, runs the load generator
(`sio-bench`, release build) against it, samples the server's CPU time and memory from /proc, and stops
it. Medians over the repetitions go into docs/performance.md (Markdown tables and an SVG chart, between
markers: the rest of that file is prose and is kept), docs/performance.json (every run) and
docs/performance.svg.

Each peer implements the same contract (Step4's ChatExample): `echo` acknowledges with its arguments,
`broadcast` is re-emitted to everyone. A peer command is a template: `{port}` (required),
`{ping_interval}` and `{ping_timeout}` (milliseconds) are filled in. The command runs without a shell;
its environment is ours (set NODE_PATH before running, for instance).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

import report
from peers_runtime import Peer, ServerProcess, free_port, python_venv

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ["echo", "fanout", "connect", "polling", "idle", "idle-max"]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma-separated, from: " + ", ".join(SCENARIOS))
    parser.add_argument("--peers", default="ours,python", help="built-in peers to run: ours, python")
    parser.add_argument("--peer", action="append", default=[], metavar="NAME=COMMAND",
                        help="another server, e.g. node=node Benchmarks/peers/node-server.js --port {port}")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario and peer; medians are reported")
    parser.add_argument("--duration", type=float, default=5, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=1)
    parser.add_argument("--connections", type=int, default=100, help="echo and polling clients")
    parser.add_argument("--receivers", type=int, default=1000, help="fanout receivers")
    parser.add_argument("--connect-concurrency", type=int, default=64)
    parser.add_argument("--idle-connections", type=int, default=10_000)
    parser.add_argument("--idle-max-connections", type=int, default=19_000)
    parser.add_argument("--idle-max-peers", default="ours", help="peers that run idle-max (comma-separated, or 'all')")
    parser.add_argument("--hold", type=float, default=12, help="idle: seconds to hold the connections")
    parser.add_argument("--ping-interval", type=int, default=5000, help="ms, given to every peer")
    parser.add_argument("--ping-timeout", type=int, default=20000, help="ms, given to every peer")
    parser.add_argument("--crosscheck", action=argparse.BooleanOptionalAction, default=True,
                        help="count acks with the python-socketio client and with sio-bench at a low rate")
    parser.add_argument("--server-bin", help="our server (default: build Step4 in release)")
    parser.add_argument("--bench-bin", help="the load generator (default: build sio-bench in release)")
    parser.add_argument("--scratch-path", help="passed to swift build")
    parser.add_argument("--out", default=str(ROOT / "docs"), help="directory for performance.{md,json,svg}")
    return parser.parse_args()


def swift_build(product, scratch_path):
    """Builds a product in release and returns the binary's path."""
    command = ["swift", "build", "-c", "release", "--product", product]
    if scratch_path:
        command += ["--scratch-path", scratch_path]
    print(f"== building {product} (release)", flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    bin_dir = subprocess.run(command[:4] + command[6:] + ["--show-bin-path"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
    return str(Path(bin_dir) / product)


def make_peers(args, server_bin):
    """The peers to compare, in column order: ours first, then python-socketio, then --peer ones."""
    wanted = [name.strip() for name in args.peers.split(",") if name.strip()]
    peers = []
    if "ours" in wanted:
        peers.append(Peer("ours", [server_bin, "--host", "127.0.0.1", "--port", "{port}", "--quiet",
                                   "--ping-interval", "{ping_interval}", "--ping-timeout", "{ping_timeout}"]))
    if "python" in wanted:
        python = python_venv(ROOT)
        peers.append(Peer("python-socketio", [python, str(ROOT / "Benchmarks/peers/python_server.py"),
                                              "--port", "{port}", "--ping-interval", "{ping_interval}",
                                              "--ping-timeout", "{ping_timeout}"]))
    for spec in args.peer:
        name, _, command = spec.partition("=")
        if not command or "{port}" not in command:
            sys.exit(f"--peer needs NAME=COMMAND with a {{port}} placeholder, got {spec!r}")
        peers.append(Peer(name.strip(), shlex.split(command)))
    return peers


def loader_arguments(scenario, args):
    """The sio-bench command line of one scenario (without --url)."""
    timing = ["--duration", str(args.duration), "--warmup", str(args.warmup)]
    if scenario == "echo":
        return ["echo", "--connections", str(args.connections)] + timing
    if scenario == "polling":
        return ["polling", "--connections", str(args.connections)] + timing
    if scenario == "fanout":
        return ["fanout", "--receivers", str(args.receivers)] + timing
    if scenario == "connect":
        return ["connect", "--concurrency", str(args.connect_concurrency)] + timing
    count = args.idle_connections if scenario == "idle" else args.idle_max_connections
    return ["idle", "--connections", str(count), "--hold", str(args.hold)]


def run_once(peer, scenario, args, bench_bin):
    """Starts `peer` fresh, runs one scenario against it, stops it; returns the loader's result plus the
    server's resource figures."""
    port = free_port()
    with ServerProcess(peer, port, args.ping_interval, args.ping_timeout) as server:
        command = [bench_bin] + loader_arguments(scenario, args) + ["--url", f"ws://127.0.0.1:{port}"]
        if scenario.startswith("idle"):
            command += ["--server-pid", str(server.pid)]
        load_before = os.getloadavg()[0]
        cpu_before = server.cpu_seconds()
        started = time.monotonic()
        loader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = loader.communicate(timeout=args.duration + args.warmup + args.hold + 300)
        except subprocess.TimeoutExpired:
            loader.kill()
            out, err = loader.communicate()
        wall = time.monotonic() - started
        cpu = server.cpu_seconds() - cpu_before
        lines = [line for line in out.splitlines() if line.startswith("{")]
        result = json.loads(lines[-1]) if lines else {"error": (err or out or "no output").strip()[-500:]}
        result.update({
            "peer": peer.name, "scenario_name": scenario, "exit_code": loader.returncode,
            "server_cpu_s": round(cpu, 3), "wall_s": round(wall, 3),
            "server_cpu_percent": round(100 * cpu / wall, 1) if wall > 0 else None,
            "server_peak_rss_kib": server.peak_rss_kib(), "server_alive": server.alive(),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
        })
        if err.strip():
            result["stderr"] = err.strip()[-500:]
        return result


def crosscheck(peer, args, bench_bin):
    """At a low, fixed rate the loader and the python-socketio client must count the same acks."""
    clients, per_client, rate = 10, 40, 200
    port = free_port()
    with ServerProcess(peer, port, args.ping_interval, args.ping_timeout):
        python = python_venv(ROOT)
        reference = subprocess.run(
            [python, str(ROOT / "Benchmarks/peers/python_client_check.py"), "--url", f"http://127.0.0.1:{port}",
             "--clients", str(clients), "--emits", str(per_client), "--rate", str(rate)],
            capture_output=True, text=True, timeout=120)
        ours = subprocess.run(
            [bench_bin, "echo", "--url", f"ws://127.0.0.1:{port}", "--connections", str(clients),
             "--count", str(clients * per_client), "--rate", str(rate), "--duration", "60"],
            capture_output=True, text=True, timeout=120)

    def last_json(text):
        lines = [line for line in text.splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else {}

    python_result, bench_result = last_json(reference.stdout), last_json(ours.stdout)
    expected = clients * per_client
    return {
        "peer": peer.name, "expected": expected,
        "python_client_acks": python_result.get("acks"), "python_client_errors": python_result.get("errors"),
        "sio_bench_acks": bench_result.get("received"), "sio_bench_lost": bench_result.get("lost"),
        "sio_bench_duplicated": bench_result.get("duplicated"), "sio_bench_unexpected": bench_result.get("unexpected"),
        "agree": python_result.get("acks") == bench_result.get("received") == expected,
    }


def summarize(runs):
    """Medians per (scenario, peer) over the repetitions, and the sums of the checks."""
    groups = {}
    for run in runs:
        groups.setdefault((run["scenario_name"], run["peer"]), []).append(run)
    summary = {}
    for (scenario, peer), group in groups.items():
        def median(getter):
            values = [getter(run) for run in group if getter(run) is not None]
            return statistics.median(values) if values else None

        latency = lambda key: median(lambda run: run.get("latency_us", {}).get(key))  # noqa: E731
        summary.setdefault(scenario, {})[peer] = {
            "runs": len(group),
            "rate": median(lambda run: run.get("rate")),
            "p50_us": latency("p50"), "p90_us": latency("p90"), "p99_us": latency("p99"), "max_us": latency("max"),
            "server_cpu_percent": median(lambda run: run.get("server_cpu_percent")),
            "server_peak_rss_kib": median(lambda run: run.get("server_peak_rss_kib")),
            "loader_cpu_s": median(lambda run: run.get("loader_cpu_s")),
            "rss_per_connection_bytes": median(lambda run: run.get("rss_per_connection_bytes")),
            "connected": median(lambda run: run.get("connected")),
            "all_held": all(run.get("all_held", True) for run in group),
            "lost": sum(run.get("lost", 0) for run in group),
            "duplicated": sum(run.get("duplicated", 0) for run in group),
            "unexpected": sum(run.get("unexpected", 0) for run in group),
            "failures": sum(run.get("failures", 0) for run in group),
            "errors": [run["error"] for run in group if "error" in run],
            "load": median(lambda run: run.get("load_before")),
        }
    return summary


def main():
    args = parse_arguments()
    scenarios = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        sys.exit(f"unknown scenarios: {', '.join(sorted(unknown))}")
    server_bin = args.server_bin or swift_build("Step4", args.scratch_path)
    bench_bin = args.bench_bin or swift_build("sio-bench", args.scratch_path)
    peers = make_peers(args, server_bin)
    idle_max_peers = {peer.name for peer in peers} if args.idle_max_peers == "all" else {
        {"python": "python-socketio"}.get(name.strip(), name.strip()) for name in args.idle_max_peers.split(",")}
    environment = report.environment(ROOT, peers, args, sys.argv)

    runs = []
    for scenario in scenarios:
        for repetition in range(args.repeat):
            for peer in peers:
                if scenario == "idle-max" and peer.name not in idle_max_peers:
                    continue
                print(f"== {scenario} #{repetition + 1} {peer.name} (load {os.getloadavg()[0]:.2f})", flush=True)
                try:
                    result = run_once(peer, scenario, args, bench_bin)
                except RuntimeError as error:
                    result = {"peer": peer.name, "scenario_name": scenario, "error": str(error)}
                result["repetition"] = repetition + 1
                runs.append(result)
                print("   " + report.one_line(result), flush=True)

    checks = []
    if args.crosscheck:
        for peer in peers:
            print(f"== cross-check {peer.name}", flush=True)
            try:
                checks.append(crosscheck(peer, args, bench_bin))
            except (RuntimeError, subprocess.SubprocessError) as error:
                checks.append({"peer": peer.name, "expected": None, "python_client_acks": None,
                               "sio_bench_acks": None, "agree": False, "error": str(error)})
            print(f"   {checks[-1]}", flush=True)

    environment["load_end"] = [round(value, 2) for value in os.getloadavg()]
    summary = summarize(runs)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    document = {"environment": environment, "summary": summary, "crosscheck": checks, "runs": runs}
    (out / "performance.json").write_text(json.dumps(document, indent=1) + "\n")
    (out / "performance.svg").write_text(report.svg_chart(summary, [peer.name for peer in peers]))
    report.write_markdown(out / "performance.md", document, [peer.name for peer in peers])
    print(f"== wrote {out / 'performance.md'}, performance.json, performance.svg")


if __name__ == "__main__":
    main()
