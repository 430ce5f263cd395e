# SPDX-License-Identifier: MIT
"""soak.py's hostile side: one bounded misbehaviour at a time against ChatDemo, in a loop, in its own process
(so that its busy loops do not steal the good clients' interpreter lock and inflate their latencies).

Each round reports one dict on the queue. `memory_high` (set by the parent while the server's RSS is over the
abort limit) ends the current round at once and delays the next; `stop` ends the loop.
"""
import collections
import http.client
import json
import secrets
import socket
import threading
import time
import types

from hostile_support import flood
from raw_clients import engine_websocket, http_request, ws_frame

PIPELINE_BYTES = 1_000_000


def run(port, token, rounds_queue, stop, memory_high, round_seconds, pause_seconds, attacker_address):
    """The loop: every behaviour in turn, `round_seconds` each, `pause_seconds` between them, until `stop`."""
    guard = types.SimpleNamespace(over_limit=memory_high)
    behaviours = [
        ("ws-ping-flood-unauthenticated", lambda deadline: _ws_flood(port, None, _ping_frames(), deadline, guard)),
        ("ws-acked-ping-events-never-read", lambda deadline: _ws_flood(port, token, _acked_pings(), deadline, guard)),
        ("polling-acked-events-never-get", lambda deadline: _polling_never_get(port, token, deadline, guard)),
        ("pipelining-20x1MB-never-read", lambda deadline: _pipelining(port, deadline, guard)),
        ("login-burst-120-wrong-passwords", lambda deadline: _login_burst(port, attacker_address, deadline, stop)),
    ]
    number = 0
    while not stop.is_set():
        name, behaviour = behaviours[number % len(behaviours)]
        number += 1
        while memory_high.is_set() and not stop.is_set():
            time.sleep(0.1)
        if stop.is_set():
            break
        started = time.monotonic()
        try:
            result = behaviour(started + round_seconds)
        except Exception as error:  # a failed round is reported; the next behaviour still runs
            result = {"error": f"{type(error).__name__}: {error}"[:200]}
        rounds_queue.put({"round": number, "behaviour": name, "seconds": round(time.monotonic() - started, 2), **result})
        stop.wait(pause_seconds)


def _ping_frames():
    key = secrets.token_bytes(4)
    return b"".join(ws_frame(0x9, b"p" * 125, key) for _ in range(1000))


def _acked_pings():
    key = secrets.token_bytes(4)
    return b"".join(ws_frame(0x1, f'42{ack}["ping",{{}}]'.encode(), key) for ack in range(1000))


def _ws_flood(port, token, blob, deadline, guard):
    """A socket (authenticated when `token` is given) that writes `blob` over and over and never reads."""
    ws, _ = engine_websocket(port, "/socket.io/")
    ws.send_text("40" + (json.dumps({"token": token}) if token else ""))
    ws.receive()
    sent, closed = flood([ws.sock], [blob], deadline, guard)
    ws.close()
    return {"mib_sent": round(sent[0] / 2**20, 1), "server_closed_after_s": closed[0]}


def _polling_never_get(port, token, deadline, guard):
    """A polling session that CONNECTs with a token, then POSTs bodies full of acked `ping` events (each
    answered into the session's buffer) and never GETs."""
    status, body, _ = http_request(port, "GET", "/socket.io/?EIO=4&transport=polling")
    opening = json.loads(body[1:])
    path = f"/socket.io/?EIO=4&transport=polling&sid={opening['sid']}"
    connect = ("40" + json.dumps({"token": token})).encode()
    http_request(port, "POST", path, connect)
    packet = b'421["ping",{}]'
    count = (opening["maxPayload"] - 2) // (len(packet) + 1)
    payload = b"3\x1e" + b"\x1e".join([packet] * count)
    statuses, posts = collections.Counter(), 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline and not guard.over_limit.is_set():
        try:
            connection.request("POST", path, body=payload, headers={"Content-Type": "text/plain;charset=UTF-8"})
            response = connection.getresponse()
            response.read()
            statuses[str(response.status)] += 1
            if response.status != 200:
                break
        except (OSError, http.client.HTTPException) as error:
            statuses[type(error).__name__] += 1
            break
        posts += 1
    connection.close()
    return {"posts": posts, "events_per_post": count, "statuses": dict(statuses)}


def _pipelining(port, deadline, guard):
    request = f"GET /sio-client.js HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    blob = request * (PIPELINE_BYTES // len(request))
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
    sent, closed = flood(sockets, [blob] * len(sockets), deadline, guard, stop_when_sent=True)
    for sock in sockets:
        sock.close()
    return {"mib_sent": round(sum(sent) / 2**20, 1), "closed_by_server": sum(1 for c in closed if c is not None)}


def _login_burst(port, source, deadline, stop, attempts=120, threads=60):
    """60 threads share 120 wrong guesses of admin's password; no new guess once `stop` is set or a minute
    after the round's deadline."""
    remaining, statuses, lock = [attempts], collections.Counter(), threading.Lock()

    def attacker():
        while time.monotonic() < deadline + 60 and not stop.is_set():
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            guess = json.dumps({"name": "admin", "password": "guess-" + secrets.token_hex(4)}).encode()
            status, _, _ = http_request(port, "POST", "/api/login", guess, timeout=60, source=source)
            with lock:
                statuses[str(status)] += 1

    workers = [threading.Thread(target=attacker, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {"statuses": dict(statuses)}
