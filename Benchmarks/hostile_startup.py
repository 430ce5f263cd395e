# SPDX-License-Identifier: MIT
"""hostile.py's start-up observations: ChatDemo's files and secrets, a tiny --max-payload, a busy port."""
import re
import secrets
import socket
import stat
import subprocess
import time

from hostile_sockets import single_websocket
from hostile_support import Server, emit, free_port
from raw_clients import ConnectionClosed, engine_websocket, http_request

CONNECT_CYCLES = 50


def files(options):
    """Observation 6: ChatDemo on an existing 0755 --data directory, the first admin's password in the
    environment: the modes of what it creates, whether the password leaks to the console or the logs, and
    how many log bytes one connect/disconnect cycle costs."""
    data = options.work_dir / "data-files"
    data.mkdir()
    data.chmod(0o755)
    password = "hostile-secret-" + secrets.token_hex(8)
    env = {"CHATDEMO_ADMIN_PASSWORD": password}
    with Server(options.bin_dir, "ChatDemo", ["--data", str(data)], options.work_dir, env=env) as server:
        logs_before, console_before = _log_bytes(data), _console_bytes(server)
        cycles = _connect_cycles(server.port, CONNECT_CYCLES)
        time.sleep(0.5)
        logs_after, console_after = _log_bytes(data), _console_bytes(server)
        modes = {path.relative_to(data).as_posix() or ".": oct(stat.S_IMODE(path.stat().st_mode))
                 for path in [data, *sorted(data.rglob("*"))]}
        exit_code = server.stop()
        log_text = "".join(p.read_text(errors="replace") for p in (data / "logs").glob("*") if p.is_file())
        emit({"observation": "files", "server": "ChatDemo", "umask": "0o022", "modes": modes,
              "password_in_stdout": password in server.stdout_text(), "password_in_stderr": password in server.stderr_text(),
              "password_in_log_files": password in log_text, "connect_cycles": cycles,
              "log_file_bytes_per_cycle": round((logs_after - logs_before) / max(cycles, 1), 1),
              "console_bytes_per_cycle": round((console_after - console_before) / max(cycles, 1), 1),
              "exit_code": exit_code})


def _log_bytes(data):
    return sum(path.stat().st_size for path in (data / "logs").rglob("*") if path.is_file())


def _console_bytes(server):
    return server.stdout_path.stat().st_size + server.stderr_path.stat().st_size


def _connect_cycles(port, count):
    """WebSocket, CONNECT `/` without a token, wait for the answer, close: `count` times. Returns how many
    completed."""
    completed = 0
    for _ in range(count):
        try:
            ws, _ = engine_websocket(port, "/socket.io/")
            ws.send_text("40")
            ws.receive()
            ws.close()
            completed += 1
        except (ConnectionClosed, OSError, TimeoutError):
            pass
    return completed


SERVERS = ["Step1", "Step2", "Step3", "Step4", "Step5", "ChatDemo"]


def startup(options):
    """Observation 7: Step3 with --max-payload 100 then one WebSocket; then every server on a busy port."""
    with Server(options.bin_dir, "Step3", ["--max-payload", "100"], options.work_dir) as server:
        result = single_websocket(server.port, "/engine.io/", "4" + "x" * 50)
        time.sleep(0.5)
        alive = server.alive()
        handshake_status, handshake, _ = http_request(server.port, "GET", "/engine.io/?EIO=4&transport=polling", timeout=5) \
            if alive else (None, b"", 0)
        exit_code = server.stop()
        emit({"observation": "startup", "server": "Step3", "variant": "max-payload-100-then-one-websocket",
              **result, "server_alive_after": alive, "polling_handshake_status": handshake_status,
              "polling_handshake": handshake[:200].decode(errors="replace"), "exit_code": exit_code,
              "stderr_first_line": _first_line(server.stderr_text()), "crash_site": _crash_site(server.stderr_text()),
              "stderr_lines": len(server.stderr_text().splitlines())})
    for name in SERVERS:
        _busy_port(options, name)


def _busy_port(options, name):
    holder = socket.socket()
    holder.bind(("127.0.0.1", free_port()))
    holder.listen()
    port = holder.getsockname()[1]
    args = ["--data", str(options.work_dir / "data-busy")] if name == "ChatDemo" else []
    server = Server(options.bin_dir, name, args, options.work_dir, port=port, wait=False)
    try:
        with server:
            try:
                server.process.wait(timeout=10)
                exited = True
            except subprocess.TimeoutExpired:
                exited = False
    finally:
        holder.close()
    stderr = server.stderr_text()
    emit({"observation": "startup", "server": name, "variant": "busy-port", "exited_by_itself": exited,
          "exit_code": server.exit_code, "stderr_lines": len(stderr.splitlines()),
          "stderr_first_line": _first_line(stderr),
          "stdout_lines": len(server.stdout_text().splitlines())})



def _first_line(text):
    """The line that says what went wrong: a Swift `Fatal error` or runtime failure line if there is one, else
    the first line."""
    lines = [line for line in text.splitlines() if line.strip()]
    fatal = [line for line in lines if "Fatal error" in line or "runtime failure" in line]
    chosen = fatal or lines
    return chosen[0][:200] if chosen else None


def _crash_site(text):
    """The first frame of a Swift backtrace that is in the project's sources (None without a backtrace)."""
    frames = [re.search(r"0x[0-9a-f]+ (.*)$", line) for line in text.splitlines() if "Sources/" in line]
    frames = [frame.group(1) for frame in frames if frame]
    return frames[0][:200] if frames else None
