# SPDX-License-Identifier: MIT
"""Compression against real peers (issue 16): permessage-deflate (RFC 7692) with python-socketio over aiohttp and
with Chromium's own WebSocket, a zip bomb that the server refuses without inflating it, and gzip polling responses
that `requests` decodes.

Step4 runs with `--per-message-deflate` and `--max-payload 2000000`, so that a 1 MB JSON message fits; `echo`
acknowledges with exactly the arguments it received (Sources/Steps/04-rooms/Step4/ChatExample.swift).
"""

import asyncio
import base64
import json
import os
import pathlib
import socket
import struct
import time
import zlib

import pytest
import requests
import socketio

from chromium import Chromium, find_chromium

MEGABYTE_JSON = {"messages": [{"id": n, "room": "lobby", "user": f"user{n % 50}", "text": f"message number {n}"}
                              for n in range(15_000)]}


def start_deflating(start_step):
    return start_step("Step4", "--quiet", "--per-message-deflate", "--max-payload", "2000000")


def test_python_socketio_exchanges_a_megabyte_of_json_compressed(start_step):
    url = start_deflating(start_step)
    payload = MEGABYTE_JSON
    size = len(json.dumps(payload, separators=(",", ":")))
    assert 1_000_000 <= size < 1_900_000

    async def scenario():
        # aiohttp offers permessage-deflate when asked to (`compress=15`); python-engineio passes the option on.
        client = socketio.AsyncClient(reconnection=False, websocket_extra_options={"compress": 15})
        await client.connect(url, transports=["websocket"], wait_timeout=5)
        try:
            assert client.eio.ws.compress == 15, "the server accepted permessage-deflate"
            answer = await client.call("echo", payload, timeout=20)
            assert answer == payload
        finally:
            await client.disconnect()

    asyncio.run(asyncio.wait_for(scenario(), 60))


def server_pid(url):
    """The pid of the Step4 process listening on `url`'s port (from /proc, the fixture keeps it to itself)."""
    port = url.rsplit(":", 1)[1]
    for entry in pathlib.Path("/proc").iterdir():
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if arguments[0].endswith(b"Step4") and port.encode() in arguments:
            return int(entry.name)
    raise RuntimeError(f"no Step4 process on port {port}")


def resident_kilobytes(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def masked_frame(first_byte, payload, key=b"\x01\x02\x03\x04"):
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", first_byte, 0x80 | length)
    elif length < 65536:
        header = struct.pack("!BBH", first_byte, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", first_byte, 0x80 | 127, length)
    masked = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return header + key + masked


@pytest.mark.skipif(not pathlib.Path("/proc/self/status").exists(), reason="reads VmRSS from /proc")
def test_a_ten_megabyte_zip_bomb_is_refused_with_1009_and_costs_no_memory(start_step):
    url = start_deflating(start_step)
    pid = server_pid(url)
    host, port = "127.0.0.1", int(url.rsplit(":", 1)[1])
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = compressor.compress(b"0" * 10_000_000) + compressor.flush(zlib.Z_SYNC_FLUSH)
    bomb = bomb[:-4]  # RFC 7692 §7.2.1: without the trailing 00 00 ff ff
    assert len(bomb) < 20_000
    time.sleep(0.5)
    before = resident_kilobytes(pid)
    with socket.create_connection((host, port), timeout=5) as connection:
        key = base64.b64encode(os.urandom(16)).decode()
        connection.sendall((
            f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").encode())
        received = b""
        while b"\r\n\r\n" not in received:
            received += connection.recv(4096)
        assert b"permessage-deflate" in received.split(b"\r\n\r\n")[0]
        connection.sendall(masked_frame(0xC1, bomb))  # FIN, RSV1 (compressed), text
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    close_code = received.rfind(b"\x88")
    assert close_code > 0, "the server sent a close frame"
    assert struct.unpack("!H", received[close_code + 2:close_code + 4])[0] == 1009
    growth = resident_kilobytes(pid) - before
    assert growth < 4_000, f"the server's RSS grew by {growth} kB"


def test_long_polling_responses_are_gzipped_and_decode(start_step):
    url = start_step("Step4", "--quiet")
    session = requests.Session()
    open_packet = session.get(f"{url}/socket.io/?EIO=4&transport=polling").text
    sid = json.loads(open_packet[1:])["sid"]
    assert session.post(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}", data="40").text == "ok"
    session.get(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}")  # the CONNECT reply
    text = "x" * 5000
    session.post(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}", data=f'421["echo","{text}"]')
    response = session.get(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}",
                           headers={"Accept-Encoding": "gzip, deflate"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.text == f'431["{text}"]'   # requests inflates it
    assert int(response.headers["Content-Length"]) < 200


CHROMIUM_SCRIPT = """
new Promise((resolve, reject) => {
  const ws = new WebSocket(location.origin.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket');
  const payload = JSON.stringify(%s);
  ws.onmessage = (event) => {
    const data = event.data;
    if (data.startsWith('0')) ws.send('40');
    else if (data.startsWith('40')) ws.send('421["echo",' + payload + ']');
    else if (data === '2') ws.send('3');
    else if (data.startsWith('431')) resolve({extensions: ws.extensions, same: data === '431[' + payload + ']',
                                               length: payload.length});
  };
  ws.onerror = () => reject(new Error('websocket error'));
  setTimeout(() => reject(new Error('no answer')), 20000);
})
"""


@pytest.mark.skipif(find_chromium() is None, reason="no chromium binary (apt-get install chromium)")
def test_chromium_exchanges_a_megabyte_of_json_compressed(start_step, tmp_path):
    url = start_deflating(start_step)
    with Chromium.launch(tmp_path) as browser:
        page = browser.new_page(url + "/")
        page.wait_for("document.readyState === 'complete'")
        result = page.evaluate(CHROMIUM_SCRIPT % json.dumps(MEGABYTE_JSON))
    assert result["extensions"] == "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
    assert result["length"] >= 1_000_000
    assert result["same"]
