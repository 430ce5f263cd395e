# SPDX-License-Identifier: MIT
"""Restart safety: SIGTERM ChatDemo while two clients are sending, start it again on the same data
directory and port, and check that every acknowledged message is still there and that the clients
reconnected by themselves and carried on.

Why this holds: the server acknowledges a message only after its COMMIT returned, with SQLite in WAL mode
and synchronous=FULL (the log is on disk when COMMIT returns); and SIGTERM is handled on the event loop,
between two events, so no write is ever cut in half."""

import os
import pathlib
import signal
import subprocess
import threading
import time

import requests
import socketio

from conftest import _bin_dir, _free_port, _wait_until_listening


class Sender(threading.Thread):
    """Sends numbered messages in a loop and records the stored id of every acknowledged one."""

    def __init__(self, url, token, room_id, name):
        super().__init__(daemon=True)
        self.url, self.room_id, self.name = url, room_id, name
        self.acked = {}           # clientId -> stored id
        self.connects = 0
        self.stop = threading.Event()
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
        self.client.on("connect", self._connected)
        self.client.connect(url, auth={"token": token}, transports=["websocket"])

    def _connected(self):
        self.connects += 1

    def run(self):
        number = 0
        while not self.stop.is_set():
            client_id = f"{self.name}-{number}"
            try:
                answer = self.client.call("send-message", {"roomId": self.room_id, "text": client_id, "clientId": client_id}, timeout=2)
            except Exception:
                time.sleep(0.05)  # disconnected or timed out: resend the same clientId (stored at most once)
                continue
            if isinstance(answer, dict) and "id" in answer:
                self.acked[client_id] = answer["id"]
                number += 1


def start(port, data, log):
    """ChatDemo on a fixed port (the clients reconnect to the same URL), output appended to `log`."""
    process = subprocess.Popen(
        [str(_bin_dir() / "ChatDemo"), "--host", "127.0.0.1", "--port", str(port), "--data", str(data), "--pbkdf2-iterations", "1000"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env=dict(os.environ, CHATDEMO_ADMIN_PASSWORD="admin-password"))
    _wait_until_listening(process, port, pathlib.Path(log.name))
    return process


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def register(url, name):
    return requests.post(url + "/api/register", json={"name": name, "password": name + "-password"}, timeout=10).json()


def bearer(session):
    return {"Authorization": "Bearer " + session["token"]}


def stored_messages(url, room_id, session):
    """clientId -> id of every message of the room, paging backwards over HTTP."""
    stored, before = {}, None
    while True:
        query = "?limit=200" + (f"&before={before}" if before else "")
        page = requests.get(url + f"/api/rooms/{room_id}/messages{query}", headers=bearer(session), timeout=10).json()
        for message in page["messages"]:
            stored[message["clientId"]] = message["id"]
        if not page["hasMore"]:
            return stored
        before = page["messages"][0]["id"]


def wait_until(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(message)


def test_a_restart_loses_no_acknowledged_message_and_clients_carry_on(tmp_path):
    port, data = _free_port(), tmp_path / "data"
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "chatdemo.log", "wb")
    process = start(port, data, log)
    senders = []
    try:
        alice, bob = register(url, "alice"), register(url, "bob")
        room = requests.post(url + "/api/rooms", json={"name": "load"}, headers=bearer(alice), timeout=10).json()["room"]
        requests.post(url + f"/api/rooms/{room['id']}/join", headers=bearer(bob), timeout=10)
        senders = [Sender(url, alice["token"], room["id"], "a"), Sender(url, bob["token"], room["id"], "b")]
        for sender in senders:
            sender.start()
        wait_until(lambda: all(len(s.acked) >= 20 for s in senders), 30, "both clients get 20 acknowledgements")

        process.send_signal(signal.SIGTERM)              # while both are sending
        assert process.wait(timeout=15) == 0, "a graceful shutdown exits with 0"
        acked_before_restart = {k: v for s in senders for k, v in s.acked.items()}

        process = start(port, data, log)
        wait_until(lambda: all(s.connects >= 2 for s in senders), 30, "both clients reconnect by themselves")
        counts = [len(s.acked) for s in senders]
        wait_until(lambda: all(len(s.acked) >= c + 10 for s, c in zip(senders, counts)), 30, "both carry on sending")
        for sender in senders:
            sender.stop.set()
            sender.join(timeout=5)

        acked = {k: v for s in senders for k, v in s.acked.items()}
        assert acked_before_restart.items() <= acked.items()
        stored = stored_messages(url, room["id"], alice)
        missing = {k: v for k, v in acked.items() if stored.get(k) != v}
        assert not missing, f"acknowledged but not stored after the restart: {missing}"
        assert len(stored) == len(set(stored.values())), "a clientId was stored twice"
    finally:
        for sender in senders:
            sender.stop.set()
            sender.client.disconnect()
        stop(process)
        log.close()
