# SPDX-License-Identifier: MIT
"""Connection state recovery (issue 16), on the wire: a client whose transport drops for 10 s while the server
keeps emitting to its room comes back with its pid and last offset, and gets its socket back (same id, rooms
and data, `recovered`) and every event it missed, once and in order, before new ones.

python-socketio has no recovery (it drops the CONNECT answer's `pid` and keeps no offset), so the recovering
client here is a small long-polling client that speaks Engine.IO v4 / Socket.IO v5 by hand, as the official
JavaScript client would: it keeps the `pid` of the CONNECT answer and the last argument of each event (the
offset), and sends `{"pid", "offset"}` in its next CONNECT. The senders are stock python-socketio clients."""

import json
import time

import pytest
import requests
import socketio

from test_chatdemo import chat_session

DROP = 10           # seconds the transport stays down, as the issue asks
RECORD_SEPARATOR = "\x1e"


class RecoveringClient:
    """A long-polling client of `/`: CONNECT with `auth` (plus `pid`/`offset` to recover), events by hand."""

    def __init__(self, url, auth=None):
        self.url = url + "/socket.io/?EIO=4&transport=polling"
        self.polls, self.posts = requests.Session(), requests.Session()   # a long-poll and a POST at once
        opened = self.polls.get(self.url, timeout=5)
        assert opened.status_code == 200 and opened.text.startswith("0"), opened.text
        self.url += "&sid=" + json.loads(opened.text[1:])["sid"]
        self.received, self.offset, self.next_ack = [], None, 0
        self.send("40" + (json.dumps(auth) if auth else ""))
        answer = self.next()
        assert answer.startswith("0{"), answer
        self.connect_answer = json.loads(answer[1:])
        self.sid, self.pid = self.connect_answer["sid"], self.connect_answer.get("pid")

    def send(self, *packets):
        response = self.posts.post(self.url, data=RECORD_SEPARATOR.join(packets).encode(), timeout=5)
        assert response.status_code == 200, response.text

    def next(self):
        """The next Socket.IO packet (pings are answered). An event's last string argument is kept as the offset."""
        while True:
            while not self.received:
                response = self.polls.get(self.url, timeout=60)
                assert response.status_code == 200, response.text
                self.received = response.text.split(RECORD_SEPARATOR)
            packet = self.received.pop(0)
            if packet == "2":
                self.send("3")
                continue
            packet = packet[1:]                         # the Engine.IO message type, 4
            if packet.startswith("2["):
                data = json.loads(packet[1:])
                if self.pid and isinstance(data[-1], str):
                    self.offset = data[-1]
            return packet

    def event(self, name):
        """The arguments (offset left out) of the next `name` event; others are skipped."""
        while True:
            packet = self.next()
            if packet.startswith("2["):
                data = json.loads(packet[1:])
                if data[0] == name:
                    return data[1:-1] if self.pid else data[1:]

    def call(self, *event):
        """Emits `event` with an acknowledgement and returns the answer's arguments (events before it are lost)."""
        ack, self.next_ack = self.next_ack, self.next_ack + 1
        self.send(f"42{ack}" + json.dumps(list(event)))
        while True:
            packet = self.next()
            if packet.startswith(f"3{ack}["):
                return json.loads(packet[len(str(ack)) + 1:])

    def drop(self):
        """Closes the Engine.IO transport (`1`), not the socket: the server sees `transport close`."""
        self.send("1")

    def recover(self, url, auth=None):
        """A new connection that CONNECTs with this one's pid and last offset, as the official client does."""
        return RecoveringClient(url, dict(auth or {}, pid=self.pid, offset=self.offset))


def step4_sender(url):
    sender = socketio.Client(reconnection=False)
    sender.connect(url, transports=["websocket"])
    return sender


def joined_step4_client(url):
    """A client in room `r` with `data.remembered`, that has seen one event (so it holds an offset)."""
    client = RecoveringClient(url)
    assert client.pid, "the CONNECT answer carries a pid with --connection-state-recovery"
    assert client.call("join", "r") == [True]
    assert client.call("remember", "ada") == [True]
    return client


def test_step4_recovers_a_client_that_was_away_for_10_seconds(start_step):
    url = start_step("Step4", "--connection-state-recovery")
    client, sender = joined_step4_client(url), step4_sender(url)
    sender.emit("room message", ("r", 0))
    assert client.event("room message") == ["r", 0]
    client.drop()
    sent = 0
    deadline = time.monotonic() + DROP
    while time.monotonic() < deadline:
        sent += 1
        sender.emit("room message", ("r", sent))
        sender.emit("room message", ("elsewhere", sent))
        time.sleep(0.25)
    sender.call("echo", "flush", timeout=5)      # every emit above has been handled
    back = client.recover(url)
    assert (back.sid, back.pid) == (client.sid, client.pid)
    assert [back.event("room message")[1] for _ in range(sent)] == list(range(1, sent + 1))
    state = back.call("state")[0]
    assert state["recovered"] is True and state["id"] == client.sid
    assert state["rooms"] == sorted([client.sid, "r"]) and state["data"] == {"remembered": "ada"}
    sender.emit("room message", ("r", "new"))
    assert back.event("room message") == ["r", "new"]
    sender.disconnect()


def test_step4_gives_a_new_socket_after_the_window(start_step):
    url = start_step("Step4", "--connection-state-recovery", "--max-disconnection-duration", "1000")
    client, sender = joined_step4_client(url), step4_sender(url)
    sender.emit("room message", ("r", 0))
    assert client.event("room message") == ["r", 0]
    client.drop()
    time.sleep(1.5)
    back = client.recover(url)
    assert back.sid != client.sid and back.pid != client.pid
    state = back.call("state")[0]
    assert state["recovered"] is False and state["rooms"] == [back.sid] and state["data"] == {}
    sender.disconnect()


def test_step4_without_the_flag_sends_no_pid_and_no_offsets(start_step):
    url = start_step("Step4")
    client = RecoveringClient(url)
    assert client.pid is None and client.call("join", "r") == [True]
    sender = step4_sender(url)
    sender.emit("room message", ("r", 1))
    assert client.event("room message") == ["r", 1]
    sender.disconnect()


def loops_of(data, sid, count, timeout=5):
    """The loops of the first `count` "connected" records of socket `sid` in ChatDemo's daily logs."""
    deadline = time.monotonic() + timeout
    while True:
        loops = [record["fields"]["loop"] for path in sorted((data / "logs").glob("*.jsonl"))
                 for record in map(json.loads, path.read_text().splitlines())
                 if record["message"].startswith(f"socket {sid} of ") and " connected over " in record["message"]]
        if len(loops) >= count or time.monotonic() > deadline:
            return loops
        time.sleep(0.02)


@pytest.fixture
def chat(start_step, tmp_path, monkeypatch):
    """ChatDemo on two loops (recovery is on by default), with the helpers of test_chatdemo.py."""
    yield from chat_session(start_step, tmp_path, monkeypatch, "--loops", "2")


def test_chatdemo_on_two_loops_recovers_missed_messages_and_notifications_on_the_other_loop(chat):
    alice, bob = chat.register("alice"), chat.register("bob")
    room = chat.api("POST", "/api/rooms", alice["token"], name="general").json()["room"]
    assert chat.api("POST", f"/api/rooms/{room['id']}/join", bob["token"]).status_code == 200
    sender = chat.connect(alice)
    client = RecoveringClient(chat.base, {"token": bob["token"]})
    assert client.pid
    assert client.call("subscribe", {"rooms": [room["id"]]}) == [{"rooms": [room["id"]], "refused": []}]
    sender.call("send-message", {"roomId": room["id"], "text": "before", "clientId": "before"}, timeout=5)
    assert client.event("message-create")[0]["message"]["text"] == "before"
    [first_loop] = loops_of(chat.data, client.sid, 1)
    client.drop()

    texts, deadline = [], time.monotonic() + DROP
    while time.monotonic() < deadline:
        text = f"m{len(texts)}" + (" @bob" if len(texts) % 5 == 0 else "")
        sender.call("send-message", {"roomId": room["id"], "text": text, "clientId": text}, timeout=5)
        texts.append(text)
        time.sleep(0.25)

    # New connections are dealt to the loops in turn: a probe shows whose turn it is, so that the next one,
    # the recovering connection, lands on the loop bob was not on.
    while True:
        probe = chat.connect(alice, transports=("polling",))
        [probe_loop] = loops_of(chat.data, probe.get_sid(), 1)
        probe.disconnect()
        if probe_loop == first_loop:
            break
    back = client.recover(chat.base, {"token": bob["token"]})
    assert back.sid == client.sid
    assert loops_of(chat.data, client.sid, 2)[1] != first_loop

    created, notified = [], []
    while len(created) < len(texts) or len(notified) < len(texts[::5]):
        packet = back.next()
        if not packet.startswith("2["):
            continue
        name, data = json.loads(packet[1:])[:2]
        if name == "message-create":
            created.append(data["message"]["text"])
        elif name == "new-notification":
            notified.append(data["notification"]["excerpt"])
    assert created == texts
    assert len(notified) == len(texts[::5])
    sender.call("send-message", {"roomId": room["id"], "text": "after", "clientId": "after"}, timeout=5)
    assert back.event("message-create")[0]["message"]["text"] == "after"
