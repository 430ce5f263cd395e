# SPDX-License-Identifier: MIT
"""The stock python-engineio client against Step2, on long-polling (the only transport of step 2)."""

import queue

import engineio
import pytest


def echo_round_trip(url, payloads, transports):
    """Connects, sends each payload, and returns what came back, in order."""
    received = queue.Queue()
    client = engineio.Client()
    client.on("message", received.put)
    client.connect(url, transports=transports, engineio_path="engine.io")
    try:
        for payload in payloads:
            client.send(payload)
        return [received.get(timeout=5) for _ in payloads], client.transport()
    finally:
        client.disconnect()


def test_python_engineio_echoes_text_and_binary_over_polling(start_step):
    url = start_step("Step2", "--quiet")
    echoed, transport = echo_round_trip(url, ["hello", "héllo wörld ☃", b"\x00\x01\x02\xff"], ["polling"])
    assert transport == "polling"
    assert echoed == ["hello", "héllo wörld ☃", b"\x00\x01\x02\xff"]


def test_python_engineio_sends_more_packets_than_fit_in_one_response(start_step):
    url = start_step("Step2", "--quiet")
    payloads = [f"message {i}" for i in range(50)]
    echoed, _ = echo_round_trip(url, payloads, ["polling"])
    assert echoed == payloads


def test_python_engineio_is_refused_with_an_unknown_transport(start_step):
    url = start_step("Step2", "--quiet")
    client = engineio.Client()
    with pytest.raises(engineio.exceptions.ConnectionError):
        client.connect(url, transports=["websocket"], engineio_path="engine.io")


def test_step2_logs_one_line_per_refused_request(start_step, tmp_path):
    """`--log-connection-errors`: the engine's `connection_error`, one line each (docs/steps/02-engineio.md)."""
    import time
    import urllib.error
    import urllib.request

    url = start_step("Step2", "--quiet", "--log-connection-errors")
    refused = [
        ("GET", "/engine.io/?EIO=4&transport=polling&sid=nope", 400),
        ("GET", "/engine.io/?EIO=3&transport=polling", 400),
        ("POST", "/engine.io/?EIO=4&transport=polling", 400),
    ]
    for method, path, status in refused:
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(urllib.request.Request(url + path, method=method, data=b"" if method == "POST" else None))
        assert error.value.code == status
    with urllib.request.urlopen(url + "/engine.io/?EIO=4&transport=polling") as accepted:
        assert accepted.status == 200
    log = tmp_path / "Step2-0.log"
    deadline = time.monotonic() + 5
    while log.read_text().count("connection_error") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = [line for line in log.read_text().splitlines() if line.startswith("connection_error")]
    assert lines == [
        'connection_error code=1 message="Session ID unknown" context={"sid":"nope"} remote=127.0.0.1 GET "EIO=4&transport=polling&sid=nope"',
        'connection_error code=5 message="Unsupported protocol version" context={"protocol":"3"} remote=127.0.0.1 GET "EIO=3&transport=polling"',
        'connection_error code=2 message="Bad handshake method" context={"method":"POST"} remote=127.0.0.1 POST "EIO=4&transport=polling"',
    ]


def test_the_session_cookie_reaches_a_browser_like_client(start_step):
    """`--cookie` (Node's `cookie: true`): the client's cookie jar holds `io=<sid>` for the whole site."""
    url = start_step("Step2", "--quiet", "--cookie")
    client = engineio.Client()
    client.connect(url, transports=["polling"], engineio_path="engine.io")
    try:
        cookie = next(c for c in client.http.cookies if c.name == "io")
        assert cookie.value == client.sid
        assert cookie.path == "/"
        assert cookie.has_nonstandard_attr("HttpOnly")
        assert cookie.get_nonstandard_attr("SameSite") == "Lax"
    finally:
        client.disconnect()
