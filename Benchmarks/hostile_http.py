# SPDX-License-Identifier: MIT
"""hostile.py's HTTP observations: a polling session that never GETs, pipelined requests that are never read,
and a password-guessing burst beside a real user's logins."""
import collections
import http.client
import json
import secrets
import socket
import threading
import time

from hostile_support import Measurement, MemorySampler, Server, emit, flood, latency_summary, mib
from raw_clients import http_request

PIPELINE_CONNECTIONS = 20
PIPELINE_BYTES = 1_000_000


def polling_buffer(options, posts=40, messages_per_post=330_000):
    """Observation 2: Step2 echoes every message into the session's write buffer; the client POSTs (with a
    blind pong in each) and never GETs, then one GET measures how long the server takes to answer it."""
    with Server(options.bin_dir, "Step2", ["--quiet"], options.work_dir) as server, \
            MemorySampler(server, options.sample_ms / 1000, options.abort_rss_mib, options.kill_rss_mib) as sampler:
        status, body, _ = http_request(server.port, "GET", "/engine.io/?EIO=4&transport=polling")
        opening = json.loads(body[1:])
        path = f"/engine.io/?EIO=4&transport=polling&sid={opening['sid']}"
        # Each message is `4x` and the separator 0x1E: three bytes; the pong `3` leads every body.
        per_post = min(messages_per_post, (opening["maxPayload"] - 1) // 3)
        payload = b"3\x1e" + b"\x1e".join([b"4x"] * per_post)
        measurement = Measurement(server, sampler, options.after_close)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        statuses, post_seconds = collections.Counter(), []
        for _ in range(posts):
            if sampler.over_limit.is_set() or not server.alive():
                break
            started = time.monotonic()
            try:
                connection.request("POST", path, body=payload, headers={"Content-Type": "text/plain;charset=UTF-8"})
                response = connection.getresponse()
                response.read()
                statuses[response.status] += 1
                if response.status != 200:
                    break
            except (OSError, http.client.HTTPException) as error:
                statuses[type(error).__name__] += 1
                connection.close()
            post_seconds.append(time.monotonic() - started)
        rss_before_get = server.memory_kib()[0]
        get_status, get_body, get_seconds = http_request(server.port, "GET", path, timeout=60)
        attack_seconds = measurement.elapsed()
        connection.close()
        measurement.closed()
        emit({"observation": "polling-buffer", "server": "Step2", "max_payload": opening["maxPayload"],
              "posts": sum(statuses.values()), "messages_per_post": per_post, "post_statuses": dict(statuses),
              "post_latency": latency_summary(post_seconds), "rss_before_get_mib": mib(rss_before_get),
              "get_status": get_status, "get_latency_ms": round(get_seconds * 1000, 1),
              "get_packets": get_body.count(b"\x1e") + 1 if get_body else 0, "get_bytes": len(get_body),
              "attack_s": attack_seconds, **measurement.fields(), "exit_code": server.stop()})


def _health_probe(port, path, stop, results):
    """A well-behaved client: every 100 ms, GET `path` on a fresh connection (5 s timeout)."""
    while not stop.is_set():
        status, _, seconds = http_request(port, "GET", path, timeout=5)
        results.append((status, seconds))
        stop.wait(max(0.0, 0.1 - seconds))


PIPELINE_TARGETS = [
    ("ChatDemo", "/sio-client.js", "/health"),
    ("Step1", "/static/style.css", "/health"),
]


def pipelining(options):
    """Observation 3: 20 connections each pipeline 1 MB of GETs for a static file and never read the answers;
    a fresh client asks for /health every 100 ms meanwhile."""
    for name, target, health in PIPELINE_TARGETS:
        args = ["--data", str(options.work_dir / "data-pipelining"), "--log-level", "3"] if name == "ChatDemo" else []
        with Server(options.bin_dir, name, args, options.work_dir) as server, \
                MemorySampler(server, options.sample_ms / 1000, options.abort_rss_mib, options.kill_rss_mib) as sampler:
            request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
            blob = request * (PIPELINE_BYTES // len(request))
            sockets = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(PIPELINE_CONNECTIONS)]
            stop, probes = threading.Event(), []
            probe = threading.Thread(target=_health_probe, args=(server.port, health, stop, probes), daemon=True)
            measurement = Measurement(server, sampler, options.after_close)
            probe.start()
            sent, closed = flood(sockets, [blob] * len(sockets), time.monotonic() + options.duration, sampler,
                                 stop_when_sent=True)
            attack_seconds = measurement.elapsed()
            for sock in sockets:
                sock.close()
            stop.set()
            probe.join()
            measurement.closed()
            answered = [seconds for status, seconds in probes if status == 200]
            emit({"observation": "pipelining", "server": name, "path": target, "connections": len(sockets),
                  "requests_sent": sum(sent) // len(request), "mib_sent": round(sum(sent) / 2**20, 1),
                  "attack_s": attack_seconds,
                  "connections_closed_by_server": sum(1 for c in closed if c is not None),
                  "first_close_after_s": min((c for c in closed if c is not None), default=None),
                  "health_latency": latency_summary(answered), "health_failures": len(probes) - len(answered),
                  **measurement.fields(), "exit_code": server.stop()})


def logins(options, attempts=120, threads=60, real_interval=0.5):
    """Observation 5: 60 threads try 120 wrong passwords (from --attacker-address) while the real user logs in
    every 500 ms from 127.0.0.1; the real user's latency and every status code seen."""
    admin_password = "hostile-" + secrets.token_urlsafe(12)
    args = ["--data", str(options.work_dir / "data-logins"), "--log-level", "3"]
    with Server(options.bin_dir, "ChatDemo", args, options.work_dir, env={"CHATDEMO_ADMIN_PASSWORD": admin_password}) as server, \
            MemorySampler(server, options.sample_ms / 1000, options.abort_rss_mib, options.kill_rss_mib) as sampler:
        real = json.dumps({"name": "alice", "password": "alice-password"}).encode()
        status, body, _ = http_request(server.port, "POST", "/api/register", real, timeout=30)
        if status != 201:
            raise RuntimeError(f"register: {status} {body[:200]!r}")
        source = _usable_source(options.attacker_address)
        baseline = [_real_login(server.port, real) for _ in range(3)]
        measurement = Measurement(server, sampler, options.after_close)
        remaining, attacker_statuses, lock = [attempts], collections.Counter(), threading.Lock()

        def attacker(index):
            while True:
                with lock:
                    if remaining[0] == 0:
                        return
                    remaining[0] -= 1
                guess = json.dumps({"name": options.login_target, "password": f"guess-{index}-{remaining[0]}"}).encode()
                status, _, _ = http_request(server.port, "POST", "/api/login", guess, timeout=60, source=source)
                with lock:
                    attacker_statuses[str(status)] += 1

        workers = [threading.Thread(target=attacker, args=(i,), daemon=True) for i in range(threads)]
        for worker in workers:
            worker.start()
        during, deadline = [], time.monotonic() + 120
        while any(worker.is_alive() for worker in workers) and time.monotonic() < deadline:
            started = time.monotonic()
            during.append(_real_login(server.port, real))
            time.sleep(max(0.0, real_interval - (time.monotonic() - started)))
        attack_seconds = measurement.elapsed()
        measurement.closed()
        emit({"observation": "logins", "server": "ChatDemo", "attempts": attempts, "threads": threads,
              "target_account": options.login_target, "attacker_address": source or "127.0.0.1",
              "attacker_statuses": dict(attacker_statuses), "attack_s": attack_seconds,
              "real_user_baseline": latency_summary([s for _, s in baseline]),
              "real_user_during": latency_summary([s for _, s in during]),
              "real_user_statuses": dict(collections.Counter(str(status) for status, _ in during)),
              **measurement.fields(), "exit_code": server.stop()})


def _real_login(port, body):
    status, _, seconds = http_request(port, "POST", "/api/login", body, timeout=60)
    return status, seconds


def _usable_source(address):
    """`address` if this machine can connect from it (any 127/8 address on Linux), else None (127.0.0.1)."""
    try:
        with socket.socket() as probe:
            probe.bind((address, 0))
        return address
    except OSError:
        return None
