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
