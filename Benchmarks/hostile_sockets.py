# SPDX-License-Identifier: MIT
"""hostile.py's WebSocket observations: back-pressure (a client that never reads) and dynamic namespaces."""
import json
import secrets
import time

from hostile_support import Measurement, MemorySampler, Server, emit, flood
from raw_clients import ConnectionClosed, engine_websocket, ws_frame

FRAMES_PER_WRITE = 1000
PAYLOAD = 125


def _frames(opcode, payloads):
    """One write's worth of masked frames (one masking key for the whole blob: the server cannot tell)."""
    key = secrets.token_bytes(4)
    return b"".join(ws_frame(opcode, payload, key) for payload in payloads)


def _ping_blob():
    return _frames(0x9, [b"p" * PAYLOAD] * FRAMES_PER_WRITE)


def _message_blob():
    return _frames(0x1, [b"4" + b"m" * (PAYLOAD - 1)] * FRAMES_PER_WRITE)


def _engine_ping_blob():
    return _frames(0x1, [b"2" + b"p" * (PAYLOAD - 1)] * FRAMES_PER_WRITE)


def _echo_blob():
    payloads = []
    for ack in range(FRAMES_PER_WRITE):
        head = f'42{ack}["echo","'.encode()
        payloads.append(head + b"e" * (PAYLOAD - len(head) - 2) + b'"]')
    return _frames(0x1, payloads)


ATTACKS = [
    # (server, server args, Engine.IO path, Socket.IO CONNECT first?, variant, blob)
    ("Step3", ["--quiet"], "/engine.io/", False, "websocket-ping-frames", _ping_blob),
    ("Step3", ["--quiet"], "/engine.io/", False, "engineio-messages-echoed", _message_blob),
    ("Step3", ["--quiet"], "/engine.io/", False, "engineio-ping-packets", _engine_ping_blob),
    ("ChatDemo", [], "/socket.io/", True, "websocket-ping-frames-unauthenticated", _ping_blob),
    ("Step4", ["--quiet"], "/socket.io/", True, "acked-echo-events", _echo_blob),
]


def ws_backpressure(options):
    """Observation 1: one client writes 1,000 frames of 125 bytes per write, as fast as it can, never reading."""
    for name, args, path, connect, variant, make_blob in ATTACKS:
        if name == "ChatDemo":
            args = ["--data", str(options.work_dir / f"data-ws-{variant}"), "--log-level", "3"]
        try:
            _backpressure(options, name, args, path, connect, variant, make_blob)
        except (ConnectionClosed, OSError, TimeoutError) as error:
            emit({"observation": "ws-backpressure", "server": name, "variant": variant, "error": f"{type(error).__name__}: {error}"})


def _backpressure(options, name, args, path, connect, variant, make_blob):
    """One attack of ATTACKS: the server, the flood, the memory."""
    with Server(options.bin_dir, name, args, options.work_dir) as server, \
            MemorySampler(server, options.sample_ms / 1000, options.abort_rss_mib, options.kill_rss_mib) as sampler:
        ws, _ = engine_websocket(server.port, path)
        if connect:
            ws.send_text("40")
            ws.receive()
        blob = make_blob()
        measurement = Measurement(server, sampler, options.after_close)
        sent, closed = flood([ws.sock], [blob], time.monotonic() + options.duration, sampler)
        attack_seconds = measurement.elapsed()
        ws.close()
        measurement.closed()
        record = {"observation": "ws-backpressure", "server": name, "variant": variant,
                  "attack_s": attack_seconds, "frames_sent": sent[0] // (len(blob) // FRAMES_PER_WRITE),
                  "mib_sent": round(sent[0] / 2**20, 1), "server_disconnected_attacker_after_s": closed[0],
                  **measurement.fields()}
        record["exit_code"] = server.stop()
        emit(record)


def _connect_reply(ws, namespace, timeout):
    """Reads until the server answers the CONNECT to `namespace`: ("connected" | "refused", seconds)."""
    started = time.monotonic()
    connected, refused = f"40{namespace},", f"44{namespace},"
    while True:
        message = ws.receive(timeout)
        if message.startswith(connected):
            return "connected", time.monotonic() - started
        if message.startswith(refused):
            return "refused: " + message[len(refused):][:120], time.monotonic() - started


def namespaces(options):
    """Observation 4: Step4's dynamic namespaces `/dynamic-<digits>`: 40 with 900,000-digit names, then 10,000
    distinct short ones; RSS once every client has left."""
    with Server(options.bin_dir, "Step4", ["--quiet"], options.work_dir) as server, \
            MemorySampler(server, options.sample_ms / 1000, options.abort_rss_mib, options.kill_rss_mib) as sampler:
        baseline = server.memory_kib()[0]
        _long_names(options, server, sampler, baseline)
        _many_names(options, server, sampler, baseline)


def _long_names(options, server, sampler, baseline):
    measurement = Measurement(server, sampler, options.after_close)
    ws, opening = engine_websocket(server.port, "/socket.io/")
    outcomes, seconds, disconnected = {}, [], None
    for index in range(40):
        if time.monotonic() - measurement.started > options.duration * 4 or sampler.over_limit.is_set():
            break
        namespace = f"/dynamic-{index + 1:02d}" + "9" * (900_000 - 2)
        try:
            ws.send_text(f"40{namespace},")
            outcome, took = _connect_reply(ws, namespace, 10)
        except (ConnectionClosed, OSError, TimeoutError) as error:
            disconnected = f"after {index} CONNECTs: {error}"[:200]
            break
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        seconds.append(took)
    attack_seconds = measurement.elapsed()
    ws.close()
    measurement.closed()
    emit({"observation": "namespaces", "server": "Step4", "variant": "40-connects-900000-digit-names",
          "max_payload": opening.get("maxPayload"), "attack_s": attack_seconds, "outcomes": outcomes,
          "slowest_connect_s": round(max(seconds), 3) if seconds else None, "server_disconnected_attacker": disconnected,
          "rss_kept_vs_server_start_mib": _kept(measurement, baseline), **measurement.fields()})


def _many_names(options, server, sampler, baseline, total=10_000, batch=500):
    measurement = Measurement(server, sampler, options.after_close)
    ws, _ = engine_websocket(server.port, "/socket.io/")
    outcomes, disconnected, asked = {}, None, 0
    try:
        while asked < total and not sampler.over_limit.is_set():
            names = [f"/dynamic-{100_000 + asked + offset}" for offset in range(batch)]
            ws.sock.sendall(b"".join(ws_frame(0x1, f"40{name},".encode()) for name in names))
            asked += batch
            answered = 0
            while answered < batch:
                message = ws.receive(10)
                if message.startswith("40/"):
                    outcomes["connected"] = outcomes.get("connected", 0) + 1
                    answered += 1
                elif message.startswith("44/"):
                    reason = "refused: " + message.split(",", 1)[-1][:120]
                    outcomes[reason] = outcomes.get(reason, 0) + 1
                    answered += 1
    except (ConnectionClosed, OSError, TimeoutError) as error:
        disconnected = f"after {asked} CONNECTs: {error}"[:200]
    attack_seconds = measurement.elapsed()
    ws.close()
    measurement.closed()
    emit({"observation": "namespaces", "server": "Step4", "variant": "10000-distinct-dynamic-namespaces",
          "attack_s": attack_seconds, "outcomes": outcomes, "server_disconnected_attacker": disconnected,
          "rss_kept_vs_server_start_mib": _kept(measurement, baseline), **measurement.fields(),
          "exit_code": server.stop()})


def _kept(measurement, baseline):
    if measurement.rss_after is None or baseline is None:
        return None
    return round((measurement.rss_after - baseline) / 1024, 1)


def single_websocket(port, path, message):
    """Opens an Engine.IO WebSocket, sends `message`, and returns what happened, for the start-up checks."""
    try:
        ws, opening = engine_websocket(port, path)
    except (ConnectionClosed, OSError, TimeoutError, ValueError) as error:
        return {"open": f"failed: {error}"[:200]}
    result = {"open": "ok", "open_packet": json.dumps(opening)[:200]}
    try:
        ws.send_text(message)
        result["reply"] = ws.receive(2)[:200]
    except TimeoutError:
        result["reply"] = None
    except (ConnectionClosed, OSError) as error:
        result["reply"] = f"closed: {error}"[:200]
    ws.close()
    return result
