# SPDX-License-Identifier: MIT
"""ChatDemo against a python-socketio client written only from the seed documents' payloads (issue 19):

- audiobookshelf's server/SocketAuthority.js and server/Logger.js: `auth` with the token as a bare string,
  answered by `init` `{userId, username}` (and `usersOnline` for admins) or `invalid_token`; `user_online` /
  `user_offline`, `user_added` / `user_removed` (to admins) and `user_updated` (to the user) with a user that
  has `id` and `username`; `message_all_users` `{message}` answered by `admin_message` with a string;
  `set_log_listener` with a level number, `log` `{timestamp, source, message, levelName, level}` with
  `levelName` DEBUG/INFO/WARN/ERROR and `timestamp` "YYYY-MM-DD HH:MM:SS"; `fetch_daily_logs` answered by
  `daily_logs` with an array of such log events; `ping` answered by `pong`.
- the Localful Socket.io reference: `subscribe` `{"vaults": [...]}`; user events `user-password-change` and
  `user-email-change`, and data events `version-create` / `version-delete` for subscribed vaults, never sent
  to the device (token `gid`) whose HTTP request caused them. A vault is a chat room here.

The client never uses the demo's own socket keys (`{"token":...}`, `{"rooms":[...]}`); it uses the HTTP API
for changes, as the Localful reference says clients do. The demo's docs/chatdemo.md ("The seed documents'
events") maps every row to this file."""

import queue
import re

import socketio

from test_chatdemo import ADMIN_PASSWORD, chat, next_event  # noqa: F401 (chat: the fixture)

LOG_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
LEVEL_NAMES = {"DEBUG", "INFO", "WARN", "ERROR"}


def seed_client(chat, token):
    """Connects without credentials, then authenticates as audiobookshelf's client does: `auth` with the
    bare token. Returns the client, whose events land in `client.events`, and the `init` payload."""
    client = socketio.Client(reconnection=False)
    client.events = queue.Queue()
    client.on("*", lambda event, data=None, *offset: client.events.put((event, data)))
    client.connect(chat.base, transports=["websocket"])
    client.emit("auth", token)
    return client, next_event(client, "init")


def events_until_pong(client):
    """The events received before the `pong` answering a `ping` (audiobookshelf's: no payload needed). The
    server answers after everything it had queued for this socket, so this proves an event was not sent."""
    client.emit("ping")
    seen = []
    while True:
        event, data = client.events.get(timeout=5)
        if event == "pong":
            return seen
        seen.append(event)


def test_auth_with_a_bare_token_answers_init_and_admins_get_the_users_online(chat):
    alice = chat.register("alice")
    alice_client, init = seed_client(chat, alice["token"])
    assert init["userId"] == alice["user"]["id"] and init["username"] == "alice"
    assert "usersOnline" not in init
    admin = chat.login("admin", ADMIN_PASSWORD)
    admin_client, admin_init = seed_client(chat, admin["token"])
    assert admin_init["username"] == "admin"
    online = {user["username"]: user for user in admin_init["usersOnline"]}
    assert online["alice"]["id"] == alice["user"]["id"] and online["alice"]["connections"] == 1
    assert online["admin"]["connections"] == 1

    second, _ = seed_client(chat, alice["token"])
    assert second.get_sid() and events_until_pong(admin_client) == []  # not alice's first socket: no user_online
    second.disconnect()
    alice_client.disconnect()
    offline = next_event(admin_client, "user_offline")
    assert offline["id"] == alice["user"]["id"] and offline["username"] == "alice"
    admin_client.disconnect()


def test_a_bad_token_answers_invalid_token(chat):
    client = socketio.Client(reconnection=False)
    events = queue.Queue()
    client.on("*", lambda event, data=None, *offset: events.put(event))
    client.connect(chat.base, transports=["websocket"])
    client.emit("auth", "not-a-token")
    assert events.get(timeout=5) == "invalid_token"
    client.disconnect()


def test_admin_message_is_a_string_and_log_events_have_the_seed_shape(chat):
    admin, alice = chat.login("admin", ADMIN_PASSWORD), chat.register("alice")
    admin_client, _ = seed_client(chat, admin["token"])
    alice_client, _ = seed_client(chat, alice["token"])
    admin_client.emit("set_log_listener", 3)  # WARN and above
    events_until_pong(admin_client)
    alice_client.emit("message_all_users", {"message": "let me"})  # not an admin: refused, logged as a warning
    record = next_event(admin_client, "log")
    assert set(record) >= {"timestamp", "source", "message", "levelName", "level"}
    assert record["levelName"] == "WARN" and record["level"] == 3 and LOG_TIME.fullmatch(record["timestamp"])
    assert "message_all_users" in record["message"]

    admin_client.emit("message_all_users", {"message": "maintenance tonight"})
    assert next_event(alice_client, "admin_message") == "maintenance tonight"
    assert next_event(admin_client, "admin_message") == "maintenance tonight"
    admin_client.emit("remove_log_listener")

    admin_client.emit("fetch_daily_logs")
    logs = next_event(admin_client, "daily_logs")
    assert isinstance(logs, list) and logs
    assert all(entry["levelName"] in LEVEL_NAMES and LOG_TIME.fullmatch(entry["timestamp"]) for entry in logs)
    assert any("registered alice" in entry["message"] for entry in logs)
    for client in (admin_client, alice_client):
        client.disconnect()


def test_admins_hear_of_accounts_added_and_removed_and_the_user_of_their_update(chat):
    admin = chat.login("admin", ADMIN_PASSWORD)
    admin_client, _ = seed_client(chat, admin["token"])
    bob = chat.register("bob")
    added = next_event(admin_client, "user_added")
    assert added["id"] == bob["user"]["id"] and added["username"] == "bob"
    bob_client, _ = seed_client(chat, bob["token"])
    assert chat.api("PATCH", f"/api/users/{bob['user']['id']}", admin["token"], admin=True).status_code == 200
    updated = next_event(bob_client, "user_updated")
    assert updated["id"] == bob["user"]["id"] and updated["username"] == "bob" and updated["type"] == "admin"
    assert chat.api("DELETE", f"/api/users/{bob['user']['id']}", admin["token"]).status_code == 204
    removed = next_event(admin_client, "user_removed")
    assert removed["id"] == bob["user"]["id"] and removed["username"] == "bob"
    admin_client.disconnect()


def test_password_and_email_changes_reach_the_users_other_devices_only(chat):
    alice = chat.register("alice")
    laptop = chat.login("alice")
    phone_client, _ = seed_client(chat, alice["token"])
    laptop_client, _ = seed_client(chat, laptop["token"])

    answer = chat.api("PATCH", "/api/me", laptop["token"], currentPassword="alice-password", password="a-new-password")
    assert answer.status_code == 204, answer.text
    assert "user-password-change" in [event for event in events_until_pong(phone_client)]
    assert "user-password-change" not in events_until_pong(laptop_client)

    answer = chat.api("PUT", "/api/me/email", laptop["token"], email="alice@example.org")
    assert answer.status_code == 200, answer.text
    assert next_event(phone_client, "user-email-change")["email"] == "alice@example.org"
    assert next_event(laptop_client, "user_updated")["email"] == "alice@example.org"
    assert "user-email-change" not in events_until_pong(laptop_client)
    for client in (phone_client, laptop_client):
        client.disconnect()


def test_version_events_reach_the_subscribers_of_a_vault_except_the_editing_device(chat):
    alice, bob = chat.register("alice"), chat.register("bob")
    room = chat.api("POST", "/api/rooms", alice["token"], name="vault").json()["room"]
    chat.api("POST", f"/api/rooms/{room['id']}/join", bob["token"])
    message = chat.api("POST", f"/api/rooms/{room['id']}/messages", alice["token"], text="first").json()["message"]
    alice_client, _ = seed_client(chat, alice["token"])
    bob_client, _ = seed_client(chat, bob["token"])
    for client in (alice_client, bob_client):
        client.emit("subscribe", {"vaults": [room["id"]]})
        events_until_pong(client)

    edit = chat.api("PATCH", f"/api/messages/{message['id']}", alice["token"], text="second")
    assert edit.status_code == 200, edit.text
    version_id = edit.json()["version"]["id"]
    created = next_event(bob_client, "version-create")
    assert created["version"]["id"] == version_id and created["version"]["text"] == "second"
    assert "version-create" not in events_until_pong(alice_client)

    deleted = chat.api("DELETE", f"/api/messages/{message['id']}/versions/{version_id}", alice["token"])
    assert deleted.status_code == 204, deleted.text
    assert next_event(bob_client, "version-delete")["id"] == version_id
    assert "version-delete" not in events_until_pong(alice_client)

    bob_client.emit("subscribe", {"vaults": []})  # re-sending overwrites the previous subscriptions
    events_until_pong(bob_client)
    chat.api("PATCH", f"/api/messages/{message['id']}", alice["token"], text="third")
    assert "version-create" not in events_until_pong(bob_client)
    for client in (alice_client, bob_client):
        client.disconnect()
