# SPDX-License-Identifier: MIT
"""The ChatDemo page in headless Chromium: two users register, chat, and a mention notification arrives.

Run once with the page's own client (sio-client.js) and once with the official Socket.IO client bundle when
one is available locally (SIO_CLIENT_BUNDLE, or /work/suites/client-dist/socket.io.js on the workshop
machine; never committed). Screenshots go to .build/artifacts/chatdemo-browser/. Skipped without Chromium
(`apt-get install chromium`).
"""

import json
import os
import pathlib

import pytest

from chromium import Chromium, find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="no chromium binary (apt-get install chromium)")

REPO = pathlib.Path(os.environ.get("SIO_REPO_ROOT") or pathlib.Path(__file__).resolve().parents[2])
ARTIFACTS = REPO / ".build" / "artifacts" / "chatdemo-browser"


def official_bundle():
    for candidate in (os.environ.get("SIO_CLIENT_BUNDLE"), "/work/suites/client-dist/socket.io.js"):
        if candidate and pathlib.Path(candidate).is_file():
            return candidate
    return None


CLIENTS = [
    pytest.param("ours", id="sio-client.js"),
    pytest.param("official", id="official-bundle", marks=pytest.mark.skipif(
        official_bundle() is None, reason="no official client bundle here (set SIO_CLIENT_BUNDLE)")),
]


def fill_and_submit(page, form, **fields):
    assignments = "".join(f"document.getElementById({json.dumps(k.replace('_', '-'))}).value = {json.dumps(v)};" for k, v in fields.items())
    page.evaluate(assignments + f"document.getElementById({json.dumps(form)}).requestSubmit(); true")


def register(page, name, password):
    page.evaluate(
        f"document.getElementById('login-name').value = {json.dumps(name)};"
        f"document.getElementById('login-password').value = {json.dumps(password)};"
        "document.getElementById('register-button').click(); true")
    page.wait_for("!document.getElementById('chat-view').hidden", message=f"{name} reaches the chat view")
    page.wait_for("document.getElementById('status').textContent === 'online'", message=f"{name}'s socket connects")


def message_texts(page):
    return page.evaluate("[...document.querySelectorAll('#messages .message:not(.pending) .text')].map(e => e.textContent)")


@pytest.mark.parametrize("client", CLIENTS)
def test_two_users_chat_in_the_browser_and_a_mention_notification_arrives(start_step, tmp_path, client):
    # three event loops: the two users' tabs and their requests land on different loops
    args = ["--data", str(tmp_path / "data"), "--pbkdf2-iterations", "1000", "--loops", "3"]
    if client == "official":
        args += ["--client-bundle", official_bundle()]
    url = start_step("ChatDemo", *args)
    shots = ARTIFACTS / client

    with Chromium.launch(tmp_path) as browser:
        alice = browser.new_page(url + "/")
        bob = browser.new_page(url + "/")
        expected_client = "official socket.io" if client == "official" else "sio-client.js"
        assert expected_client in alice.evaluate("document.getElementById('client-name').textContent")

        register(alice, "alice", "alice-password")
        register(bob, "bob", "bob-password1")

        # Alice creates a room; it appears in Bob's "Other rooms" through room-create, and he joins it.
        fill_and_submit(alice, "create-room-form", new_room_name="general")
        alice.wait_for("document.getElementById('room-title').textContent === '# general'")
        bob.wait_for("[...document.querySelectorAll('#other-rooms .room-name')].some(b => b.textContent === '# general')",
                     message="room-create reaches bob")
        bob.evaluate("[...document.querySelectorAll('#other-rooms .room-name')].find(b => b.textContent === '# general').click(); true")
        bob.wait_for("document.getElementById('room-title').textContent === '# general'")
        alice.wait_for("document.getElementById('presence').textContent.includes('bob')", message="alice sees bob online in the room")

        # Alice mentions Bob: the message reaches Bob's room view, and his bell gets an unread notification.
        fill_and_submit(alice, "composer", message_input="hello @bob, welcome!")
        alice.wait_for("document.querySelectorAll('#messages .message:not(.pending)').length === 1", message="alice's message is acknowledged")
        bob.wait_for("[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'hello @bob, welcome!')",
                     message="message-create reaches bob")
        bob.wait_for("document.getElementById('unread-badge').textContent === '1' && !document.getElementById('unread-badge').hidden",
                     message="bob's bell shows one unread notification")

        # Bob types (alice sees the volatile typing indicator) and replies.
        bob.evaluate("const i = document.getElementById('message-input'); i.value = 'h'; i.dispatchEvent(new Event('input')); true")
        alice.wait_for("document.getElementById('typing').textContent.includes('bob is typing')", message="typing reaches alice")
        fill_and_submit(bob, "composer", message_input="hi alice!")
        alice.wait_for("document.querySelectorAll('#messages .text').length === 2 && "
                       "[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'hi alice!')",
                       message="bob's reply reaches alice")
        assert message_texts(alice) == ["hello @bob, welcome!", "hi alice!"]

        bob.evaluate("document.getElementById('bell').click(); true")
        bob.wait_for("document.querySelectorAll('#notifications .notification.unread').length === 1")
        alice.screenshot(shots / "alice.png")
        bob.screenshot(shots / "bob-notification.png")

        # Reading the notification over HTTP clears the badge (updated-notification).
        bob.evaluate("document.querySelector('#notifications .notification').click(); true")
        bob.wait_for("document.getElementById('unread-badge').hidden", message="the badge clears after reading")
        assert message_texts(bob) == ["hello @bob, welcome!", "hi alice!"]

        # A direct message: the conversation appears in Alice's rooms (room-create, user-update) and her bell rings.
        fill_and_submit(bob, "direct-form", direct_name="alice")
        bob.wait_for("document.getElementById('room-title').textContent.startsWith('@ ')", message="bob opens the direct room")
        fill_and_submit(bob, "composer", message_input="psst, a direct message")
        alice.wait_for("document.getElementById('unread-badge').textContent === '1'", message="alice's bell rings for the direct message")
        alice.wait_for("[...document.querySelectorAll('#my-rooms .room-name')].some(b => b.textContent === '@ alice, bob')",
                       message="the direct room is among alice's rooms")
        alice.evaluate("document.getElementById('bell').click(); document.querySelector('#notifications .notification').click(); true")
        alice.wait_for("[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'psst, a direct message')",
                       message="opening the notification opens the direct room")
        alice.screenshot(shots / "alice-direct.png")


def test_our_client_reconnects_after_a_restart_resubscribes_and_delivers_what_was_sent_offline(tmp_path):
    from test_chatdemo_restart import register, bearer, start, stop, stored_messages
    from conftest import _free_port
    import requests

    port, data = _free_port(), tmp_path / "data"
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "chatdemo.log", "wb")
    process = start(port, data, log)
    try:
        alice = register(url, "alice")
        room = requests.post(url + "/api/rooms", json={"name": "general"}, headers=bearer(alice), timeout=10).json()["room"]
        with Chromium.launch(tmp_path) as browser:
            page = browser.new_page(url + "/")
            page.evaluate(f"localStorage.setItem('chatdemo.session', {json.dumps(json.dumps(alice))}); location.reload(); true")
            page.wait_for("document.getElementById('status').textContent === 'online' && "
                          "document.getElementById('room-title').textContent === '# general'", message="the saved login connects")

            stop(process)                                            # SIGTERM
            page.wait_for("document.getElementById('status').textContent !== 'online'", message="the page notices")
            fill_and_submit(page, "composer", message_input="written while the server was down")
            assert page.evaluate("document.querySelectorAll('#messages .message.pending').length") == 1

            process = start(port, data, log)
            page.wait_for("document.getElementById('status').textContent === 'online'", timeout=20, message="the page reconnects")
            page.wait_for("document.querySelectorAll('#messages .message.pending').length === 0 && "
                          "document.querySelectorAll('#messages .message').length === 1", message="the pending message is acknowledged")
            # Re-subscribed: a message posted over HTTP by another device reaches the page.
            other_device = requests.post(url + "/api/login", json={"name": "alice", "password": "alice-password"}, timeout=10).json()
            requests.post(url + f"/api/rooms/{room['id']}/messages", json={"text": "from my phone"}, headers=bearer(other_device), timeout=10)
            page.wait_for("[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'from my phone')",
                          message="message-create reaches the re-subscribed page")
            page.screenshot(ARTIFACTS / "ours" / "after-restart.png")
        assert list(stored_messages(url, room["id"], alice)) != []
        texts = sorted(requests.get(url + f"/api/rooms/{room['id']}/messages", headers=bearer(alice), timeout=10).json()["messages"],
                       key=lambda m: m["id"])
        assert [m["text"] for m in texts] == ["written while the server was down", "from my phone"]
    finally:
        stop(process)
        log.close()


def test_our_client_falls_back_to_long_polling_when_websocket_cannot_open(start_step, tmp_path):
    url = start_step("ChatDemo", "--data", str(tmp_path / "data"), "--pbkdf2-iterations", "1000")
    with Chromium.launch(tmp_path) as browser:
        page = browser.new_page()
        # A WebSocket that always fails, as behind a proxy that drops the Upgrade header.
        page.send("Page.addScriptToEvaluateOnNewDocument", {"source": """
            window.WebSocket = class { constructor() { setTimeout(() => this.onerror && this.onerror(new Event('error')), 10); }
                                       send() {} close() {} };"""})
        page.navigate(url + "/")
        register(page, "alice", "alice-password")
        fill_and_submit(page, "create-room-form", new_room_name="general")
        page.wait_for("document.getElementById('room-title').textContent === '# general'")
        fill_and_submit(page, "composer", message_input="over long-polling")
        page.wait_for("document.querySelectorAll('#messages .message:not(.pending)').length === 1", message="acknowledged over polling")
        assert page.evaluate("performance.getEntriesByType('resource').some(e => e.name.includes('transport=polling'))")


def test_the_page_reads_the_seed_shapes_of_the_admin_events_and_of_an_edit(start_step, tmp_path, monkeypatch):
    """`daily_logs` (an array of log events), `admin_message` (a string) and `version-create` (an edit made on
    another device) as the page shows them (docs/chatdemo.md, "The seed documents' events")."""
    from test_chatdemo_restart import bearer, register as register_over_http
    import requests

    monkeypatch.setenv("CHATDEMO_ADMIN_PASSWORD", "admin-password")
    url = start_step("ChatDemo", "--data", str(tmp_path / "data"), "--pbkdf2-iterations", "1000")
    admin = requests.post(url + "/api/login", json={"name": "admin", "password": "admin-password"}, timeout=10).json()
    alice = register_over_http(url, "alice")
    room = requests.post(url + "/api/rooms", json={"name": "general"}, headers=bearer(alice), timeout=10).json()["room"]
    posted = requests.post(url + f"/api/rooms/{room['id']}/messages", json={"text": "first"}, headers=bearer(alice), timeout=10)
    with Chromium.launch(tmp_path) as browser:
        pages = {}
        for name, session in (("admin", admin), ("alice", alice)):
            page = pages[name] = browser.new_page(url + "/")
            page.evaluate(f"localStorage.setItem('chatdemo.session', {json.dumps(json.dumps(session))}); location.reload(); true")
            page.wait_for("document.getElementById('status').textContent === 'online'", message=f"{name}'s saved login connects")
        pages["alice"].wait_for("[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'first')",
                                message="alice's room shows her message")

        pages["admin"].evaluate("document.getElementById('log-fetch').click(); true")
        pages["admin"].wait_for(r"/^\d\d:\d\d:\d\d INFO  registered alice/m.test(document.getElementById('log-output').textContent)",
                                message="daily_logs fills the admin's log view")
        fill_and_submit(pages["admin"], "broadcast-form", broadcast_text="maintenance at 22:00")
        pages["alice"].wait_for("document.getElementById('banner').textContent === 'Message from an admin: maintenance at 22:00'",
                                message="admin_message reaches alice's banner")

        phone = requests.post(url + "/api/login", json={"name": "alice", "password": "alice-password"}, timeout=10).json()
        edit = requests.patch(url + f"/api/messages/{posted.json()['message']['id']}", json={"text": "first, edited"},
                              headers=bearer(phone), timeout=10)
        assert edit.status_code == 200, edit.text
        pages["alice"].wait_for("[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'first, edited')",
                                message="version-create updates the message on alice's page")
        pages["admin"].screenshot(ARTIFACTS / "ours" / "admin-seed-shapes.png")
