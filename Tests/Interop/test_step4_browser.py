# SPDX-License-Identifier: MIT
"""Step4's two pages in headless Chromium with the official Socket.IO client: the chat of the docs' "Get started"
(two tabs, a message typed in one appears in both; Step4 runs one event loop: tabs on different loops are
test_chatdemo_browser.py's, with `--loops 3`), the namespaces demo (one connection, three namespaces, one
refused), and a megabyte echoed over WebSocket with permessage-deflate (issue 16; Chromium offers it by default).

The pages load the client from /socket.io/socket.io.js, which Step4 serves only with --client-bundle (the bundle is
never committed: SIO_CLIENT_BUNDLE, or /work/suites/client-dist/socket.io.js on the workshop machine); their CDN
fallback needs the Internet, so without a local bundle the test is skipped, as it is without Chromium.
"""

import os
import pathlib

import pytest

from chromium import Chromium, find_chromium


def official_bundle():
    for candidate in (os.environ.get("SIO_CLIENT_BUNDLE"), "/work/suites/client-dist/socket.io.js"):
        if candidate and pathlib.Path(candidate).is_file():
            return candidate
    return None


pytestmark = [
    pytest.mark.skipif(find_chromium() is None, reason="no chromium binary (apt-get install chromium)"),
    pytest.mark.skipif(official_bundle() is None, reason="no official client bundle here (set SIO_CLIENT_BUNDLE)"),
]


def test_the_chat_page_sends_a_message_to_every_tab(start_step, tmp_path):
    url = start_step("Step4", "--quiet", "--client-bundle", official_bundle())
    with Chromium.launch(tmp_path) as browser:
        tabs = [browser.new_page(url + "/") for _ in range(2)]
        for tab in tabs:
            tab.wait_for("document.getElementById('status').textContent.startsWith('connected as')",
                         message="the page's socket connects")
            # the official client starts with long-polling and upgrades to WebSocket
            tab.wait_for("document.getElementById('status').textContent.endsWith('over websocket')",
                         message="the connection upgrades to WebSocket")
        tabs[0].evaluate("document.getElementById('input').value = 'hello from tab 1';"
                         "document.getElementById('form').requestSubmit(); true")
        for tab in tabs:
            tab.wait_for("[...document.querySelectorAll('#messages li')].some(li => li.textContent === 'hello from tab 1')",
                         message="the message reaches every tab")
        assert tabs[1].evaluate("document.querySelectorAll('#messages li').length") == 1


def test_the_namespaces_page_multiplexes_one_connection(start_step, tmp_path):
    url = start_step("Step4", "--quiet", "--client-bundle", official_bundle())
    with Chromium.launch(tmp_path) as browser:
        page = browser.new_page(url + "/namespaces.html")
        page.wait_for("[...document.querySelectorAll('#rows tr')].every(r => r.cells[1].textContent !== '')",
                      message="every namespace answered")
        rows = page.evaluate("[...document.querySelectorAll('#rows tr')].map(r => [...r.cells].map(c => c.textContent))")
        by_name = {row[0]: row for row in rows}
        assert by_name["/random"][1] == "refused: Invalid namespace"
        accepted = [row for name, row in by_name.items() if name != "/random"]
        assert len({row[2] for row in accepted}) == 1, "one Engine.IO connection for every namespace"
        assert len({row[1] for row in accepted}) == 3, "a different socket id per namespace"
        page.wait_for("[...document.querySelectorAll('#rows tr')].filter(r => r.cells[3].textContent !== '').length === 3",
                      message="every echo acknowledged")
        echo = page.evaluate("document.querySelector('#rows tr').cells[3].textContent")
        assert echo.startswith('["hello /",{"at":')
        page.wait_for("document.getElementById('log').textContent.includes('the server says hello from /dynamic-')",
                      message="the dynamic namespace greets the page")


OFFICIAL_CLIENT_ECHO = """
new Promise((resolve, reject) => {
  const script = document.createElement('script');
  script.src = '/socket.io/socket.io.js';
  script.onerror = () => reject(new Error('no client bundle'));
  script.onload = () => {
    const socket = io({transports: ['websocket']});
    const payload = {text: 'chat '.repeat(200000), n: [1, 2, 3]};
    socket.on('connect', async () => {
      try {
        const answer = await socket.timeout(20000).emitWithAck('echo', payload);
        resolve({extensions: socket.io.engine.transport.ws.extensions,
                 same: JSON.stringify(answer) === JSON.stringify(payload),
                 length: JSON.stringify(payload).length});
      } catch (error) {
        reject(error);
      }
    });
    socket.on('connect_error', (error) => reject(error));
    socket.on('disconnect', (reason) => reject(new Error('disconnected: ' + reason)));
  };
  document.head.appendChild(script);
})
"""


def test_the_official_client_exchanges_a_megabyte_compressed_over_websocket(start_step, tmp_path):
    # A megabyte of JSON is past the default maxPayload (1,000,000 bytes), as it is in Node.
    url = start_step("Step4", "--quiet", "--per-message-deflate", "--max-payload", "2000000",
                     "--client-bundle", official_bundle())
    with Chromium.launch(tmp_path) as browser:
        page = browser.new_page(url + "/namespaces.html")
        page.wait_for("document.readyState === 'complete'")
        result = page.evaluate(OFFICIAL_CLIENT_ECHO)
    assert result["extensions"] == "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
    assert result["length"] >= 1_000_000
    assert result["same"]
