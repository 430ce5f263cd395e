# SPDX-License-Identifier: MIT
"""The stock python-socketio AsyncClient against Step4, over long-polling only, WebSocket only, and long-polling
upgraded to WebSocket: namespaces, events and acknowledgements both ways, binary payloads, rooms, broadcasts
that leave the sender out, refusals and disconnect reasons.

Step4's event contract (Sources/Steps/04-rooms/Step4/ChatExample.swift): `chat message` and `broadcast` are
re-emitted to everyone, `join`/`leave` acknowledge with true, `room message` (room, payload) reaches the room's
other members, `echo` acknowledges with its arguments (also on /admin), and `ask` makes the server ask the sender
`question` with an acknowledgement.

Every test runs twice: with the default parser, and with the msgpack parser (`Step4 --parser msgpack`, and the
client's `serializer="msgpack"`: one binary Engine.IO message per packet, bytes as MessagePack `bin`).
"""

import asyncio
import re

import pytest
import socketio

TRANSPORTS = [["polling"], ["websocket"], ["polling", "websocket"]]
IDS = ["polling", "websocket", "polling-then-upgrade"]
TIMEOUT = 5


@pytest.fixture(params=["default", "msgpack"], ids=["default-parser", "msgpack-parser"])
def serializer(request):
    """The parser of the server and of its clients."""
    return request.param


@pytest.fixture
def start_step4(start_step, serializer):
    """Starts Step4 with the parser under test: start_step4(*args) -> URL."""
    return lambda *args: start_step("Step4", "--parser", serializer, *args)


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 30))


class Inbox:
    """Collects the events a client receives, per event name."""

    def __init__(self, client, *events, namespace="/"):
        self.queues = {event: asyncio.Queue() for event in events}
        for event in events:
            client.on(event, self._collector(event), namespace=namespace)

    def _collector(self, event):
        async def collect(*args):
            await self.queues[event].put(args)
        return collect

    async def next(self, event):
        return await asyncio.wait_for(self.queues[event].get(), TIMEOUT)

    def empty(self, event):
        return self.queues[event].empty()


async def connect(url, transports, serializer="default", namespaces=("/",), **kwargs):
    client = socketio.AsyncClient(reconnection=False, serializer=serializer)
    await client.connect(url, transports=transports, namespaces=list(namespaces), wait_timeout=TIMEOUT, **kwargs)
    if transports == ["polling", "websocket"]:
        for _ in range(100):  # the upgrade completes in the background shortly after connecting
            if client.transport() == "websocket":
                break
            await asyncio.sleep(0.05)
    assert client.transport() == transports[-1]
    return client


@pytest.mark.parametrize("transports", TRANSPORTS, ids=IDS)
def test_namespaces_events_and_acks_both_ways(start_step4, serializer, transports):
    url = start_step4("--quiet")

    async def scenario():
        client = await connect(url, transports, serializer, namespaces=("/", "/admin"))
        inbox = Inbox(client, "chat message", "broadcast")

        async def question(*args):
            return ("answer",) + args
        client.on("question", question)
        try:
            main, admin = client.get_sid("/"), client.get_sid("/admin")
            assert main and admin and main != admin and client.eio.sid not in (main, admin)

            await client.emit("chat message", "hello")
            assert await inbox.next("chat message") == ("hello",)
            await client.emit("broadcast", {"n": [1, 2.5, None, True]})
            assert await inbox.next("broadcast") == ({"n": [1, 2.5, None, True]},)

            assert await client.call("echo", ("a", 1, {"b": [True]}), timeout=TIMEOUT) == ("a", 1, {"b": [True]})
            assert await client.call("echo", "only one", timeout=TIMEOUT) == "only one"
            assert await client.call("echo", ("x", 2), namespace="/admin", timeout=TIMEOUT) == ("x", 2)

            # server -> client acknowledgement: the server emits `question` and relays our answer
            assert await client.call("ask", ("6 x 7", 42), timeout=TIMEOUT) == ("answer", "6 x 7", 42)
        finally:
            await client.disconnect()

    run(scenario())


@pytest.mark.parametrize("transports", TRANSPORTS, ids=IDS)
def test_binary_payloads_travel_both_ways(start_step4, serializer, transports):
    url = start_step4("--quiet")
    blob = bytes(range(256)) * 40

    async def scenario():
        client = await connect(url, transports, serializer)
        inbox = Inbox(client, "chat message")
        try:
            answer = await client.call("echo", (b"\x00\x01\xff", {"name": "a.bin", "data": blob}), timeout=TIMEOUT)
            assert answer == (b"\x00\x01\xff", {"name": "a.bin", "data": blob})
            await client.emit("chat message", {"image": b"\x89PNG", "caption": "binary broadcast"})
            assert await inbox.next("chat message") == ({"image": b"\x89PNG", "caption": "binary broadcast"},)
        finally:
            await client.disconnect()

    run(scenario())


@pytest.mark.parametrize("transports", TRANSPORTS, ids=IDS)
def test_rooms_and_broadcasts_that_leave_the_sender_out(start_step4, serializer, transports):
    url = start_step4("--quiet")

    async def scenario():
        alice, bob, carol = [await connect(url, transports, serializer) for _ in range(3)]
        inboxes = [Inbox(client, "room message", "broadcast") for client in (alice, bob, carol)]
        try:
            assert await alice.call("join", "kitchen", timeout=TIMEOUT) is True
            assert await bob.call("join", "kitchen", timeout=TIMEOUT) is True

            await alice.emit("room message", ("kitchen", "dinner is ready"))
            assert await inboxes[1].next("room message") == ("kitchen", "dinner is ready")

            assert await bob.call("leave", "kitchen", timeout=TIMEOUT) is True
            await carol.emit("room message", ("kitchen", "from outside"))
            assert await inboxes[0].next("room message") == ("kitchen", "from outside")

            # everyone's broadcast arrives after the room messages, so nothing else was queued for them
            await carol.emit("broadcast", "sync")
            for inbox in inboxes:
                assert await inbox.next("broadcast") == ("sync",)
            assert inboxes[1].empty("room message") and inboxes[2].empty("room message")
            assert inboxes[0].empty("room message")
        finally:
            for client in (alice, bob, carol):
                await client.disconnect()

    run(scenario())


@pytest.mark.parametrize("transports", TRANSPORTS, ids=IDS)
def test_unknown_namespace_is_refused_and_dynamic_ones_are_created(start_step4, serializer, transports):
    # A short ping interval: after the refusal, python-socketio disconnects while its POST of "40/random," may still
    # be in flight, and python-engineio then drops its close packet and waits for the next ping to end the
    # pending long-poll (25 s by default; the official Node server answers in the same order).
    url = start_step4("--quiet", "--ping-interval", "500")

    async def scenario():
        refused = socketio.AsyncClient(reconnection=False, serializer=serializer)
        errors = asyncio.Queue()
        refused.on("connect_error", errors.put, namespace="/random")
        with pytest.raises(socketio.exceptions.ConnectionError, match="/random"):
            await refused.connect(url, transports=transports, namespaces=["/random"], wait_timeout=TIMEOUT)
        assert await asyncio.wait_for(errors.get(), TIMEOUT) == {"message": "Invalid namespace"}
        await refused.disconnect()

        client = socketio.AsyncClient(reconnection=False, serializer=serializer)
        hello = asyncio.Queue()
        client.on("hello", hello.put, namespace="/dynamic-7")
        await client.connect(url, transports=transports, namespaces=["/dynamic-7"], wait_timeout=TIMEOUT)
        try:
            assert await asyncio.wait_for(hello.get(), TIMEOUT) == "/dynamic-7"
            assert await client.call("echo", "dyn", namespace="/dynamic-7", timeout=TIMEOUT) == "dyn"
        finally:
            await client.disconnect()

    run(scenario())


@pytest.mark.parametrize("transports", TRANSPORTS, ids=IDS)
def test_disconnect_reasons_on_both_sides(start_step4, serializer, tmp_path, transports):
    url = start_step4()  # not quiet: the server logs "socket.io: <id> left / (<reason>)"
    log_path = tmp_path / "Step4-0.log"

    async def left(socket_id):
        pattern = re.compile(rf"socket\.io: {re.escape(socket_id)} left / \((.+)\)")
        for _ in range(100):
            match = pattern.search(log_path.read_text())
            if match:
                return match.group(1)
            await asyncio.sleep(0.05)
        raise AssertionError(f"no disconnect logged for {socket_id}")

    async def settle(client):
        # python-engineio's disconnect() silently drops its close packet when a POST is still in flight (its write
        # loop re-checks the state before sending), and the server would then only notice at the next ping. A round
        # trip and a short pause leave the write loop idle first.
        await client.call("echo", "settle", timeout=TIMEOUT)
        await asyncio.sleep(0.2)

    async def scenario():
        # Leaving the namespace while keeping the connection. python-socketio has no public call for this
        # (its disconnect() also closes Engine.IO), so the DISCONNECT packet is sent by hand.
        leaver = await connect(url, transports, serializer)
        socket_id = leaver.get_sid("/")
        await leaver._send_packet(leaver.packet_class(socketio.packet.DISCONNECT, namespace="/"))
        assert await left(socket_id) == "client namespace disconnect"
        await leaver.eio.disconnect(abort=True)

        # disconnect(): the client sends 41 and then closes Engine.IO without waiting for the 41 to be written,
        # so the server sees either reason depending on the transport's write loop (the Node server does too).
        polite = await connect(url, transports, serializer)
        reasons = asyncio.Queue()

        async def on_disconnect(reason):
            await reasons.put(reason)
        polite.on("disconnect", on_disconnect)
        socket_id = polite.get_sid("/")
        await settle(polite)
        await polite.disconnect()
        assert await asyncio.wait_for(reasons.get(), TIMEOUT) == polite.reason.CLIENT_DISCONNECT
        assert await left(socket_id) in ("client namespace disconnect", "transport close")

        # Closing Engine.IO without leaving the namespace first.
        abrupt = await connect(url, transports, serializer)
        socket_id = abrupt.get_sid("/")
        await settle(abrupt)
        await abrupt.eio.disconnect()
        assert await left(socket_id) == "transport close"

    run(scenario())
