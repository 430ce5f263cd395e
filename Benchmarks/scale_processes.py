# SPDX-License-Identifier: MIT
"""The processes of scale_out.py: one redis-server, the Step5 servers, the sio-bench loaders, and what /proc
says about them. Standard library only."""
import json
import os
import queue
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from peers_runtime import free_port

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def proc_status(pid, field):
    """A `kB` field of /proc/<pid>/status (VmRSS, VmHWM) in KiB, 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid):
    """utime + stime of every thread of the process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except OSError:
        return 0.0


def open_files(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def tcp_memory_mib():
    """Kernel memory of every TCP socket of the machine (`mem` of /proc/net/sockstat, in pages): socket buffers,
    which no process's RSS shows."""
    for line in Path("/proc/net/sockstat").read_text().splitlines():
        if line.startswith("TCP:"):
            fields = line.split()
            return int(fields[fields.index("mem") + 1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return 0.0


def wait_listening(process, port, name, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not listen on :{port} within {timeout} s; see {log}")


def redis_command(port, *words):
    """One Redis command over a fresh connection (RESP), its reply as text."""
    request = f"*{len(words)}\r\n" + "".join(f"${len(w.encode())}\r\n{w}\r\n" for w in words)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request.encode())
        reply = b""
        while b"\r\n" not in reply or not _complete(reply):
            chunk = connection.recv(65536)
            if not chunk:
                break
            reply += chunk
    return reply.decode()


def _complete(reply):
    """A simple reply (`+OK`, `:3`) ends with its first line; a bulk string (`$N`) after N more bytes."""
    header, _, rest = reply.partition(b"\r\n")
    return not header.startswith(b"$") or len(rest) >= int(header[1:]) + 2


class Processes:
    """Everything the run starts, killed (each by its own pid) when the run ends, whatever happened."""

    def __init__(self, work_dir, bin_dir):
        self.work_dir = Path(work_dir)
        self.bin_dir = Path(bin_dir)
        self.started = []

    def popen(self, name, argv, **kwargs):
        log = self.work_dir / f"{name}.log"
        if "stdout" not in kwargs:
            kwargs["stdout"] = open(log, "wb")
            kwargs["stderr"] = subprocess.STDOUT
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, **kwargs)
        self.started.append(process)
        return process, log

    def redis(self):
        port = free_port()
        process, log = self.popen("redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                            "--appendonly", "no", "--dir", str(self.work_dir)])
        wait_listening(process, port, "redis-server", log)
        return process, port

    def servers(self, count, redis_port, extra):
        servers = []
        for index in range(count):
            port = free_port()
            argv = [str(self.bin_dir / "Step5"), "--host", "127.0.0.1", "--port", str(port), "--quiet",
                    "--redis", f"redis://127.0.0.1:{redis_port}", *extra]
            process, log = self.popen(f"step5-{index}", argv)
            servers.append((process, port, log))
        for index, (process, port, log) in enumerate(servers):
            wait_listening(process, port, f"Step5 #{index}", log)
        # Each server is a cluster node once both its Redis connections (publisher, subscriber) are up.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            info = redis_command(redis_port, "INFO", "clients")
            connected = int(info.split("connected_clients:")[1].split()[0]) - 1
            if connected >= 2 * count:
                return servers
            time.sleep(0.2)
        raise RuntimeError(f"only {connected} of {2 * count} Redis connections of the servers came up")

    def token(self):
        output = subprocess.run([str(self.bin_dir / "Step5"), "--print-token", "bench", "--group", "bench"],
                                check=True, capture_output=True, text=True).stdout
        return output.strip().splitlines()[-1]

    def loaders(self, counts, urls, token, hold, concurrency):
        """One sio-bench `hold` per count; returns (process, stdout lines, stderr queue) each."""
        loaders = []
        for index, count in enumerate(counts):
            argv = [str(self.bin_dir / "sio-bench"), "hold", "--url", ",".join(urls), "--connections", str(count),
                    "--hold", str(hold), "--auth", json.dumps({"token": token}), "--concurrency", str(concurrency)]
            process, _ = self.popen(f"loader-{index}", argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            events, output = queue.Queue(), []
            threading.Thread(target=_read_json_lines, args=(process.stderr, events.put), daemon=True).start()
            threading.Thread(target=_read_json_lines, args=(process.stdout, output.append), daemon=True).start()
            loaders.append((process, output, events))
        return loaders

    def stop_all(self):
        for process in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _read_json_lines(stream, sink):
    """Feeds every JSON line of `stream` to `sink`; other lines as {"line": text}."""
    for raw in stream:
        text = raw.decode(errors="replace").strip()
        if not text:
            continue
        try:
            sink(json.loads(text))
        except ValueError:
            sink({"line": text})
