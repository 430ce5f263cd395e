# SPDX-License-Identifier: MIT
"""soak.py's good clients: stock python-socketio clients that chat in one room with acknowledgements, the way
ChatDemo's page does (a message stays pending until acknowledged, and is resent with the same clientId after a
reconnection), plus a listener that records every `message-create` it receives."""
import random
import threading
import time
import uuid

import socketio


class Stats:
    """What every good client adds to, under one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {"send-message": [], "ping": []}
        self.acked = {}            # message id -> clientId
        self.ack_errors = {}       # status -> count
        self.timeouts = 0
        self.planned_reconnects = 0
        self.unplanned_disconnects = 0
        self.connect_failures = 0
        self.not_connected = 0

    def count(self, field, amount=1):
        with self.lock:
            setattr(self, field, getattr(self, field) + amount)


class GoodClient(threading.Thread):
    """Connects with its token over `transport`, subscribes to `room`, then alternates `send-message` and
    `ping` (both acknowledged) every `interval` seconds; reconnects on purpose every `reconnect_every` seconds
    (±25 %), and python-socketio reconnects it by itself after an unplanned disconnect."""

    def __init__(self, url, token, room, transport, stats, stop, interval=0.2, reconnect_every=20.0):
        super().__init__(daemon=True)
        self.url, self.token, self.room, self.transport = url, token, room, transport
        self.stats, self.stop = stats, stop
        self.interval, self.reconnect_every = interval, reconnect_every
        self.pending = None
        self.subscribed = threading.Event()

    def run(self):
        while not self.stop.is_set():
            client = self._connect()
            if client is None:
                self.stop.wait(1)
                continue
            session_end = time.monotonic() + self.reconnect_every * random.uniform(0.75, 1.25)
            while not self.stop.is_set() and time.monotonic() < session_end:
                self._step(client)
                self.stop.wait(self.interval)
            client.disconnect()
            if not self.stop.is_set():
                self.stats.count("planned_reconnects")

    def _connect(self):
        client = socketio.Client(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2,
                                 handle_sigint=False)
        planned = [False]
        client.on("connect", lambda: self.subscribed.clear())
        client.on("disconnect", lambda reason=None: None if planned[0] else self.stats.count("unplanned_disconnects"))
        try:
            client.connect(self.url, auth={"token": self.token}, transports=[self.transport], wait_timeout=10)
        except socketio.exceptions.ConnectionError:
            self.stats.count("connect_failures")
            return None
        original = client.disconnect

        def disconnect():
            planned[0] = True
            original()

        client.disconnect = disconnect
        return client

    def _step(self, client):
        try:
            if not self.subscribed.is_set():
                client.call("subscribe", {"rooms": [self.room]}, timeout=10)
                self.subscribed.set()
            if self.pending is None:
                self.pending = {"roomId": self.room, "text": f"soak {uuid.uuid4().hex[:8]}", "clientId": uuid.uuid4().hex}
            answer = self._timed(client, "send-message", self.pending)
            if isinstance(answer, dict) and "id" in answer:
                with self.stats.lock:
                    self.stats.acked[answer["id"]] = self.pending["clientId"]
                self.pending = None
            elif isinstance(answer, dict):
                with self.stats.lock:
                    status = str(answer.get("status"))
                    self.stats.ack_errors[status] = self.stats.ack_errors.get(status, 0) + 1
            self._timed(client, "ping", {})
        except socketio.exceptions.TimeoutError:
            self.stats.count("timeouts")
        except (socketio.exceptions.BadNamespaceError, socketio.exceptions.DisconnectedError):
            self.stats.count("not_connected")
            self.stop.wait(0.2)

    def _timed(self, client, event, data):
        started = time.monotonic()
        answer = client.call(event, data, timeout=10)
        with self.stats.lock:
            self.stats.latencies[event].append(time.monotonic() - started)
        return answer


class Listener:
    """One WebSocket client that stays connected (python-socketio reconnects it if the server drops it) and
    records the id of every `message-create` of `room`."""

    def __init__(self, url, token, room):
        self.received = set()
        self.disconnects = 0
        self.ready = threading.Event()
        self.stopping = False
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2,
                                      handle_sigint=False)
        self.client.on("message-create", self._created)
        self.client.on("connect", self._connected)
        self.client.on("disconnect", self._disconnected)
        self.url, self.token, self.room = url, token, room

    def start(self):
        self.client.connect(self.url, auth={"token": self.token}, transports=["websocket"], wait_timeout=10)

    def _connected(self):
        self.client.start_background_task(self._subscribe)

    def _subscribe(self):
        try:
            self.client.call("subscribe", {"rooms": [self.room]}, timeout=10)
            self.ready.set()
        except socketio.exceptions.SocketIOError:
            pass

    def _created(self, data):
        message = (data or {}).get("message") or {}
        if message.get("roomId") == self.room:
            self.received.add(message.get("id"))

    def _disconnected(self, reason=None):
        if not self.stopping:
            self.disconnects += 1

    def stop(self):
        self.stopping = True
        self.client.disconnect()
