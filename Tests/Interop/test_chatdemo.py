# SPDX-License-Identifier: MIT
"""ChatDemo against the stock python-socketio client: two users, two devices of one user (the gid rule),
subscription replacement, notifications, and admin-only events. The restart test is in
test_chatdemo_restart.py."""

import queue

import pytest
import requests
import socketio

ADMIN_PASSWORD = "admin-password"


@pytest.fixture
def chat(start_step, tmp_path, monkeypatch):
    """A fresh ChatDemo (its own data directory) and helpers to log in and open sockets."""
    yield from chat_session(start_step, tmp_path, monkeypatch)


def chat_session(start_step, tmp_path, monkeypatch, *args):
    """Starts a fresh ChatDemo with `args` and yields the helpers of the `chat` fixture; its sockets are
    disconnected at the end."""
    monkeypatch.setenv("CHATDEMO_ADMIN_PASSWORD", ADMIN_PASSWORD)
    url = start_step("ChatDemo", "--data", str(tmp_path / "data"), "--pbkdf2-iterations", "1000", *args)
    sockets = []

    class Chat:
        base = url
        data = tmp_path / "data"

        @staticmethod
        def api(method, path, token=None, **body):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            return requests.request(method, url + path, json=body if method != "GET" else None, headers=headers, timeout=10)

        @classmethod
        def register(cls, name):
            answer = cls.api("POST", "/api/register", name=name, password=name + "-password")
            assert answer.status_code == 201, answer.text
            return answer.json()

        @classmethod
        def login(cls, name, password=None):
            answer = cls.api("POST", "/api/login", name=name, password=password or name + "-password")
            assert answer.status_code == 200, answer.text
            return answer.json()

        @staticmethod
        def connect(session, transports=("websocket",), auth_event=False):
            """A connected client whose received events land in `client.events` (a queue of (name, data))."""
            client = socketio.Client(reconnection=False)
            client.events = queue.Queue()
            # With connection state recovery (on in ChatDemo), each event's offset follows its data.
            client.on("*", lambda event, data=None, *offset: client.events.put((event, data)))
            if auth_event:
                client.connect(url, transports=list(transports))
                answer = client.call("authentication", {"token": session["token"]}, timeout=5)
                assert answer == {"status": 200, "message": "Authentication success"}
            else:
                client.connect(url, auth={"token": session["token"]}, transports=list(transports))
            sockets.append(client)
            return client

    yield Chat
    for client in sockets:
        client.disconnect()


def next_event(client, name, timeout=5):
    """The data of the next `name` event (others are skipped)."""
    while True:
        event, data = client.events.get(timeout=timeout)
        if event == name:
            return data


def events_until_pong(client):
    """Every event received before the server's answer to a `ping`: the server sends `pong` after anything
    it had already queued for this socket, so this proves an event was *not* sent, without sleeping."""
    client.call("ping", {}, timeout=5)
    seen = []
    while True:
        event, data = client.events.get(timeout=5)
        if event == "pong":
            return seen
        seen.append((event, data))


def test_two_users_chat_over_websocket_and_polling(chat):
    alice, bob = chat.register("alice"), chat.register("bob")
    room = chat.api("POST", "/api/rooms", alice["token"], name="general").json()["room"]
    assert chat.api("POST", f"/api/rooms/{room['id']}/join", bob["token"]).status_code == 200
    alice_socket = chat.connect(alice, transports=("websocket",))
    bob_socket = chat.connect(bob, transports=("polling",))
    for client in (alice_socket, bob_socket):
        assert client.call("subscribe", {"rooms": [room["id"]]}, timeout=5) == {"rooms": [room["id"]], "refused": []}

    ack = alice_socket.call("send-message", {"roomId": room["id"], "text": "hi bob"}, timeout=5)
    assert ack["message"]["text"] == "hi bob" and ack["id"] == ack["message"]["id"]
    assert next_event(bob_socket, "message-create")["message"]["id"] == ack["id"]

    reply = bob_socket.call("send-message", {"roomId": room["id"], "text": "hi alice"}, timeout=5)
    assert next_event(alice_socket, "message-create")["message"]["id"] == reply["id"]
    history = chat.api("GET", f"/api/rooms/{room['id']}/messages", alice["token"]).json()["messages"]
    assert [m["text"] for m in history] == ["hi bob", "hi alice"]


def test_the_authentication_event_within_the_deadline_also_works(chat):
    alice = chat.register("alice")
    client = chat.connect(alice, auth_event=True)
    assert client.call("ping", {}, timeout=5)["timestamp"] > 0


def test_an_http_post_is_not_echoed_to_the_device_with_the_same_gid(chat):
    laptop, phone, bob = chat.register("alice"), chat.login("alice"), chat.register("bob")
    assert laptop["gid"] != phone["gid"] and laptop["user"]["id"] == phone["user"]["id"]
    room = chat.api("POST", "/api/rooms", laptop["token"], name="general").json()["room"]
    chat.api("POST", f"/api/rooms/{room['id']}/join", bob["token"])
    sockets = {name: chat.connect(session) for name, session in (("laptop", laptop), ("phone", phone), ("bob", bob))}
    for client in sockets.values():
        client.call("subscribe", {"rooms": [room["id"]]}, timeout=5)

    posted = chat.api("POST", f"/api/rooms/{room['id']}/messages", laptop["token"], text="sent from the laptop")
    assert posted.status_code == 201
    assert next_event(sockets["phone"], "message-create")["message"]["text"] == "sent from the laptop"
    assert next_event(sockets["bob"], "message-create")["message"]["text"] == "sent from the laptop"
    assert "message-create" not in [event for event, _ in events_until_pong(sockets["laptop"])]


def test_each_subscribe_replaces_the_previous_set(chat):
    alice, bob = chat.register("alice"), chat.register("bob")
    rooms = [chat.api("POST", "/api/rooms", alice["token"], name=name).json()["room"]["id"] for name in ("one", "two")]
    for room in rooms:
        chat.api("POST", f"/api/rooms/{room}/join", bob["token"])
    client = chat.connect(bob)
    client.call("subscribe", {"rooms": [rooms[0]]}, timeout=5)
    client.call("subscribe", {"rooms": [rooms[1]]}, timeout=5)
    for room in rooms:
        chat.api("POST", f"/api/rooms/{room}/messages", alice["token"], text=f"in {room}")
    created = [data["message"]["roomId"] for event, data in events_until_pong(client) if event == "message-create"]
    assert created == [rooms[1]]
    # Room-list events are not subscriptions: they reach the user's sockets anyway.
    chat.api("POST", "/api/rooms", alice["token"], name="three")
    assert next_event(client, "room-create")["room"]["name"] == "three"


def test_a_mention_notifies_every_device_and_reading_it_updates_them_all(chat):
    alice, laptop, phone = chat.register("alice"), chat.register("bob"), chat.login("bob")
    room = chat.api("POST", "/api/rooms", alice["token"], name="general").json()["room"]
    devices = [chat.connect(laptop), chat.connect(phone, transports=("polling",))]
    alice_socket = chat.connect(alice)
    alice_socket.call("send-message", {"roomId": room["id"], "text": "hey @bob, look"}, timeout=5)
    notifications = [next_event(device, "new-notification") for device in devices]
    assert all(n["unread"] == 1 and n["notification"]["kind"] == "mention" for n in notifications)
    assert chat.api("GET", "/api/notifications/unread-count", laptop["token"]).json() == {"unread": 1}

    notification_id = notifications[0]["notification"]["id"]
    read = chat.api("POST", f"/api/notifications/{notification_id}/read", phone["token"]).json()
    assert read["unread"] == 0
    for device in devices:
        assert next_event(device, "updated-notification")["notification"]["read"] is True


def test_admin_events_are_refused_to_others_and_work_for_admins(chat):
    admin, alice = chat.login("admin", ADMIN_PASSWORD), chat.register("alice")
    admin_socket, alice_socket = chat.connect(admin), chat.connect(alice)
    for event, data in (("message_all_users", {"message": "hi"}), ("set_log_listener", {"level": 1}), ("fetch_daily_logs", {})):
        assert alice_socket.call(event, data, timeout=5) == {"error": "admins only", "status": 403}

    assert admin_socket.call("set_log_listener", {"level": 3}, timeout=5) == {"ok": True, "level": 3}
    alice_socket.call("message_all_users", {"message": "let me"}, timeout=5)
    record = next_event(admin_socket, "log")
    assert record["levelName"] == "WARN" and "refused sending message_all_users by alice" in record["message"]

    assert admin_socket.call("message_all_users", {"message": "maintenance tonight"}, timeout=5) == {"ok": True}
    assert next_event(alice_socket, "admin_message") == "maintenance tonight"
    logs = admin_socket.call("fetch_daily_logs", {}, timeout=5)
    assert any("refused" in entry["message"] for entry in logs)
    assert next_event(admin_socket, "daily_logs") == logs

    assert admin_socket.call("remove_log_listener", {}, timeout=5) == {"ok": True}


def test_admins_see_users_come_online_and_go_offline(chat):
    admin, alice = chat.login("admin", ADMIN_PASSWORD), chat.register("alice")
    admin_socket = chat.connect(admin)
    assert next_event(admin_socket, "user_online")["name"] == "admin"
    alice_socket = chat.connect(alice)
    public_alice = {**alice["user"], "username": "alice", "type": "user"}
    assert next_event(admin_socket, "user_online") == public_alice
    alice_socket.disconnect()
    assert next_event(admin_socket, "user_offline") == public_alice


def test_a_bad_token_is_refused_at_connect(chat):
    client = socketio.Client(reconnection=False)
    errors = []
    client.on("connect_error", lambda data: errors.append(data))
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(chat.base, auth={"token": "not-a-token"}, transports=["websocket"])
    assert errors and errors[0]["data"]["status"] == 401


def test_events_with_the_wrong_shape_are_answered_with_an_error_and_harm_nothing(chat):
    alice = chat.register("alice")
    room = chat.api("POST", "/api/rooms", alice["token"], name="general").json()["room"]
    client = chat.connect(alice)
    for event, data in (("send-message", "text"), ("send-message", {"roomId": room["id"]}), ("subscribe", {"rooms": "x"}),
                        ("send-message", {"roomId": room["id"], "text": "x" * 2001})):
        answer = client.call(event, data, timeout=5)
        assert answer["status"] == 400 and answer["error"]
        client.emit(event, data)  # without an ack: ignored
    assert client.call("send-message", {"roomId": room["id"], "text": "fine"}, timeout=5)["id"] > 0
    assert chat.api("GET", "/api/health").json() == {"status": "ok"}


def test_an_admin_listening_at_debug_level_over_long_polling_does_not_feed_back(chat):
    admin = chat.login("admin", ADMIN_PASSWORD)
    client = chat.connect(admin, transports=("polling",))
    assert client.call("set_log_listener", {"level": 1}, timeout=5) == {"ok": True, "level": 1}
    client.sleep(1)  # a feedback loop (each poll logged, each log answering a poll) would flood this second
    records = [data for event, data in events_until_pong(client) if event == "log"]
    assert len(records) < 20, [r["message"] for r in records[:5]]
