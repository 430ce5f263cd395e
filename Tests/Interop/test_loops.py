# SPDX-License-Identifier: MIT
"""One process on several cores (`--loops N`): stock python-socketio clients against Step5 with several event
loops must see one server. Steps 1 to 4 run one loop; Step5 is the first to compose the scale module SIOLoops,
as ChatDemo does (test_chatdemo_loops.py runs the chat app on two loops).

The listener gives each new connection to a loop in turn, so the clients below land on every loop; long-polling
sends one session's requests on several connections, which must all reach the loop that owns the session, and the
rooms and broadcasts must span the loops (`LoopAdapterGroup`). docs/architecture.md, "One loop per core".
"""

import asyncio

import pytest

from test_step4_socketio import IDS, TIMEOUT, TRANSPORTS, Inbox, connect, run
from test_step5_auth import post, token_for


# A short ping interval: python-engineio's disconnect() drops its close packet when a POST is still in flight, and a
# polling session then ends only at the next ping (test_step4_socketio.py), which would be 25 s per client here.
FLAGS = ("--quiet", "--ping-interval", "500")


async def signed_in(url, transports, user, group="web"):
    """A python-socketio client of Step5, authenticated as `user` of device group `group`."""
    return await connect(url, transports, auth={"token": token_for(url, user, group)})


@pytest.mark.parametrize("transports", TRANSPORTS, ids=IDS)
def test_sessions_work_whichever_loop_their_requests_reach(start_step, transports):
    url = start_step("Step5", *FLAGS, "--loops", "3")

    async def scenario():
        for session in range(4):  # four sessions: every loop owns at least one
            client = await signed_in(url, transports, f"user{session}")
            try:
                for _ in range(4):
                    answer = await client.call("whoami", timeout=TIMEOUT)
                    assert answer == {"sub": f"user{session}", "gid": "web"}
                assert client.transport() == transports[-1]
            finally:
                await client.disconnect()

    run(scenario())


@pytest.mark.parametrize("transports", TRANSPORTS, ids=IDS)
def test_rooms_and_broadcasts_span_every_loop(start_step, transports):
    url = start_step("Step5", *FLAGS, "--loops", "2")

    async def scenario():
        # the first, second and last are in the kitchen group; with two loops, both loops have members
        groups = ["kitchen", "kitchen", "office", "kitchen"]
        clients = [await signed_in(url, transports, f"user{index}", group) for index, group in enumerate(groups)]
        inboxes = [Inbox(client, "new-notification", "announcement") for client in clients]
        try:
            post(url, "/notifications", {"group": "kitchen", "text": "dinner is ready"})
            for index in (0, 1, 3):
                assert (await inboxes[index].next("new-notification"))[0]["text"] == "dinner is ready"

            # everyone's announcement arrives after the group's notification, so nothing else was queued for them
            post(url, "/announcements", {"text": "to everyone"})
            for inbox in inboxes:
                assert await inbox.next("announcement") == ("to everyone",)
            assert inboxes[2].empty("new-notification")

            # one user's notification reaches that user's socket only, whichever loop holds it
            post(url, "/notifications", {"user": "user2", "text": "for the office"})
            assert (await inboxes[2].next("new-notification"))[0]["text"] == "for the office"
            assert all(inboxes[index].empty("new-notification") for index in (0, 1, 3))
        finally:
            for client in clients:
                await client.disconnect()

    run(scenario())


def test_many_clients_on_mixed_transports_all_receive_every_broadcast(start_step):
    url = start_step("Step5", *FLAGS, "--loops", "2")

    async def scenario():
        clients = [await signed_in(url, TRANSPORTS[index % 3], f"user{index}") for index in range(12)]
        inboxes = [Inbox(client, "announcement") for client in clients]
        try:
            for round_number in range(5):
                post(url, "/announcements", {"text": f"round {round_number}"})
                for inbox in inboxes:
                    assert await inbox.next("announcement") == (f"round {round_number}",)
        finally:
            await asyncio.gather(*(client.disconnect() for client in clients))

    run(scenario())
