# SPDX-License-Identifier: MIT
"""The stock python-socketio client against Step5: every way a socket authenticates, or fails to.

Connect-time: the token in the CONNECT auth payload (accepted; refused with 401 or 403 and its data).
Post-connect: the `authentication` event (accepted, refused, timed out) and the `auth` event (accepted,
refused). Plus the default 10 s deadline, measured, and what a pending socket may receive.
"""

import json
import queue
import re
import time
import urllib.request

import pytest
import socketio

SUCCESS = {"status": 200, "message": "Authentication success"}
# The main paths run over each transport: polling only, WebSocket only, and polling upgraded to WebSocket.
TRANSPORTS = pytest.mark.parametrize("transports", [["polling"], ["websocket"], None],
                                     ids=["polling", "websocket", "upgrade"])


def post(url, path, body):
    request = urllib.request.Request(
        url + path, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def token_for(url, user, group="web"):
    return post(url, "/dev/token", {"user": user, "group": group})["token"]


class Recorder:
    """A python-socketio client whose events land in queues, one per event name."""

    def __init__(self):
        self.client = socketio.Client(reconnection=False)
        self.queues = {}
        for event in ["authenticated", "unauthorized", "init", "invalid_token", "new-notification",
                      "updated-notification", "announcement", "connect_error", "disconnect"]:
            self.client.on(event, self._recorder(event))

    def _recorder(self, event):
        self.queues[event] = queue.Queue()
        if event == "disconnect":
            return lambda reason=None: self.queues[event].put((time.monotonic(), reason))
        return lambda *args: self.queues[event].put(args[0] if len(args) == 1 else args)

    def next(self, event, timeout=5):
        return self.queues[event].get(timeout=timeout)

    def nothing(self, event, wait=0.3):
        try:
            value = self.queues[event].get(timeout=wait)
        except queue.Empty:
            return True
        raise AssertionError(f"unexpected {event}: {value!r}")


@pytest.fixture(params=["1", "2"], ids=["one-loop", "two-loops"])
def step5(start_step, request):
    """Step5 on one event loop, and on two (`--loops 2`): the clients, the HTTP requests and the notifications they
    cause then land on different loops, and must behave the same."""
    return start_step("Step5", "--quiet", "--loops", request.param)


@TRANSPORTS
def test_a_token_in_the_connect_payload_is_accepted_and_the_user_gets_its_notifications(step5, transports):
    peer = Recorder()
    peer.client.connect(step5, auth={"token": token_for(step5, "alice")}, transports=transports)
    try:
        assert peer.client.call("whoami", timeout=5) == {"sub": "alice", "gid": "web"}
        created = post(step5, "/notifications", {"user": "alice", "text": "build passed"})
        assert peer.next("new-notification") == {"id": created["id"], "user": "alice", "text": "build passed",
                                                  "read": False}
        post(step5, "/notifications", {"user": "bob", "text": "not for alice"})
        assert peer.nothing("new-notification")
    finally:
        peer.client.disconnect()


@TRANSPORTS
def test_a_forged_token_in_the_connect_payload_is_refused_with_a_401_and_its_data(step5, transports):
    peer = Recorder()
    with pytest.raises(socketio.exceptions.ConnectionError):
        peer.client.connect(step5, auth={"token": token_for(step5, "alice")[:-2] + "xx"}, transports=transports,
                            wait_timeout=5)
    refusal = peer.next("connect_error")
    assert re.fullmatch(r"Authentication failure socket [A-Za-z0-9_-]{20}", refusal["message"])
    assert refusal["data"] == {"status": 401, "message": refusal["message"]}


def test_a_revoked_user_is_refused_at_connect_with_a_403(step5):
    token = token_for(step5, "mallory")
    post(step5, "/dev/revoke", {"user": "mallory"})
    peer = Recorder()
    with pytest.raises(socketio.exceptions.ConnectionError):
        peer.client.connect(step5, auth={"token": token}, wait_timeout=5)
    assert peer.next("connect_error") == {"message": "Access denied",
                                          "data": {"status": 403, "message": "Access denied"}}


@TRANSPORTS
def test_the_authentication_event_is_accepted_and_opens_the_socket_to_the_application(step5, transports):
    peer = Recorder()
    peer.client.connect(step5, transports=transports)
    try:
        with pytest.raises(socketio.exceptions.TimeoutError):
            peer.client.call("whoami", timeout=0.5)  # dropped: not authenticated yet
        peer.client.emit("authentication", {"token": token_for(step5, "alice")})
        assert peer.next("authenticated") == SUCCESS
        assert peer.client.call("whoami", timeout=5) == {"sub": "alice", "gid": "web"}
        time.sleep(0.2)
        assert peer.client.connected
    finally:
        peer.client.disconnect()


@TRANSPORTS
def test_a_bad_authentication_event_answers_unauthorized_with_the_socket_id_and_disconnects(step5, transports):
    peer = Recorder()
    peer.client.connect(step5, transports=transports)
    socket_id = peer.client.get_sid()
    peer.client.emit("authentication", {"token": "not-a-token"})
    assert peer.next("unauthorized") == {"status": 401, "message": f"Authentication failure socket {socket_id}"}
    _, reason = peer.next("disconnect")
    assert reason == peer.client.reason.SERVER_DISCONNECT


def test_a_silent_socket_is_disconnected_at_the_configured_deadline_and_not_before(start_step):
    url = start_step("Step5", "--quiet", "--auth-timeout", "1000")
    peer = Recorder()
    start = time.monotonic()
    peer.client.connect(url)
    assert peer.nothing("disconnect", wait=0.8)
    when, reason = peer.next("disconnect")
    assert 1.0 <= when - start < 1.5
    assert reason == peer.client.reason.SERVER_DISCONNECT


def test_the_default_deadline_disconnects_a_silent_socket_between_10_and_10_5_seconds(step5):
    peer = Recorder()
    start = time.monotonic()
    peer.client.connect(step5)
    connected = time.monotonic()
    when, reason = peer.next("disconnect", timeout=15)
    print(f"default deadline: disconnected {when - start:.3f} s after connect() was called, "
          f"{when - connected:.3f} s after it returned")
    assert 10.0 <= when - start < 10.5
    assert reason == peer.client.reason.SERVER_DISCONNECT


def test_the_auth_event_is_answered_by_init_with_the_user_data(step5):
    post(step5, "/notifications", {"user": "alice", "text": "welcome"})
    post(step5, "/notifications", {"group": "web", "text": "web devices only"})
    peer = Recorder()
    peer.client.connect(step5)
    try:
        peer.client.emit("auth", token_for(step5, "alice"))
        assert peer.next("init") == {
            "sub": "alice", "gid": "web",
            "notifications": [
                {"id": 1, "user": "alice", "text": "welcome", "read": False},
                {"id": 2, "group": "web", "text": "web devices only", "read": False},
            ],
        }
    finally:
        peer.client.disconnect()


def test_a_bad_auth_event_answers_invalid_token_and_disconnects(step5):
    peer = Recorder()
    peer.client.connect(step5)
    socket_id = peer.client.get_sid()
    peer.client.emit("auth", {"token": token_for(step5, "alice", "web").replace(".", "", 1)})
    assert peer.next("invalid_token") == {"status": 401, "message": f"Authentication failure socket {socket_id}"}
    peer.next("disconnect")


def test_a_pending_socket_hears_broadcasts_to_everyone_but_not_to_authenticated_sockets(step5):
    pending, member = Recorder(), Recorder()
    pending.client.connect(step5)
    member.client.connect(step5, auth={"token": token_for(step5, "bob")})
    try:
        post(step5, "/announcements", {"text": "for the authenticated", "audience": "authenticated"})
        post(step5, "/announcements", {"text": "for everyone"})
        assert member.next("announcement") == "for the authenticated"
        assert member.next("announcement") == "for everyone"
        assert pending.next("announcement") == "for everyone"
        assert pending.nothing("announcement")
    finally:
        pending.client.disconnect()
        member.client.disconnect()


def test_marking_a_notification_read_over_http_pushes_updated_notification_to_the_owner(step5):
    token = token_for(step5, "alice")
    peer = Recorder()
    peer.client.connect(step5, auth={"token": token})
    try:
        created = post(step5, "/notifications", {"user": "alice", "text": "review requested"})
        peer.next("new-notification")
        request = urllib.request.Request(f"{step5}/notifications/{created['id']}/read", data=b"", method="POST",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.loads(response.read())["read"] is True
        assert peer.next("updated-notification") == {**created, "read": True}
    finally:
        peer.client.disconnect()
