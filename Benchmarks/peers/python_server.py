# SPDX-License-Identifier: MIT
"""The benchmark contract on python-socketio: AsyncServer on aiohttp, the stack its docs recommend
for asyncio. Started by Benchmarks/run.py from its own virtualenv:

    python python_server.py --port 9001 [--host 127.0.0.1] [--ping-interval 25000] [--ping-timeout 20000]

- `echo` acknowledges with exactly the arguments it received (python-socketio sends a returned
  tuple as the ack's argument list);
- `broadcast` re-emits its arguments to every client as `broadcast` (`sio.emit` with no `to`).
Logging is off: both libraries log each packet at INFO when asked to, which would measure the logger.
"""
import argparse
import importlib.metadata

import socketio
from aiohttp import web


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ping-interval", type=int, default=25000, help="milliseconds")
    parser.add_argument("--ping-timeout", type=int, default=20000, help="milliseconds")
    args = parser.parse_args()

    sio = socketio.AsyncServer(
        async_mode="aiohttp",
        ping_interval=args.ping_interval / 1000,
        ping_timeout=args.ping_timeout / 1000,
        logger=False,
        engineio_logger=False,
    )

    @sio.on("echo")
    async def echo(sid, *data):
        return data

    @sio.on("broadcast")
    async def broadcast(sid, *data):
        await sio.emit("broadcast", data)

    app = web.Application()
    sio.attach(app, socketio_path="socket.io")
    version = importlib.metadata.version("python-socketio")
    print(f"python-socketio {version} benchmark peer on :{args.port}", flush=True)
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
