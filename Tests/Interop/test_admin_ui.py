# SPDX-License-Identifier: MIT
"""The Socket.IO Admin UI's side of the protocol, spoken by the stock python-socketio AsyncClient against
`Step4 --admin-ui USER:PASSWORD`: what https://admin.socket.io sends and reads (`socket.io-admin-ui`
`ui/src/App.vue`, `lib/index.ts`).

The UI connects to `/admin` with `auth: {username, password}` (or `{sessionId}` after a reload), gets `session`,
`config` and `all_sockets`, then `server_stats` every 2 s and the per-socket events, and sends `join`, `leave`,
`_disconnect` and `emit` with the namespace first.
"""

import asyncio

import pytest
import requests
import socketio

TIMEOUT = 5
CREDENTIALS = {"username": "admin", "password": "s3cret-passw0rd"}
ADMIN_UI_EVENTS = ("session", "config", "all_sockets", "server_stats", "socket_connected", "socket_updated",
                   "socket_disconnected", "room_joined", "room_left", "event_received", "event_sent")


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 60))


class AdminUI:
    """A client that speaks as the Admin UI: every event it listens to is queued, with all its arguments.

    Against a server with connection state recovery on (ChatDemo), every event also carries its offset as a last
    argument, as from Node; the UI ignores it, and so does this client when told `offsets=True`."""

    def __init__(self, offsets=False):
        self.offsets = offsets
        self.client = socketio.AsyncClient(reconnection=False)
        self.queues = {event: asyncio.Queue() for event in ADMIN_UI_EVENTS}
        for event in ADMIN_UI_EVENTS:
            self.client.on(event, self._collector(event), namespace="/admin")

    def _collector(self, event):
        async def collect(*args):
            await self.queues[event].put(args[:-1] if self.offsets else args)
        return collect

    async def connect(self, url, auth):
        await self.client.connect(url, namespaces=["/admin"], auth=auth, transports=["polling", "websocket"],
                                  wait_timeout=TIMEOUT)

    async def next(self, event, where=lambda args: True):
        """The next `event` whose arguments satisfy `where` (earlier ones are dropped)."""
        while True:
            args = await asyncio.wait_for(self.queues[event].get(), TIMEOUT)
            if where(args):
                return args

    async def send(self, event, *args):
        await self.client.emit(event, args, namespace="/admin")


async def app_client(url):
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(url, transports=["polling"], wait_timeout=TIMEOUT)
    return client


def test_the_admin_ui_logs_in_lists_sockets_watches_rooms_and_disconnects_one(start_step):
    url = start_step("Step4", "--admin-ui", f"{CREDENTIALS['username']}:{CREDENTIALS['password']}")

    async def scenario():
        early = await app_client(url)
        early_id = early.get_sid("/")
        ui = AdminUI()
        await ui.connect(url, CREDENTIALS)
        (session_id,) = await ui.next("session")
        assert isinstance(session_id, str) and len(session_id) == 32
        (config,) = await ui.next("config")
        assert config["supportedFeatures"] == ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE",
                                               "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS"]

        (sockets,) = await ui.next("all_sockets")
        listed = {(socket["nsp"], socket["id"]): socket for socket in sockets}
        early_socket = listed[("/", early_id)]
        assert early_socket["rooms"] == [early_id]
        assert early_socket["transport"] == "polling" and len(early_socket["clientId"]) == 12
        assert early_socket["data"] == {}
        assert early_socket["handshake"]["address"] == "127.0.0.1"
        assert early_socket["handshake"]["query"]["EIO"] == "4"
        assert ("/admin", ui.client.get_sid("/admin")) in listed

        (stats,) = await ui.next("server_stats", lambda args: args[0]["clientsCount"] >= 2)
        assert set(stats) >= {"serverId", "hostname", "pid", "uptime", "clientsCount", "pollingClientsCount",
                              "aggregatedEvents", "namespaces"}
        assert isinstance(stats["pid"], int) and stats["uptime"] >= 0
        namespaces = {entry["name"]: entry["socketsCount"] for entry in stats["namespaces"]}
        assert namespaces["/"] == 1 and namespaces["/admin"] == 1
        assert all(set(event) >= {"timestamp", "type", "count"} for event in stats["aggregatedEvents"])

        late = await app_client(url)
        late_id = late.get_sid("/")
        (connected, timestamp) = await ui.next("socket_connected", lambda args: args[0]["id"] == late_id)
        assert connected["nsp"] == "/" and connected["rooms"] == [late_id]
        assert timestamp.endswith("Z") and "T" in timestamp
        assert await late.call("join", "lobby", timeout=TIMEOUT) is True
        assert (await ui.next("room_joined", lambda args: args[1] == "lobby"))[:3] == ("/", "lobby", late_id)
        event = await ui.next("event_received", lambda args: args[1] == late_id)
        assert event[0] == "/" and event[2] == ["join", "lobby"]

        # Operations, as the UI sends them: namespace first, the socket's own room as the filter.
        await ui.send("join", "/", "vip", early_id)
        assert (await ui.next("room_joined", lambda args: args[1] == "vip"))[:3] == ("/", "vip", early_id)
        await ui.send("leave", "/", "vip", early_id)
        assert (await ui.next("room_left", lambda args: args[1] == "vip"))[:3] == ("/", "vip", early_id)

        received = asyncio.Queue()
        late.on("notice", lambda *args: received.put_nowait(args))
        await ui.send("emit", "/", "lobby", "notice", "from the admin", 1)
        assert await asyncio.wait_for(received.get(), TIMEOUT) == ("from the admin", 1)

        disconnected = asyncio.Event()
        late.on("disconnect", lambda *args: disconnected.set())
        await ui.send("_disconnect", "/", False, late_id)
        await asyncio.wait_for(disconnected.wait(), TIMEOUT)
        (nsp, socket_id, reason, _) = await ui.next("socket_disconnected", lambda args: args[1] == late_id)
        assert (nsp, reason) == ("/", "server namespace disconnect")
        assert early.connected

        # An upgrade to WebSocket is reported at the next stats tick (unless it was done before the socket joined).
        upgrading = socketio.AsyncClient(reconnection=False)
        await upgrading.connect(url, transports=["polling", "websocket"], wait_timeout=TIMEOUT)
        upgrading_id = upgrading.get_sid("/")
        (connected, _) = await ui.next("socket_connected", lambda args: args[0]["id"] == upgrading_id)
        if connected["transport"] == "polling":
            (updated,) = await ui.next("socket_updated", lambda args: args[0]["id"] == upgrading_id)
            assert updated == {"id": upgrading_id, "nsp": "/", "transport": "websocket"}
        await upgrading.disconnect()

        # A reloaded UI comes back with its session id instead of the password.
        again = AdminUI()
        await again.connect(url, {"sessionId": session_id})
        await again.next("config")
        for client in (again.client, ui.client, early, late):
            await client.disconnect()

    run(scenario())


@pytest.mark.parametrize("auth", [
    {"username": "admin", "password": "wrong"},
    {"username": "root", "password": CREDENTIALS["password"]},
    {"sessionId": "0123456789abcdef0123456789abcdef"},
    {},
], ids=["wrong-password", "wrong-user", "unknown-session", "no-auth"])
def test_wrong_credentials_are_refused_as_the_ui_expects(start_step, auth):
    url = start_step("Step4", "--admin-ui", f"{CREDENTIALS['username']}:{CREDENTIALS['password']}")

    async def scenario():
        ui = AdminUI()
        errors = []
        ui.client.on("connect_error", lambda *args: errors.append(args), namespace="/admin")
        with pytest.raises(socketio.exceptions.ConnectionError):
            await ui.connect(url, auth)
        # What the UI's login form shows: the CONNECT_ERROR's message.
        assert errors == [({"message": "invalid credentials"},)]

    run(scenario())


def test_a_readonly_admin_ui_may_watch_but_not_act(start_step):
    url = start_step("Step4", "--admin-ui", f"{CREDENTIALS['username']}:{CREDENTIALS['password']}",
                     "--admin-ui-readonly")

    async def scenario():
        client = await app_client(url)
        client_id = client.get_sid("/")
        received = asyncio.Queue()
        client.on("notice", lambda *args: received.put_nowait(args))
        ui = AdminUI()
        await ui.connect(url, CREDENTIALS)
        (config,) = await ui.next("config")
        assert config["supportedFeatures"] == ["AGGREGATED_EVENTS", "ALL_EVENTS"]
        (sockets,) = await ui.next("all_sockets")
        assert client_id in {socket["id"] for socket in sockets}

        await ui.send("emit", "/", None, "notice", "refused")
        await ui.send("_disconnect", "/", True, client_id)
        await ui.send("join", "/", "vip", client_id)
        # The marker: an echo round trip after the operations, so they have been handled (and ignored) by then.
        assert await client.call("echo", "marker", timeout=TIMEOUT) == "marker"
        await asyncio.sleep(0.3)
        assert received.empty() and client.connected
        for disconnecting in (ui.client, client):
            await disconnecting.disconnect()

    run(scenario())


def test_chatdemo_serves_the_admin_ui_on_every_loop_only_when_told(start_step, tmp_path):
    url = start_step("ChatDemo", "--data", str(tmp_path / "data"), "--pbkdf2-iterations", "1000", "--loops", "2",
                     "--admin-ui", "ops:a-long-admin-ui-password")
    plain = start_step("ChatDemo", "--data", str(tmp_path / "plain"), "--pbkdf2-iterations", "1000")
    preflight = requests.get(url + "/socket.io/?EIO=4&transport=polling", headers={"Origin": "https://admin.socket.io"},
                             timeout=5)
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://admin.socket.io"
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"

    async def scenario():
        # Unauthenticated sockets are admitted for the authentication deadline (10 s): enough to be listed.
        clients = [await app_client(url) for _ in range(4)]
        ids = {client.get_sid("/") for client in clients}
        ui = AdminUI(offsets=True)
        await ui.connect(url, {"username": "ops", "password": "a-long-admin-ui-password"})
        (sockets,) = await ui.next("all_sockets")
        assert ids <= {socket["id"] for socket in sockets if socket["nsp"] == "/"}
        servers = set()
        while len(servers) < 2:
            (stats,) = await ui.next("server_stats")
            servers.add(stats["serverId"])
        assert {server.rsplit("#", 1)[1] for server in servers} == {"0", "1"}
        for client in clients:
            disconnected = asyncio.Event()
            client.on("disconnect", lambda *args, done=disconnected: done.set())
            await ui.send("_disconnect", "/", False, client.get_sid("/"))
            await asyncio.wait_for(disconnected.wait(), TIMEOUT)
        await ui.client.disconnect()

        refused = AdminUI()
        errors = []
        refused.client.on("connect_error", lambda *args: errors.append(args), namespace="/admin")
        with pytest.raises(socketio.exceptions.ConnectionError):
            await refused.connect(plain, {"username": "ops", "password": "a-long-admin-ui-password"})
        assert errors == [({"message": "Invalid namespace"},)]

    run(scenario())
