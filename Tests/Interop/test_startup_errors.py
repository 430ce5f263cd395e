# SPDX-License-Identifier: MIT
"""Start-up errors of every executable: a bad setting is one line on stderr and exit code 2, a port that is
already taken one line and exit code 1; never a crash with a backtrace. And the step 3 exercise: with
`--max-payload 100`, control frames (up to 125 bytes, RFC 6455 §5.5) still pass while a longer data
message is closed with 1009. Standard library only."""

import base64
import os
import socket
import struct
import subprocess

import pytest

from conftest import _bin_dir

STEPS = ["Step1", "Step2", "Step3", "Step4", "Step5"]


def run_until_exit(name, *args, env=None, tmp_path=None):
    """Runs an executable expecting it to refuse to start; returns (exit code, stderr lines)."""
    extra = ["--data", str(tmp_path / "data")] if name == "ChatDemo" else []
    completed = subprocess.run(
        [str(_bin_dir() / name), *extra, *args], capture_output=True, text=True, timeout=30,
        stdin=subprocess.DEVNULL, env=dict(os.environ, **(env or {})))
    return completed.returncode, completed.stderr.strip().splitlines()


BAD_SETTINGS = [
    ("Step1", ["--port", "-1"], "Step1: invalid --port '-1' (expected a whole number from 0 to 65535)"),
    ("Step1", ["--loops", "2"], "Step1: unknown option --loops"),
    ("Step1", ["--colour", "blue"], "Step1: unknown option --colour"),
    ("Step1", ["--static", "/nonexistent/dir"], "Step1: invalid --static '/nonexistent/dir' (expected a directory)"),
    ("Step2", ["--ping-interval", "soon"], "Step2: invalid --ping-interval 'soon' (expected a whole number from 1 to 86400000)"),
    ("Step2", ["--loops", "2"], "Step2: unknown option --loops"),
    ("Step3", ["--max-payload", "0"], "Step3: invalid --max-payload '0' (expected a whole number from 1 to 1073741824)"),
    ("Step3", ["--max-payload", "99999999999"],
     "Step3: invalid --max-payload '99999999999' (expected a whole number from 1 to 1073741824)"),
    ("Step4", ["--connect-timeout", "-5"], "Step4: invalid --connect-timeout '-5' (expected a whole number from 1 to 86400000)"),
    ("Step4", ["--max-paylod", "100"], "Step4: unknown option --max-paylod"),
    ("Step4", ["--parser", "json"], "Step4: invalid --parser 'json' (expected default or msgpack)"),
    ("Step5", ["--auth-timeout", "99999999999"],
     "Step5: invalid --auth-timeout '99999999999' (expected a whole number from 0 to 86400000)"),
    ("Step5", ["--token-lifetime", "0"], "Step5: invalid --token-lifetime '0' (expected a whole number from 1 to 315360000)"),
    ("Step5", ["--secret", "short"], "Step5: the secret needs 32 bytes or more"),
    ("Step5", ["--loops", "0"], "Step5: invalid --loops '0' (expected a whole number from 1 to 64)"),
    ("Step5", ["--loops", "1000"], "Step5: invalid --loops '1000' (expected a whole number from 1 to 64)"),
    ("ChatDemo", ["--ping-interval", "99999999999"],
     "ChatDemo: invalid ping-interval from the flag --ping-interval: expected at most 86400000 milliseconds (a day), "
     "got '99999999999'"),
    ("ChatDemo", ["--max-payload", "0"],
     "ChatDemo: invalid max-payload from the flag --max-payload: expected a whole number of bytes from 1 to "
     "1073741824 (1 GiB), got '0'"),
]


@pytest.mark.parametrize("name,args,line", BAD_SETTINGS, ids=[f"{n}{' '.join(a)}" for n, a, _ in BAD_SETTINGS])
def test_a_bad_setting_stops_the_start_with_exit_code_2_and_one_line(tmp_path, name, args, line):
    assert run_until_exit(name, *args, tmp_path=tmp_path) == (2, [line])


@pytest.mark.parametrize("name", STEPS)
def test_a_bad_port_in_the_environment_stops_the_start_with_exit_code_2(tmp_path, name):
    assert run_until_exit(name, env={"PORT": "70000"}, tmp_path=tmp_path) == (
        2, [f"{name}: invalid PORT '70000' (expected a whole number from 0 to 65535)"])


@pytest.mark.parametrize("name", STEPS + ["ChatDemo"])
def test_a_busy_port_stops_the_start_with_exit_code_1_and_one_line(tmp_path, name):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, lines = run_until_exit(name, "--host", "127.0.0.1", "--port", str(port), tmp_path=tmp_path)
    assert (code, lines) == (1, [f"{name}: cannot listen on 127.0.0.1:{port}: Address already in use"])


# --- Step 3 with --max-payload 100 -------------------------------------------------------------------------

def _frame(opcode, payload):
    """A masked client frame (RFC 6455 §5.2), FIN set."""
    key = os.urandom(4)
    length = len(payload)
    header = bytes([0x80 | opcode])
    if length < 126:
        header += bytes([0x80 | length])
    else:
        header += bytes([0x80 | 126]) + struct.pack("!H", length)
    return header + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def _read_exact(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _read_frame(sock):
    """(opcode, payload) of the next server frame (unmasked)."""
    first, second = _read_exact(sock, 2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack("!H", _read_exact(sock, 2))[0]
    elif length == 127:
        length = struct.unpack("!Q", _read_exact(sock, 8))[0]
    return first & 0x0F, _read_exact(sock, length)


def _open_websocket(url, path):
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(1)
    assert response.startswith(b"HTTP/1.1 101")
    return sock


@pytest.mark.parametrize("path,message", [
    ("/echo", b"a" * 100),
    ("/engine.io/?EIO=4&transport=websocket", b"4" + b"a" * 99),
])
def test_step3_with_a_100_byte_limit_answers_a_125_byte_ping_and_closes_a_longer_message_with_1009(
        start_step, path, message):
    url = start_step("Step3", "--echo-route", "--max-payload", "100", "--quiet")
    with _open_websocket(url, path) as sock:
        ping = b"p" * 125
        sock.sendall(_frame(0x9, ping))
        sock.sendall(_frame(0x1, message))
        frames = [_read_frame(sock)]
        while frames[-1][0] != 0xA:
            frames.append(_read_frame(sock))
        assert frames[-1] == (0xA, ping)
        echoed = _read_frame(sock)
        assert echoed == (0x1, message)
        sock.sendall(_frame(0x1, message + b"a"))
        opcode, payload = _read_frame(sock)
        assert opcode == 0x8 and struct.unpack("!H", payload[:2])[0] == 1009
