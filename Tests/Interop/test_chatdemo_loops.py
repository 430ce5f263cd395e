# SPDX-License-Identifier: MIT
"""ChatDemo on two event loops in one process (`--loops 2`), against stock python-socketio clients on
long-polling and WebSocket: it must behave as one server.

New connections are dealt to the loops in turn, so a test opens clients until each sits on the loop it wants.
Where a socket landed is in the daily log file: the record `socket <sid> of <name> connected over <transport>`
has the loop in its `loop` field."""

import json
import signal
import threading
import time

import pytest
import requests
import socketio

from test_chatdemo import ADMIN_PASSWORD, chat_session, events_until_pong, next_event
from test_chatdemo_ops import run_until_exit, scrape, start_chatdemo, stop, value


@pytest.fixture
def chat(start_step, tmp_path, monkeypatch):
    """The `chat` fixture of test_chatdemo.py, with two loops."""
    yield from chat_session(start_step, tmp_path, monkeypatch, "--loops", "2")


def loop_of(data, client, timeout=5):
    """The loop of `client`'s socket, from its "connected" record in the daily logs under `data`."""
    prefix = f"socket {client.get_sid()} of "
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in (data / "logs").glob("*.jsonl"):
            for line in path.read_text().splitlines():
                record = json.loads(line)
                if record["message"].startswith(prefix) and " connected over " in record["message"]:
                    return record["fields"]["loop"]
        time.sleep(0.02)
    raise AssertionError(f"no connected record for socket {client.get_sid()}")


def connect_on(chat, session, loop, transports=("websocket",)):
    """A client of `session` whose socket is on `loop` (others that landed elsewhere are disconnected)."""
    for _ in range(6):
        client = chat.connect(session, transports=transports)
        if loop_of(chat.data, client) == loop:
            return client
        client.disconnect()
    raise AssertionError(f"no socket of {session['user']['name']} landed on loop {loop}")


def wait_for_sockets(url, count, timeout=5):
    """Waits until `/metrics` counts `count` sockets (a disconnect is seen by the server a little later)."""
    deadline = time.monotonic() + timeout
    while value(scrape(url), "sio_sockets_connected", namespace="/") != count:
        assert time.monotonic() < deadline, f"the server does not count {count} sockets"
        time.sleep(0.02)


def user_online(chat, session):
    users = chat.api("GET", "/api/users", session["token"]).json()["users"]
    return next(user["online"] for user in users if user["id"] == session["user"]["id"])


def user_onlines(client, name):
    """Waits for the `user_online` of `name` (others are skipped)."""
    while next_event(client, "user_online")["name"] != name:
        pass


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_two_users_on_different_loops_chat_and_see_each_other_online(chat, transport):
    admin, alice, bob = chat.login("admin", ADMIN_PASSWORD), chat.register("alice"), chat.register("bob")
    room = chat.api("POST", "/api/rooms", alice["token"], name="general").json()["room"]
    assert chat.api("POST", f"/api/rooms/{room['id']}/join", bob["token"]).status_code == 200
    admin_socket = chat.connect(admin)
    alice_socket = connect_on(chat, alice, 0, transports=(transport,))
    bob_socket = connect_on(chat, bob, 1, transports=(transport,))
    user_onlines(admin_socket, "alice")
    user_onlines(admin_socket, "bob")

    for client in (alice_socket, bob_socket):
        assert client.call("subscribe", {"rooms": [room["id"]]}, timeout=5) == {"rooms": [room["id"]], "refused": []}
    presence = next_event(alice_socket, "presence")
    assert sorted(user["name"] for user in presence["online"]) == ["alice", "bob"]

    ack = alice_socket.call("send-message", {"roomId": room["id"], "text": "hi bob"}, timeout=5)
    assert next_event(bob_socket, "message-create")["message"]["id"] == ack["id"]
    reply = bob_socket.call("send-message", {"roomId": room["id"], "text": "hi alice"}, timeout=5)
    assert next_event(alice_socket, "message-create")["message"]["id"] == reply["id"]


def test_a_user_with_sockets_on_both_loops_is_online_until_the_last_one_leaves(chat):
    admin, alice = chat.login("admin", ADMIN_PASSWORD), chat.register("alice")
    admin_socket = chat.connect(admin)
    first = connect_on(chat, alice, 0)
    second = connect_on(chat, alice, 1, transports=("polling",))
    user_onlines(admin_socket, "alice")
    events_until_pong(admin_socket)  # sockets that landed on the wrong loop came and went while placing these

    first.disconnect()
    wait_for_sockets(chat.base, 2)
    assert not [event for event, _ in events_until_pong(admin_socket) if event in ("user_online", "user_offline")]
    assert user_online(chat, alice)
    second.disconnect()
    assert next_event(admin_socket, "user_offline") == {**alice["user"], "username": "alice", "type": "user"}
    assert not user_online(chat, alice)


def test_an_admin_rights_change_reaches_the_sockets_on_both_loops(chat):
    admin, alice, bob = chat.login("admin", ADMIN_PASSWORD), chat.register("alice"), chat.register("bob")
    room = chat.api("POST", "/api/rooms", bob["token"], name="general").json()["room"]["id"]
    chat.api("POST", f"/api/rooms/{room}/join", alice["token"])
    messages = [chat.api("POST", f"/api/rooms/{room}/messages", bob["token"], text=f"bob {n}").json()["message"]["id"]
                for n in range(3)]
    sockets = [connect_on(chat, alice, 0), connect_on(chat, alice, 1)]
    for client in sockets:
        assert client.call("delete-message", {"id": messages[0]}, timeout=5)["status"] == 403

    assert chat.api("PATCH", f"/api/users/{alice['user']['id']}", admin["token"], admin=True).status_code == 200
    for client, message in zip(sockets, messages):
        assert next_event(client, "user-update")["user"]["admin"] is True
        assert client.call("delete-message", {"id": message}, timeout=5) == {"ok": True}
    chat.connect(chat.register("carol"))
    for client in sockets:
        user_onlines(client, "carol")  # in the admins' room now, on both loops

    assert chat.api("PATCH", f"/api/users/{alice['user']['id']}", admin["token"], admin=False).status_code == 200
    for client in sockets:
        assert next_event(client, "user-update")["user"]["admin"] is False
        assert client.call("delete-message", {"id": messages[2]}, timeout=5)["status"] == 403


def test_an_admin_listening_on_one_loop_hears_what_is_logged_on_the_other(chat):
    admin, alice = chat.login("admin", ADMIN_PASSWORD), chat.register("alice")
    admin_socket, alice_socket = connect_on(chat, admin, 1), connect_on(chat, alice, 0)
    assert admin_socket.call("set_log_listener", {"level": 3}, timeout=5) == {"ok": True, "level": 3}
    assert alice_socket.call("message_all_users", {"message": "let me"}, timeout=5)["status"] == 403
    record = next_event(admin_socket, "log")
    assert record["levelName"] == "WARN" and "refused sending message_all_users by alice" in record["message"]


def test_metrics_describe_the_whole_process_whichever_loop_answers(chat):
    admin, alice, bob = chat.login("admin", ADMIN_PASSWORD), chat.register("alice"), chat.register("bob")
    connect_on(chat, alice, 0)
    connect_on(chat, bob, 1, transports=("polling",))
    connect_on(chat, admin, 1)
    accepted = []
    for _ in range(4):  # each scrape is a new connection: the loops answer in turn
        families = scrape(chat.base)
        assert value(families, "sio_sockets_connected", namespace="/") == 3
        assert value(families, "sio_engine_sessions", transport="websocket") == 2
        assert value(families, "sio_engine_sessions", transport="polling") == 1
        assert value(families, "chatdemo_authenticated_sockets") == 3
        assert value(families, "chatdemo_users_online") == 3
        assert value(families, "sio_adapter_connected", adapter="memory") == 1
        assert value(families, "chatdemo_ready") == 1
        accepted.append(value(families, "sio_http_connections_accepted", "sio_http_connections_accepted_total"))
    assert accepted == sorted(accepted) and accepted[-1] > accepted[0]


def test_sigterm_takes_both_loops_down_and_exits_0(tmp_path):
    process, url, log_path = start_chatdemo(tmp_path, "--loops", "2", "--log-format", "json")
    token = requests.post(url + "/api/login", json={"name": "admin", "password": "admin-password"}, timeout=10).json()["token"]
    clients, disconnected = [], []
    try:
        for _ in range(2):  # two connections in a row: one on each loop
            client = socketio.Client(reconnection=False)
            disconnected.append(threading.Event())
            client.on("disconnect", lambda *reason, done=disconnected[-1]: done.set())
            client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
            clients.append(client)
        assert sorted(loop_of(tmp_path / "data", client) for client in clients) == [0, 1]
        process.send_signal(signal.SIGTERM)
        assert all(event.wait(10) for event in disconnected), "a client saw no disconnect"
        assert process.wait(timeout=15) == 0, "a graceful shutdown exits with 0"
    finally:
        for client in clients:
            client.disconnect()
        stop(process)
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    assert sorted(r["fields"]["loop"] for r in records if r["message"] == "shutting down") == [0, 1]
    assert [r["message"] for r in records].count("stopped") == 1


def test_a_number_of_loops_outside_1_to_64_stops_the_start(tmp_path):
    expected = "expected a whole number from 1 to 64"
    assert run_until_exit(tmp_path, "--loops", "0") == (2, f"ChatDemo: invalid loops from the flag --loops: {expected}, got '0'")
    assert run_until_exit(tmp_path, env={"CHATDEMO_LOOPS": "65"}) == (
        2, f"ChatDemo: invalid loops from the environment variable CHATDEMO_LOOPS: {expected}, got '65'")
    config = tmp_path / "chatdemo.json"
    config.write_text('{"loops": "2"}')
    code, message = run_until_exit(tmp_path, "--config", str(config))
    assert code == 2 and message.endswith(f'{expected}, got "2"')
    assert not (tmp_path / "data").exists(), "nothing is created before the settings are valid"


def test_redis_and_several_loops_are_refused_together_and_redis_alone_runs_one_loop(tmp_path):
    """With Redis, the loops of one process would be Redis nodes that lose each other while Redis is down: a
    process then runs one loop, and several cores take one process each behind the proxy (docs/deploy.md)."""
    code, message = run_until_exit(tmp_path, "--redis", "redis://127.0.0.1:1", "--loops", "2")
    assert code == 2
    assert message.startswith("ChatDemo: loops 2 (from the flag --loops) cannot be combined with redis")
    assert not (tmp_path / "data").exists(), "nothing is created before the settings are valid"
