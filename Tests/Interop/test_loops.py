# SPDX-License-Identifier: MIT
"""One process on several cores (`--loops N`): the stock python-engineio and python-socketio clients against
Step3 and Step4 with several event loops must see one server.

The listener gives each new connection to a loop in turn, so the clients below land on every loop; long-polling
sends one session's requests on several connections, which must all reach the loop that owns the session, and the
rooms and broadcasts of Step4 must span the loops (`LoopAdapterGroup`). docs/architecture.md, "One loop per core".
"""

import asyncio

import pytest

from test_step3_engineio import MESSAGES, echo_round_trip
from test_step4_socketio import IDS, TIMEOUT, TRANSPORTS, Inbox, connect, run


@pytest.mark.parametrize("transports", TRANSPORTS, ids=IDS)
def test_python_engineio_sessions_work_whichever_loop_their_requests_reach(start_step, transports):
    url = start_step("Step3", "--quiet", "--loops", "3")
    for _ in range(4):  # four sessions: every loop owns at least one
        echoed, transport = echo_round_trip(url, MESSAGES[:4], transports)
        assert transport == transports[-1]
        assert echoed == MESSAGES[:4]


@pytest.mark.parametrize("transports", TRANSPORTS, ids=IDS)
def test_rooms_and_broadcasts_span_every_loop(start_step, transports):
    url = start_step("Step4", "--quiet", "--loops", "2")

    async def scenario():
        clients = [await connect(url, transports) for _ in range(4)]
        inboxes = [Inbox(client, "room message", "chat message") for client in clients]
        try:
            # the first two and the last one join; with two loops, both loops have members
            for client in (clients[0], clients[1], clients[3]):
                assert await client.call("join", "kitchen", timeout=TIMEOUT) is True

            await clients[0].emit("room message", ("kitchen", "dinner is ready"))
            for index in (1, 3):
                assert await inboxes[index].next("room message") == ("kitchen", "dinner is ready")

            # everyone's broadcast arrives after the room messages, so nothing else was queued for them
            await clients[2].emit("chat message", "to everyone")
            for inbox in inboxes:
                assert await inbox.next("chat message") == ("to everyone",)
            assert inboxes[0].empty("room message") and inboxes[2].empty("room message")

            # a server-to-client acknowledgement on every loop
            for client in clients:
                client.on("question", lambda *args: ("answer",) + args)
            for client in clients:
                assert await client.call("ask", "ping", timeout=TIMEOUT) == ("answer", "ping")
        finally:
            for client in clients:
                await client.disconnect()

    run(scenario())


def test_many_clients_on_mixed_transports_all_receive_every_broadcast(start_step):
    url = start_step("Step4", "--quiet", "--loops", "2")

    async def scenario():
        clients = [await connect(url, TRANSPORTS[index % 3]) for index in range(12)]
        inboxes = [Inbox(client, "broadcast") for client in clients]
        try:
            for round_number in range(5):
                await clients[round_number].emit("broadcast", {"round": round_number})
                for inbox in inboxes:
                    assert await inbox.next("broadcast") == ({"round": round_number},)
        finally:
            await asyncio.gather(*(client.disconnect() for client in clients))

    run(scenario())
