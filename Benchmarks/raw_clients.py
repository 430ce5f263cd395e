# SPDX-License-Identifier: MIT
"""Raw clients for hostile.py and soak.py: masked WebSocket frames, a WebSocket that reads only when asked
(a hostile client must be able to stop reading, which no real client library allows), an Engine.IO WebSocket
session, and one HTTP request on a fresh connection. Standard library only."""
import base64
import http.client
import json
import secrets
import socket
import struct
import time


def mask(payload, key):
    """RFC 6455 §5.3 masking, on whole integers (fast enough for megabyte payloads)."""
    if not payload:
        return b""
    repeated = (key * (len(payload) // 4 + 1))[:len(payload)]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(len(payload), "big")


def ws_frame(opcode, payload, key=None):
    """One final, masked client frame (RFC 6455 §5.2)."""
    key = key or secrets.token_bytes(4)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 65536:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    return header + key + mask(payload, key)


def text_frame(text):
    return ws_frame(0x1, text.encode() if isinstance(text, str) else text)


class ConnectionClosed(Exception):
    """The server closed the connection (FIN, RST or a close frame)."""


class WebSocket:
    """A raw client WebSocket: `open` does the upgrade; `send_text` and `receive` do frames. It answers the
    server's ping frames; it reads only when asked to."""

    def __init__(self, sock, leftover):
        self.sock = sock
        self.buffer = bytearray(leftover)

    @classmethod
    def open(cls, port, path, timeout=5.0, source=None):
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                        source_address=(source, 0) if source else None)
        key = base64.b64encode(secrets.token_bytes(16)).decode()
        sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = bytearray()
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                raise ConnectionClosed("closed during the upgrade")
            head += chunk
        end = head.index(b"\r\n\r\n") + 4
        status = head[:head.index(b"\r\n")].decode(errors="replace")
        if " 101 " not in status + " ":
            raise ConnectionClosed(f"upgrade refused: {status}")
        return cls(sock, head[end:])

    def send_text(self, text):
        self.sock.sendall(text_frame(text))

    def _fill(self, size, deadline):
        while len(self.buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(max(65536, size - len(self.buffer)))
            except socket.timeout as error:
                raise TimeoutError from error
            except OSError as error:
                raise ConnectionClosed(str(error)) from error
            if not chunk:
                raise ConnectionClosed("server closed the connection")
            self.buffer += chunk

    def _take(self, size, deadline):
        self._fill(size, deadline)
        taken = bytes(self.buffer[:size])
        del self.buffer[:size]
        return taken

    def receive(self, timeout=5.0):
        """The next data message as text (continuations assembled); raises TimeoutError or ConnectionClosed."""
        deadline = time.monotonic() + timeout
        parts = []
        while True:
            first, second = self._take(2, deadline)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._take(2, deadline))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._take(8, deadline))[0]
            payload = self._take(length, deadline)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise ConnectionClosed(f"close frame {payload[:2].hex()} {payload[2:].decode(errors='replace')}")
            if opcode == 0x9:
                self.sock.sendall(ws_frame(0xA, payload))
                continue
            if opcode == 0xA:
                continue
            parts.append(payload)
            if first & 0x80:
                return b"".join(parts).decode(errors="replace")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def engine_websocket(port, path, timeout=5.0, source=None):
    """A WebSocket Engine.IO session (`?EIO=4&transport=websocket`) and its open packet as a dict."""
    ws = WebSocket.open(port, f"{path}?EIO=4&transport=websocket", timeout=timeout, source=source)
    opening = ws.receive(timeout)
    if not opening.startswith("0"):
        raise ConnectionClosed(f"expected an open packet, got {opening[:80]!r}")
    return ws, json.loads(opening[1:])


def http_request(port, method, path, body=None, headers=None, timeout=10.0, source=None):
    """One request on a fresh connection: (status, body bytes, seconds); status None on a failure."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                            source_address=(source, 0) if source else None)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, data, time.monotonic() - started
    except (OSError, http.client.HTTPException):
        return None, b"", time.monotonic() - started
    finally:
        connection.close()
