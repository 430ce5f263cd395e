# SPDX-License-Identifier: MIT
"""soak.py's HTTP side: the accounts and the room before the run, the stored messages after it."""
import json
import time

from raw_clients import http_request

# A server that rate-limits the setup's registrations (all from 127.0.0.1) is waited for, a second at a time.
RETRIES_ON_429 = 30


def _api(port, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    for _ in range(RETRIES_ON_429):
        status, data, _ = http_request(port, method, path, json.dumps(body).encode() if body is not None else None,
                                       headers, timeout=60)
        if status != 429:
            break
        time.sleep(1)
    if status is None or status >= 300:
        raise RuntimeError(f"{method} {path}: {status} {data[:200]!r}")
    return json.loads(data) if data else {}


def setup_chat(port, good_clients):
    """Registers `good0`.., `listener` and `hostile`, creates the room `soak` and has everyone join it.
    Returns {"good": [tokens], "listener": token, "hostile": token, "room": id}."""
    def register(name):
        return _api(port, "POST", "/api/register", body={"name": name, "password": name + "-password"})["token"]

    good = [register(f"good{i}") for i in range(good_clients)]
    listener, hostile = register("listener"), register("hostile")
    room = _api(port, "POST", "/api/rooms", good[0], {"name": "soak"})["room"]["id"]
    for token in [*good[1:], listener, hostile]:
        _api(port, "POST", f"/api/rooms/{room}/join", token)
    return {"good": good, "listener": listener, "hostile": hostile, "room": room}


def stored_messages(port, token, room):
    """Every message of `room` in the database, as {id: clientId}, paging backwards 200 at a time."""
    stored, before = {}, None
    while True:
        query = f"?limit=200&before={before}" if before else "?limit=200"
        page = _api(port, "GET", f"/api/rooms/{room}/messages{query}", token)
        for message in page["messages"]:
            stored[message["id"]] = message.get("clientId")
        if not page.get("hasMore") or not page["messages"]:
            return stored
        before = min(message["id"] for message in page["messages"])
