# SPDX-License-Identifier: MIT
"""Two Step5 processes sharing one Redis (`--redis`) behave as one server: what is posted to one reaches the
authenticated sockets of the other, once. Benchmarks/scale_out.py runs the same composition with 100,000 sockets.

Needs Debian's redis-server (skipped without it); the processes are started on free ports.
"""

import pytest

from test_cluster_nginx import REDIS_SERVER, RedisServer
from test_step5_auth import Recorder, post, token_for

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="needs redis-server (Debian: apt-get install redis-server)")


@pytest.fixture(params=["1", "2"], ids=["one-loop", "two-loops"])
def two_step5(start_step, tmp_path, request):
    """Two processes on one Redis; with `--loops 2` every loop is a node of its own (four in all), and the loops
    other than the first build their Redis link on their own threads."""
    redis = RedisServer(tmp_path)
    try:
        yield [start_step("Step5", "--quiet", "--loops", request.param, "--redis", redis.url) for _ in range(2)]
    finally:
        redis.kill()


def connected(url, user, transports):
    peer = Recorder()
    peer.client.connect(url, auth={"token": token_for(url, user)}, transports=transports, wait_timeout=5)
    # The answer to a call proves the socket is authenticated, so its rooms are joined on its process.
    assert peer.client.call("whoami", timeout=5)["sub"] == user
    return peer


@pytest.mark.parametrize("transports", [["polling"], ["websocket"]], ids=["polling", "websocket"])
def test_an_announcement_posted_to_one_process_reaches_the_sockets_of_both_once(two_step5, transports):
    first, second = (connected(url, "alice", transports) for url in two_step5)
    try:
        post(two_step5[0], "/announcements", {"text": "deploy at noon", "audience": "everyone"})
        for peer in (first, second):
            assert peer.next("announcement") == "deploy at noon"
            assert peer.nothing("announcement")
    finally:
        first.client.disconnect()
        second.client.disconnect()


def test_a_notification_for_a_user_reaches_her_socket_on_the_other_process_only(two_step5):
    alice, bob = connected(two_step5[1], "alice", ["websocket"]), connected(two_step5[1], "bob", ["websocket"])
    try:
        created = post(two_step5[0], "/notifications", {"user": "alice", "text": "build passed"})
        assert alice.next("new-notification")["id"] == created["id"]
        assert bob.nothing("new-notification")
    finally:
        alice.client.disconnect()
        bob.client.disconnect()
