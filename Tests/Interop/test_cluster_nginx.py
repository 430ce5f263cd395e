# SPDX-License-Identifier: MIT
"""Two ChatDemo processes behind nginx, sharing rooms and broadcasts through Redis (docs/deploy.md,
"Several processes behind nginx with Redis"), driven by stock python-socketio clients.

The test starts Debian's redis-server and nginx itself, each on a free port with its files in a temporary
directory, and skips when either is not installed. It runs once per way of keeping a client on one process:

- `address`: `hash $remote_addr consistent`, stickiness by client address (like `ip_hash`, but on the whole
  IPv4 address, see below). Every client here comes from loopback, so each one picks a source address in
  127.0.0.0/8 that nginx sends to the process it wants;
- `cookie`: `hash $route consistent`, where `$route` is the `route` cookie, or a fresh random id that nginx
  then sets as that cookie. Each client starts with a `route` cookie that nginx sends to the process it wants.

In both cases the test first asks nginx which process a source address or a cookie leads to (nginx names the
process in an `X-Upstream` header). Then:

- a client on long-polling through nginx works (a polling session is many requests: without stickiness the
  second one reaches the other process, which answers `Session ID unknown`);
- a message sent by a client of one process reaches a client of the other, on polling and on websocket;
- killing Redis loses local delivery for no one, and once Redis is back, cross-process delivery resumes
  (the clients stay connected all along; `/ready`, `/metrics` and the logs tell the outage);
- the cross-process broadcast latency (p50, p99) is printed, next to the same-process one.

Why not `ip_hash` here: it hashes the first three bytes of an IPv4 address, so every 127.0.0.x client would
land on the same process. In production both work; `ip_hash` is the classic choice for public clients.
"""

import asyncio
import http.client
import os
import pathlib
import shutil
import statistics
import subprocess
import time

import aiohttp
import pytest
import requests
import socketio

from conftest import _free_port, _wait_until_listening

ADMIN_PASSWORD = "admin-password"


def _find(executable):
    return shutil.which(executable) or next(
        (path for path in (f"/usr/sbin/{executable}", f"/usr/bin/{executable}") if os.access(path, os.X_OK)), None)


REDIS_SERVER, NGINX = _find("redis-server"), _find("nginx")

pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None or NGINX is None, reason="needs redis-server and nginx (Debian: apt-get install redis-server nginx)")

# How each variant picks the process: the `upstream` hash key, and what else it needs.
BALANCING = {
    "address": {"key": "$remote_addr", "http": "", "location": ""},
    "cookie": {
        "key": "$route",
        "http": """
    # The client's route cookie, or a new random one for a client without it (its first request).
    map $cookie_route $route {{
        ''      $request_id;
        default $cookie_route;
    }}
""",
        "location": """
            add_header Set-Cookie "route=$route; Path=/; HttpOnly; SameSite=Lax" always;""",
    },
}

NGINX_CONF = """\
{user}worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 1024; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;

    # "Connection: upgrade" only when the client asks for an upgrade (WebSocket), else "close".
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
{balancing_http}
    upstream chatdemo {{
        hash {balancing_key} consistent;
        server 127.0.0.1:{port_a};
        server 127.0.0.1:{port_b};
    }}

    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://chatdemo;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # Above pingInterval + pingTimeout (25 s + 20 s): a quiet WebSocket or a pending long-poll is
            # not cut by nginx before Engine.IO's heartbeat would notice a dead peer.
            proxy_read_timeout 75s;
            proxy_send_timeout 75s;
            proxy_buffering off;
            add_header X-Upstream $upstream_addr always;{balancing_location}
        }}
    }}
}}
"""


class RedisServer:
    """redis-server on a free port, without persistence; `kill()` is a crash (SIGKILL), `start()` brings it back."""

    def __init__(self, directory):
        self.port, self.directory, self.process = _free_port(), directory, None
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        log = self.directory / "redis.log"
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory), "--logfile", str(log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _wait_until_listening(self.process, self.port, log)

    def kill(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture(params=sorted(BALANCING))
def cluster(request, start_step, tmp_path, monkeypatch):
    """Redis, two ChatDemo processes sharing one data directory (one SQLite database and signing secret) and
    one Redis, and nginx in front of them. Yields the URLs and the Redis server."""
    monkeypatch.setenv("CHATDEMO_ADMIN_PASSWORD", ADMIN_PASSWORD)
    redis_dir = tmp_path / "redis"
    redis_dir.mkdir()
    redis = RedisServer(redis_dir)
    data = tmp_path / "data"
    common = ["--data", str(data), "--pbkdf2-iterations", "1000", "--redis", redis.url]
    # One after the other: the first creates the database, the secret and the admin; the second finds them.
    node_a = start_step("ChatDemo", *common)
    node_b = start_step("ChatDemo", *common)

    nginx_dir = tmp_path / "nginx"
    nginx_dir.mkdir()
    port = _free_port()
    conf = nginx_dir / "nginx.conf"
    balancing = BALANCING[request.param]
    conf.write_text(NGINX_CONF.format(
        user="user root;\n" if os.geteuid() == 0 else "", dir=nginx_dir, port=port,
        port_a=node_a.rsplit(":", 1)[1], port_b=node_b.rsplit(":", 1)[1], balancing_key=balancing["key"],
        balancing_http=balancing["http"].format(), balancing_location=balancing["location"]))
    nginx = subprocess.Popen(
        [NGINX, "-p", str(nginx_dir), "-c", str(conf), "-e", str(nginx_dir / "error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        _wait_until_listening(nginx, port, nginx_dir / "error.log")
        yield {"url": f"http://127.0.0.1:{port}", "nodes": [node_a, node_b], "redis": redis, "logs": tmp_path,
               "balancing": request.param}
    finally:
        nginx.terminate()
        nginx.wait(timeout=5)
        redis.kill()


def stickers(url, nodes, balancing):
    """For each node, a way in that nginx sends to it: a loopback source address (`address`) or a route
    cookie (`cookie`), found by asking: the `X-Upstream` header of a plain `GET /` names the process."""
    host, port = url.removeprefix("http://").split(":")
    found = {}
    for number in range(1, 120):
        address, cookie = (f"127.0.0.{number}", None) if balancing == "address" else ("127.0.0.1", f"route-{number}")
        connection = http.client.HTTPConnection(host, int(port), timeout=5, source_address=(address, 0))
        connection.request("GET", "/", headers={"Cookie": f"route={cookie}"} if cookie else {})
        upstream = connection.getresponse().getheader("X-Upstream")
        connection.close()
        node = next(node for node in nodes if node.endswith(upstream.rsplit(":", 1)[1]))
        found.setdefault(node, {"address": address, "cookie": cookie})
        if len(found) == len(nodes):
            return [found[node] for node in nodes]
    raise AssertionError(f"nginx sent every client to the same node: {found}")


class Client:
    """A python-socketio asyncio client that connects the way `sticker` says (a source address, a route
    cookie), so that nginx sends it to a chosen process, and queues the events it receives with their
    arrival time."""

    def __init__(self, name, sticker):
        self.name, self.events = name, asyncio.Queue()

        def session():
            # A cookie jar that keeps cookies of IP-address hosts (aiohttp's default refuses them), so that a
            # client without a route cookie keeps the one nginx gives it, as a browser would.
            cookies = {"route": sticker["cookie"]} if sticker["cookie"] else None
            return aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(local_addr=(sticker["address"], 0)),
                cookie_jar=aiohttp.CookieJar(unsafe=True), cookies=cookies)

        self.sio = socketio.AsyncClient(reconnection=False, http_session=session)

        @self.sio.on("*")
        async def anything(event, data=None):
            await self.events.put((event, data, time.perf_counter()))

    async def connect(self, url, token, transport):
        await self.sio.connect(url, auth={"token": token}, transports=[transport])
        assert self.sio.transport() == transport

    def drain(self):
        """Forgets the events received so far."""
        while not self.events.empty():
            self.events.get_nowait()

    async def next(self, name, timeout=5):
        """The data and arrival time of the next `name` event (others are skipped)."""
        while True:
            event, data, arrived = await asyncio.wait_for(self.events.get(), timeout)
            if event == name:
                return data, arrived

    async def message(self, text):
        """Waits for the `message-create` of the message `text` (other messages are skipped)."""
        while True:
            data, _ = await self.next("message-create")
            if data["message"]["text"] == text:
                return data["message"]


def api(url, method, path, token=None, **body):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, url + path, json=body or None, headers=headers, timeout=10)


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def measure(sender, receiver, room, count=200):
    """Milliseconds from a `typing` emit by `sender` to its arrival at `receiver`, one at a time."""
    samples = []
    receiver.drain()
    for index in range(count + 20):
        started = time.perf_counter()
        await sender.sio.emit("typing", {"roomId": room, "typing": index % 2 == 0})
        _, arrived = await receiver.next("typing")
        if index >= 20:  # the first ones warm up connections and caches
            samples.append((arrived - started) * 1000)
    return samples


def test_two_processes_behind_nginx_with_redis_behave_as_one_server(cluster):
    url, (node_a, node_b), redis = cluster["url"], cluster["nodes"], cluster["redis"]
    on_a, on_b = stickers(url, [node_a, node_b], cluster["balancing"])

    # Accounts and rooms through nginx: the HTTP API is stateless, either process answers.
    alice = api(url, "POST", "/api/register", name="alice", password="alice-password").json()
    bob = api(url, "POST", "/api/register", name="bob", password="bob-password").json()
    carol = api(url, "POST", "/api/register", name="carol", password="carol-password").json()
    dave = api(url, "POST", "/api/register", name="dave", password="dave-password").json()
    erin = api(url, "POST", "/api/register", name="erin", password="erin-password").json()
    room = api(url, "POST", "/api/rooms", alice["token"], name="general").json()["room"]["id"]
    for member in (bob, carol, dave, erin):
        assert api(url, "POST", f"/api/rooms/{room}/join", member["token"]).status_code == 200

    async def scenario():
        # alice on process A over long-polling, bob on process B over WebSocket, carol and dave on A over WebSocket;
        # erin over long-polling, coming as a new browser would (no route cookie), wherever nginx sends her.
        clients = {name: Client(name, on_b if name == "bob" else on_a) for name in ("alice", "bob", "carol", "dave")}
        clients["erin"] = Client("erin", {"address": "127.0.0.1", "cookie": None})
        await clients["alice"].connect(url, alice["token"], "polling")
        await clients["bob"].connect(url, bob["token"], "websocket")
        await clients["carol"].connect(url, carol["token"], "websocket")
        await clients["dave"].connect(url, dave["token"], "websocket")
        await clients["erin"].connect(url, erin["token"], "polling")
        try:
            for client in clients.values():
                answer = await client.sio.call("subscribe", {"rooms": [room]}, timeout=5)
                assert answer == {"rooms": [room], "refused": []}
            alice_c, bob_c, carol_c, dave_c = (clients[name] for name in ("alice", "bob", "carol", "dave"))

            # A to B, polling sender: the message crosses processes through Redis.
            sent = await alice_c.sio.call("send-message", {"roomId": room, "text": "hi from A"}, timeout=5)
            assert (await bob_c.message("hi from A"))["id"] == sent["id"]
            # B to A, polling receiver: many long-polls through nginx, all to the same process.
            sent = await bob_c.sio.call("send-message", {"roomId": room, "text": "hi from B"}, timeout=5)
            for client in (alice_c, carol_c, dave_c, clients["erin"]):
                assert (await client.message("hi from B"))["id"] == sent["id"]

            # `typing` is a room broadcast without a database write: what is timed is the broadcast itself.
            cross = await measure(carol_c, bob_c, room)
            local = await measure(carol_c, dave_c, room)
            print(f"\n[{cluster['balancing']}] cross-process broadcast latency through nginx and Redis (A -> B, "
                  f"websocket, n={len(cross)}): p50 {percentile(cross, 0.5):.2f} ms, p99 {percentile(cross, 0.99):.2f} ms")
            print(f"[{cluster['balancing']}] same-process broadcast latency through nginx (A -> A, websocket, "
                  f"n={len(local)}): p50 {percentile(local, 0.5):.2f} ms, p99 {percentile(local, 0.99):.2f} ms")

            # Redis dies: each process goes on serving its own clients.
            redis.kill()
            await wait_for_ready(node_a, False)
            await wait_for_ready(node_b, False)
            await carol_c.sio.call("send-message", {"roomId": room, "text": "during the outage"}, timeout=5)
            await alice_c.message("during the outage")
            await dave_c.message("during the outage")

            # Redis is back: both processes reconnect and subscribe again; delivery crosses again.
            redis.start()
            await wait_for_ready(node_a, True)
            await wait_for_ready(node_b, True)
            await carol_c.sio.call("send-message", {"roomId": room, "text": "after the outage"}, timeout=5)
            # The next message bob gets is this one: "during the outage" never crossed.
            data, _ = await bob_c.next("message-create")
            assert data["message"]["text"] == "after the outage"
            await alice_c.message("after the outage")
            for client in clients.values():
                assert client.sio.connected
        finally:
            for client in clients.values():
                await client.sio.disconnect()

    asyncio.run(scenario())

    metrics = requests.get(node_a + "/metrics", timeout=10).text
    assert 'sio_adapter_connected{adapter="redis"} 1' in metrics
    assert metric(metrics, "redis_connection_losses_total") == 1 and metric(metrics, "redis_reconnections_total") == 1
    assert metric(metrics, "redis_publishes_dropped_total") >= 1
    logs = "".join(path.read_text() for path in pathlib.Path(cluster["logs"]).glob("ChatDemo-*.log"))
    assert logs.count("redis: cluster link down") == 2 and logs.count("redis: cluster link restored") == 2


async def wait_for_ready(node, ready, timeout=20):
    """Waits until the node's `/ready` says whether its Redis link is up (503 with a reason while it is down)."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            async with session.get(node + "/ready") as response:
                if (response.status == 200) == ready:
                    return
            await asyncio.sleep(0.05)
    raise AssertionError(f"{node}/ready did not become {'ready' if ready else 'not ready'} within {timeout} s")


def metric(text, name):
    line = next(line for line in text.splitlines() if line.startswith(name + " "))
    return float(line.split()[1])
