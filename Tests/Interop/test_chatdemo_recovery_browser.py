# SPDX-License-Identifier: MIT
"""ChatDemo's connection state recovery in headless Chromium with the page's own client (sio-client.js), on
two event loops: Bob's WebSocket drops and stays down for 10 s while Alice posts messages and mentions him;
when it comes back the page is recovered (same socket id, `socket.recovered`) and shows what he missed, with
the mention's notification, without reloading and without fetching the room's history again."""

import json

import pytest
import requests

from chromium import Chromium, find_chromium
from test_chatdemo_restart import bearer, register

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="no chromium binary (apt-get install chromium)")

DROP_MS = 10_000


def test_the_page_gets_what_it_missed_while_its_connection_was_down(start_step, tmp_path):
    url = start_step("ChatDemo", "--data", str(tmp_path / "data"), "--pbkdf2-iterations", "1000", "--loops", "2")
    alice, bob = register(url, "alice"), register(url, "bob")
    room = requests.post(url + "/api/rooms", json={"name": "general"}, headers=bearer(alice), timeout=10).json()["room"]
    assert requests.post(url + f"/api/rooms/{room['id']}/join", headers=bearer(bob), timeout=10).status_code == 200

    def post(text):
        answer = requests.post(url + f"/api/rooms/{room['id']}/messages", json={"text": text}, headers=bearer(alice), timeout=10)
        assert answer.status_code in (200, 201), answer.text

    with Chromium.launch(tmp_path) as browser:
        page = browser.new_page(url + "/")
        page.evaluate(f"localStorage.setItem('chatdemo.session', {json.dumps(json.dumps(bob))}); location.reload(); true")
        page.wait_for("document.getElementById('status').textContent === 'online' && "
                      "document.getElementById('room-title').textContent === '# general'", message="bob's page connects")
        post("before")
        page.wait_for("[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'before')",
                      message="a first message (and its offset) reaches the page")
        first_id = page.evaluate("state.socket.id")
        # Count the history requests from now on, then drop the WebSocket and keep the page away for DROP_MS.
        page.evaluate(f"""
            window.historyFetches = 0;
            const originalFetch = window.fetch;
            window.fetch = (path, ...rest) => {{
                if (String(path).includes('/messages')) window.historyFetches += 1;
                return originalFetch(path, ...rest);
            }};
            const s = state.socket;
            s.options.reconnectionDelay = s.options.reconnectionDelayMax = {DROP_MS};
            s.options.randomizationFactor = 0;
            s.engine.transport.ws.close();
            true""")
        page.wait_for("document.getElementById('status').textContent !== 'online'", message="the page notices the drop")
        missed = [f"missed {n}" for n in range(5)] + ["hey @bob, you missed this"]
        for text in missed:
            post(text)

        page.wait_for("document.getElementById('status').textContent === 'online'", timeout=DROP_MS / 1000 + 10,
                      message="the page reconnects")
        assert page.evaluate("state.socket.recovered") is True
        assert page.evaluate("state.socket.id") == first_id
        page.wait_for("document.querySelectorAll('#messages .text').length === 7", message="the missed messages arrive")
        texts = page.evaluate("[...document.querySelectorAll('#messages .text')].map(e => e.textContent)")
        assert texts == ["before"] + missed
        page.wait_for("document.getElementById('unread-badge').textContent === '1'", message="the mention's notification arrives")
        assert page.evaluate("window.historyFetches") == 0

        post("after")
        page.wait_for("[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'after')",
                      message="the recovered socket is still in the room")
        assert page.evaluate("window.historyFetches") == 0
