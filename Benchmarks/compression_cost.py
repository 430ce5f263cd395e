# SPDX-License-Identifier: MIT
"""What permessage-deflate costs Step4 (issue 16): instructions per echo ack and per fanout delivery, with
`--per-message-deflate` and without, counted by callgrind as Benchmarks/profile.py counts them (two runs, a short
and a long load; the difference in instructions over the difference in messages). The clients are aiohttp
WebSockets that offer permessage-deflate (`compress=15`) when the server compresses, so the server inflates what
they send and deflates what it answers. Also prints the bytes on the wire of a typical ChatDemo message.

    .build/venv/bin/python Benchmarks/compression_cost.py --server-bin .build/release/Step4
"""

import argparse
import asyncio
import json
import re
import signal
import subprocess
import zlib
from pathlib import Path

import aiohttp

from peers_runtime import free_port, wait_until_listening

# A ChatDemo `message` event as the server broadcasts it (Sources/ChatDemo/Chat), and a 2 kB JSON document.
CHAT = {"id": 1234, "room": "general", "user": "ada", "text": "Did anyone try the new build on the staging box?",
        "sentAt": "2026-12-08T01:02:03.456Z"}
DOCUMENT = {"messages": [dict(CHAT, id=n, text=f"message number {n} of the history page") for n in range(14)]}


async def client(port, compress):
    session = aiohttp.ClientSession()
    ws = await session.ws_connect(f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket", compress=compress)
    await ws.receive()          # open
    await ws.send_str("40")
    await ws.receive()          # 40{"sid":…}
    return session, ws


async def next_event(ws):
    while True:
        message = await ws.receive()
        if message.data == "2":
            await ws.send_str("3")
            continue
        return message.data


async def echo_load(port, compress, count, payload):
    session, ws = await client(port, compress)
    text = json.dumps(["echo", payload], separators=(",", ":"))
    for n in range(count):
        await ws.send_str(f"42{n}{text}")
        await next_event(ws)
    await session.close()
    return count


async def fanout_load(port, compress, count, payload, receivers=20):
    clients = [await client(port, compress) for _ in range(receivers + 1)]
    text = "42" + json.dumps(["broadcast", payload], separators=(",", ":"))
    for _ in range(count):
        await clients[0][1].send_str(text)
        for _, ws in clients:
            await next_event(ws)
    for session, _ in clients:
        await session.close()
    return count * receivers


def run(server_bin, flags, load, out_file):
    port = free_port()
    server = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}", server_bin,
                               "--host", "127.0.0.1", "--port", str(port), "--quiet"] + flags,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_listening(port)
        messages = asyncio.run(load(port))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    return int(re.search(r"^totals: (\d+)", Path(out_file).read_text(), re.MULTILINE).group(1)), messages


def per_message(server_bin, flags, make_load, work, name):
    short_ir, short_n = run(server_bin, flags, make_load(40), work / f"{name}.short.out")
    long_ir, long_n = run(server_bin, flags, make_load(240), work / f"{name}.long.out")
    return (long_ir - short_ir) / (long_n - short_n)


def wire_bytes():
    def deflated(data):
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15, 8)
        return len(compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)) - 4
    for name, payload in (("ChatDemo message", CHAT), ("2 kB history page", DOCUMENT)):
        packet = ("42" + json.dumps(["message", payload], separators=(",", ":"))).encode()
        print(f"{name}: {len(packet)} bytes as text, {deflated(packet)} deflated")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server-bin", required=True)
    parser.add_argument("--work", default="/tmp/sio-compression")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    wire_bytes()
    for payload_name, payload in (("chat", CHAT), ("2kB", DOCUMENT)):
        for on in (False, True):
            flags = ["--per-message-deflate"] if on else []
            compress = 15 if on else 0
            tag = f"{payload_name}-{'on' if on else 'off'}"
            echo = per_message(args.server_bin, flags, lambda n: lambda port: echo_load(port, compress, n, payload),
                               work, f"echo-{tag}")
            fanout = per_message(args.server_bin, flags, lambda n: lambda port: fanout_load(port, compress, n, payload),
                                 work, f"fanout-{tag}")
            print(f"{tag}: {echo:,.0f} instructions per echo ack, {fanout:,.0f} per fanout delivery", flush=True)


if __name__ == "__main__":
    main()
