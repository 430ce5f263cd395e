# SPDX-License-Identifier: MIT
"""The stock python-engineio client against Step3: WebSocket only, and long-polling upgraded to WebSocket."""

import queue

import engineio

MESSAGES = ["hello", "héllo wörld ☃", "", b"\x00\x01\x02\xff", "x" * 70_000, bytes(range(256)) * 300]


def echo_round_trip(url, payloads, transports):
    """Connects, sends each payload, and returns what came back (in order) and the transport in use."""
    received = queue.Queue()
    client = engineio.Client()
    client.on("message", received.put)
    client.connect(url, transports=transports, engineio_path="engine.io")
    try:
        transport = client.transport()
        for payload in payloads:
            client.send(payload)
        return [received.get(timeout=5) for _ in payloads], transport
    finally:
        client.disconnect()


def test_python_engineio_echoes_text_and_binary_over_websocket_only(start_step):
    url = start_step("Step3", "--quiet")
    echoed, transport = echo_round_trip(url, MESSAGES, ["websocket"])
    assert transport == "websocket"
    assert echoed == MESSAGES


def test_python_engineio_upgrades_from_polling_and_echoes_over_websocket(start_step):
    url = start_step("Step3", "--quiet")
    echoed, transport = echo_round_trip(url, MESSAGES, ["polling", "websocket"])
    assert transport == "websocket"
    assert echoed == MESSAGES


def test_python_engineio_still_echoes_over_polling_only(start_step):
    url = start_step("Step3", "--quiet")
    echoed, transport = echo_round_trip(url, MESSAGES[:4], ["polling"])
    assert transport == "polling"
    assert echoed == MESSAGES[:4]


def test_python_engineio_survives_heartbeats_over_websocket(start_step):
    url = start_step("Step3", "--quiet", "--ping-interval", "100", "--ping-timeout", "200")
    received = queue.Queue()
    client = engineio.Client()
    client.on("message", received.put)
    client.connect(url, transports=["websocket"], engineio_path="engine.io")
    try:
        client.sleep(0.6)  # several pings answered by the client's pongs
        client.send("still here")
        assert received.get(timeout=5) == "still here"
    finally:
        client.disconnect()
