# SPDX-License-Identifier: MIT
"""What hostile.py and soak.py share: starting a server on a free loopback port, sampling its memory from
/proc, the JSON output, and `flood`, the writer that never reads (the raw clients are in raw_clients.py).

Standard library only. Every process started here is stopped by the `with` block that started it.
"""
import json
import os
import select
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from peers_runtime import Peer, ServerProcess, free_port

START_TIMEOUT = 30.0
# Memory still held this far above the start `after_close` seconds after the attacker left earns a second reading.
SETTLE_MIB = 64


def emit(record):
    """One measurement: one JSON line on stdout."""
    print(json.dumps(record, sort_keys=False), flush=True)


def add_common_arguments(parser, binaries):
    """The flags hostile.py and soak.py share: where the servers are, the memory limits, the attackers' address."""
    parser.add_argument("--bin-dir", default=".build/release", help=f"where {binaries} were built")
    parser.add_argument("--abort-rss-mib", type=int, default=3072, help="end the current attack when the server's RSS passes this")
    parser.add_argument("--kill-rss-mib", type=int, default=4096, help="SIGKILL the server past this RSS")
    parser.add_argument("--attacker-address", default="127.0.0.2",
                        help="source address of the password guesses (good clients come from 127.0.0.1)")


def mib(kib):
    return None if kib is None else round(kib / 1024, 1)


def percentile(values, fraction):
    """The nearest-rank percentile of `values` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))]


def latency_summary(seconds):
    """p50 / p99 / max of latencies given in seconds, in milliseconds."""
    as_ms = [s * 1000 for s in seconds]
    return {"count": len(as_ms), "p50_ms": _round(percentile(as_ms, 0.5)), "p99_ms": _round(percentile(as_ms, 0.99)),
            "max_ms": _round(max(as_ms) if as_ms else None)}


def _round(value):
    return None if value is None else round(value, 1)


class Server(ServerProcess):
    """One server process, `<bin-dir>/<name> --host 127.0.0.1 --port <free> args...`, started on enter and
    stopped (run.py's ServerProcess: SIGTERM, then SIGKILL after 10 s) on exit. Its stdout and stderr go to
    separate files in `work_dir`, and it need not be listening (`wait=False`) for the start-up checks."""

    def __init__(self, bin_dir, name, args=(), work_dir=None, env=None, port=None, wait=True):
        super().__init__(Peer(name, [str(Path(bin_dir) / name)]), port or free_port(), None, None)
        self.binary = Path(bin_dir) / name
        self.name = name
        self.args = list(args)
        self.env = env
        self.wait = wait
        self.exit_code = None
        work_dir = Path(work_dir or "/tmp")
        self.stdout_path = work_dir / f"{name}-{self.port}.stdout"
        self.stderr_path = work_dir / f"{name}-{self.port}.stderr"

    def __enter__(self):
        if not self.binary.exists():
            raise SystemExit(f"{self.binary} does not exist: swift build -c release first")
        environment = dict(os.environ)
        environment.update(self.env or {})
        self._stdout = open(self.stdout_path, "wb")
        self._stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(
            [str(self.binary), "--host", "127.0.0.1", "--port", str(self.port), *self.args],
            stdout=self._stdout, stderr=self._stderr, stdin=subprocess.DEVNULL, env=environment,
            start_new_session=True)
        if self.wait:
            self._wait_until_listening()
        return self

    def _wait_until_listening(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}: {self.stderr_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                time.sleep(0.2)
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not listen on 127.0.0.1:{self.port} within {START_TIMEOUT} s")

    def __exit__(self, *exc):
        self.stop()
        return False

    def stop(self):
        """SIGTERM and wait (SIGKILL after 10 s); returns the exit code (negative: killed by that signal)."""
        super().__exit__(None, None, None)
        if self.process is not None:
            self.exit_code = self.process.returncode
        for handle in (getattr(self, "_stdout", None), getattr(self, "_stderr", None)):
            if handle and not handle.closed:
                handle.close()
        return self.exit_code

    def stdout_text(self):
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def stderr_text(self):
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def memory_kib(self):
        """(VmRSS, VmHWM) in KiB, or (None, None) once the process is gone."""
        try:
            fields = dict(line.split(":", 1) for line in Path(f"/proc/{self.pid}/status").read_text().splitlines())
            return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
        except (OSError, KeyError, ValueError):
            return None, None


class MemorySampler:
    """Samples a server's VmRSS every `interval` seconds on a thread. `over_limit` is set once RSS passes
    `abort_mib` (the attacker must then stop); past `kill_mib` the server is killed to protect the machine."""

    def __init__(self, server, interval=0.05, abort_mib=3072, kill_mib=4096):
        self.server = server
        self.interval = interval
        self.abort_kib = abort_mib * 1024
        self.kill_kib = kill_mib * 1024
        self.over_limit = threading.Event()
        self.killed = False
        self.peak_kib = 0
        self.hwm_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False

    def reset_peak(self):
        self.peak_kib = self.server.memory_kib()[0] or 0

    def _run(self):
        while not self._stop.is_set():
            rss, hwm = self.server.memory_kib()
            if rss is not None:
                self.peak_kib = max(self.peak_kib, rss)
                self.hwm_kib = max(self.hwm_kib, hwm)
                if rss > self.abort_kib:
                    self.over_limit.set()
                if rss > self.kill_kib and not self.killed:
                    self.killed = True
                    os.killpg(self.server.pid, signal.SIGKILL)
            self._stop.wait(self.interval)


class Measurement:
    """The memory side of one attack: RSS at start, peak during, RSS `after_close` seconds after the attacker
    closed (call `closed()` when it has), VmHWM. `fields()` gives them as JSON-ready MiB figures."""

    def __init__(self, server, sampler, after_close=3.0):
        self.server = server
        self.sampler = sampler
        self.after_close = after_close
        self.started = time.monotonic()
        self.rss_start = server.memory_kib()[0]
        sampler.reset_peak()
        self.peak_during = None
        self.rss_after = None
        self.settle = 7.0
        self.rss_settled = None

    def elapsed(self):
        return round(time.monotonic() - self.started, 3)

    def closed(self):
        """Call when the attacker has closed: waits `after_close` seconds and reads RSS; if the server still
        holds more than SETTLE_MIB over the start, reads it again `settle` seconds later (slow to free, or kept?)."""
        self.peak_during = self.sampler.peak_kib
        time.sleep(self.after_close)
        self.rss_after = self.server.memory_kib()[0]
        if self.rss_after and self.rss_start and self.rss_after - self.rss_start > SETTLE_MIB * 1024:
            time.sleep(self.settle)
            self.rss_settled = self.server.memory_kib()[0]

    def fields(self):
        return {"rss_start_mib": mib(self.rss_start), "rss_peak_mib": mib(self.peak_during or self.sampler.peak_kib),
                "vm_hwm_mib": mib(self.sampler.hwm_kib), f"rss_{self.after_close:g}s_after_close_mib": mib(self.rss_after),
                "rss_kept_mib": mib(self.rss_after - self.rss_start) if self.rss_after and self.rss_start else None,
                f"rss_{self.after_close + self.settle:g}s_after_close_mib": mib(self.rss_settled),
                "rss_limit_hit": self.sampler.over_limit.is_set(), "server_killed_for_memory": self.sampler.killed,
                "server_alive": self.server.alive()}


def flood(sockets, blobs, deadline, sampler, stop_when_sent=False):
    """Writes `blobs[i]` to `sockets[i]` over and over (or once, with `stop_when_sent`) without ever reading,
    as fast as the kernel takes it, until `deadline` or the sampler's memory limit. Returns bytes sent per
    socket and, per socket, the seconds after which the server closed it (None: still open)."""
    started = time.monotonic()
    poller = select.poll()
    states = {}
    for index, (sock, blob) in enumerate(zip(sockets, blobs)):
        sock.setblocking(False)
        poller.register(sock, select.POLLOUT | select.POLLRDHUP | select.POLLERR | select.POLLHUP)
        states[sock.fileno()] = {"index": index, "view": memoryview(blob), "offset": 0, "sent": 0, "closed": None}
    open_count = len(states)
    while open_count and time.monotonic() < deadline and not sampler.over_limit.is_set():
        for fd, events in poller.poll(100):
            state = states[fd]
            sock = sockets[state["index"]]
            if events & (select.POLLRDHUP | select.POLLERR | select.POLLHUP):
                state["closed"] = round(time.monotonic() - started, 3)
            elif events & select.POLLOUT:
                try:
                    written = sock.send(state["view"][state["offset"]:])
                except BlockingIOError:
                    continue
                except OSError:
                    state["closed"] = round(time.monotonic() - started, 3)
                else:
                    state["sent"] += written
                    state["offset"] += written
                    if state["offset"] == len(state["view"]):
                        state["offset"] = 0
                        if stop_when_sent:
                            state["closed"] = "done"
            if state["closed"] is not None:
                poller.unregister(fd)
                open_count -= 1
    if stop_when_sent:
        _watch_for_close(sockets, states, deadline, sampler, started)
    ordered = sorted(states.values(), key=lambda state: state["index"])
    return [s["sent"] for s in ordered], [None if s["closed"] == "done" else s["closed"] for s in ordered]


def _watch_for_close(sockets, states, deadline, sampler, started):
    """After every blob was sent: keep the sockets open (unread) until `deadline`, noting server closes."""
    poller = select.poll()
    for state in states.values():
        if state["closed"] in (None, "done"):
            state["closed"] = None
            poller.register(sockets[state["index"]], select.POLLRDHUP | select.POLLERR | select.POLLHUP)
    by_fd = {sockets[s["index"]].fileno(): s for s in states.values()}
    while time.monotonic() < deadline and not sampler.over_limit.is_set():
        for fd, _ in poller.poll(100):
            by_fd[fd]["closed"] = round(time.monotonic() - started, 3)
            poller.unregister(fd)
