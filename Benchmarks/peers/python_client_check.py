# SPDX-License-Identifier: MIT
"""Cross-check for the load generator: the stock python-socketio client counts the acks of `echo` at a
low, fixed rate. run.py runs `sio-bench echo --count N --rate R` against the same server and the two
counts must agree (and equal N).

    python python_client_check.py --url http://127.0.0.1:PORT --clients 10 --emits 40 --rate 200

Prints one JSON line: {"acks": ..., "mismatched": ..., "errors": ...}.
"""
import argparse
import asyncio
import json

import socketio


async def one_client(index, url, emits, interval, totals):
    client = socketio.AsyncClient(reconnection=False)
    try:
        await client.connect(url, transports=["websocket"], socketio_path="socket.io")
        for sequence in range(emits):
            payload = {"c": index, "s": sequence, "d": "abcdefghijklmnopqrstuvwxyzabcdef"}
            try:
                answer = await client.call("echo", payload, timeout=10)
            except Exception as error:  # timeout or disconnect: the ack was lost
                totals["errors"] += 1
                totals.setdefault("problems", []).append(repr(error)[:120])
                continue
            if answer == payload:
                totals["acks"] += 1
            else:
                totals["mismatched"] += 1
            await asyncio.sleep(interval)
    except Exception as error:
        totals["errors"] += 1
        totals.setdefault("problems", []).append(repr(error)[:120])
    finally:
        await client.disconnect()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--emits", type=int, default=40, help="per client")
    parser.add_argument("--rate", type=float, default=200, help="total emits per second")
    args = parser.parse_args()
    totals = {"acks": 0, "mismatched": 0, "errors": 0}
    interval = args.clients / args.rate
    await asyncio.gather(*(one_client(i, args.url, args.emits, interval, totals) for i in range(args.clients)))
    print(json.dumps(totals), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
