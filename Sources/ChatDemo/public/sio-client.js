// SPDX-License-Identifier: MIT
//
// sio-client.js: a small Socket.IO v5 client in plain JavaScript, written to be read.
//
// It speaks the same protocol as the official client (Engine.IO v4 underneath), for the "/" namespace:
//
//   const socket = io({ auth: (cb) => cb({ token }) });      // or io("http://host:3000", { auth: { token } })
//   socket.on("connect", () => socket.emit("subscribe", { rooms: [1] }, (answer) => console.log(answer)));
//   socket.on("message-create", ({ message }) => show(message));
//   socket.volatile.emit("typing", { roomId: 1 });            // dropped when not connected
//   socket.timeout(5000).emit("ping", {}, (err, pong) => {});
//
// Layers, bottom up (each one is a class below):
//   1. transports: WebSocket first; if it cannot even open, HTTP long-polling (GET waits, POST sends);
//   2. EngineConnection: the Engine.IO session on one transport: handshake, heartbeat, message packets;
//   3. Socket: Socket.IO packets (CONNECT with auth, EVENT, ACK, CONNECT_ERROR, DISCONNECT), listeners,
//      acknowledgements, a send buffer while disconnected, and reconnection with jittered backoff;
//   4. connection state recovery, as the official client does it: when the CONNECT answer carries a private
//      session id (`pid`), every event's last argument, if a string, is its offset; the client keeps the pid and
//      the last offset and sends `{pid, offset}` with its auth when it reconnects. If the server recovers the
//      socket (`socket.recovered`), it is back in its rooms and receives what it missed, in order, right after
//      "connect". The offset stays in the arguments the listeners get, as with the official client.
//
// Not supported, on purpose (the chat does not need them): binary attachments, namespaces other than "/",
// upgrading from polling to WebSocket in the middle of a session, multiplexing several namespaces.
(function (global) {
  "use strict";

  // Engine.IO v4 packet types (first character of a packet), and the polling payload separator.
  const EIO_OPEN = "0", EIO_CLOSE = "1", EIO_PING = "2", EIO_PONG = "3", EIO_MESSAGE = "4";
  const RECORD_SEPARATOR = "\x1e";

  // Socket.IO v5 packet types (first character of an Engine.IO message).
  const CONNECT = 0, DISCONNECT = 1, EVENT = 2, ACK = 3, CONNECT_ERROR = 4;

  // Events a client can never emit: the server would treat them as protocol packets.
  const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);

  /** `2` + id + JSON: an EVENT or ACK packet for "/", e.g. `21["chat","hi"]`. */
  function encodePacket(type, data, id) {
    return String(type) + (id === undefined ? "" : String(id)) + (data === undefined ? "" : JSON.stringify(data));
  }

  /** The inverse of encodePacket; `null` for a packet of another namespace or a malformed one. */
  function decodePacket(text) {
    const type = Number(text[0]);
    let i = 1;
    if (text[i] === "/") {
      const comma = text.indexOf(",", i);
      if (comma < 0 || text.slice(i, comma) !== "/") return null;
      i = comma + 1;
    }
    let digits = "";
    while (i < text.length && text[i] >= "0" && text[i] <= "9") digits += text[i++];
    let data;
    if (i < text.length) {
      try { data = JSON.parse(text.slice(i)); } catch (e) { return null; }
    }
    return { type, id: digits === "" ? undefined : Number(digits), data };
  }

  // ---- 1. Transports -------------------------------------------------------------------------------------
  // Both take `handlers` { onPacket(text), onClose(reason) } and offer send(packets) and close().

  class WebSocketTransport {
    constructor(url, handlers) {
      this.name = "websocket";
      this.handlers = handlers;
      this.ws = new WebSocket(url.replace(/^http/, "ws") + "&transport=websocket");
      this.ws.onmessage = (event) => handlers.onPacket(String(event.data));
      this.ws.onclose = () => this._closed("transport close");
      this.ws.onerror = () => this._closed("transport error");
    }
    send(packets) {
      for (const packet of packets) this.ws.send(packet);   // one Engine.IO packet per WebSocket frame
    }
    close() {
      this.handlers = null;
      this.ws.close();
    }
    _closed(reason) {
      const handlers = this.handlers;
      this.handlers = null;
      if (handlers) handlers.onClose(reason);
    }
  }

  class PollingTransport {
    constructor(url, handlers) {
      this.name = "polling";
      this.url = url + "&transport=polling";
      this.handlers = handlers;
      this.sid = null;
      this.queue = [];        // packets waiting for the POST in flight to finish (one POST at a time)
      this.posting = false;
      this._poll();
    }
    /** One long-poll GET; when it answers, handle its packets and poll again. */
    async _poll() {
      while (this.handlers) {
        const url = this.url + (this.sid ? "&sid=" + encodeURIComponent(this.sid) : "") + "&t=" + Date.now().toString(36);
        let body;
        try {
          const response = await fetch(url, { cache: "no-store" });
          if (!response.ok) return this._closed("transport error");
          body = await response.text();
        } catch (e) {
          return this._closed("transport error");
        }
        for (const packet of body.split(RECORD_SEPARATOR)) {
          if (!this.handlers) return;
          if (packet[0] === EIO_OPEN && !this.sid) this.sid = JSON.parse(packet.slice(1)).sid;
          this.handlers.onPacket(packet);
        }
      }
    }
    send(packets) {
      this.queue.push(...packets);
      this._flush();
    }
    async _flush() {
      if (this.posting || this.queue.length === 0 || !this.sid) return;
      const body = this.queue.splice(0).join(RECORD_SEPARATOR);
      this.posting = true;
      try {
        const response = await fetch(this.url + "&sid=" + encodeURIComponent(this.sid), { method: "POST", body });
        if (!response.ok) return this._closed("transport error");
      } catch (e) {
        return this._closed("transport error");
      } finally {
        this.posting = false;
      }
      this._flush();
    }
    close() {
      if (this.sid) this.send([EIO_CLOSE]);                // tell the server, so it frees the session now
      this.handlers = null;
    }
    _closed(reason) {
      const handlers = this.handlers;
      this.handlers = null;
      if (handlers) handlers.onClose(reason);
    }
  }

  // ---- 2. The Engine.IO session ---------------------------------------------------------------------------

  class EngineConnection {
    /** handlers: { onOpen(), onMessage(text), onClose(reason) }. Every connection tries WebSocket first. */
    constructor(baseURL, handlers) {
      this.handlers = handlers;
      this.isOpen = false;
      this.heartbeat = null;
      this.url = baseURL + "?EIO=4";
      this.transport = this._makeTransport("websocket");
    }
    _makeTransport(name) {
      const handlers = {
        onPacket: (packet) => this._onPacket(packet),
        onClose: (reason) => {
          // WebSocket failed before the handshake (a proxy that strips Upgrade, or the server is down):
          // try long-polling in the same attempt. If the server is down, that fails too and we back off.
          if (!this.isOpen && name === "websocket" && this.handlers) {
            this.transport = this._makeTransport("polling");
          } else {
            this._close(reason);
          }
        },
      };
      return name === "websocket" ? new WebSocketTransport(this.url, handlers) : new PollingTransport(this.url, handlers);
    }
    _onPacket(packet) {
      switch (packet[0]) {
        case EIO_OPEN: {
          const handshake = JSON.parse(packet.slice(1));
          this.pingWindow = handshake.pingInterval + handshake.pingTimeout;
          this.isOpen = true;
          this._expectPing();
          this.handlers.onOpen();
          break;
        }
        case EIO_PING:                                    // the server checks we are alive: answer at once
          this._expectPing();
          this.transport.send([EIO_PONG]);
          break;
        case EIO_MESSAGE:
          this.handlers.onMessage(packet.slice(1));
          break;
        case EIO_CLOSE:
          this._close("transport close");
          break;
      }
    }
    /** The server pings every pingInterval; silence for pingInterval + pingTimeout means the link is dead. */
    _expectPing() {
      clearTimeout(this.heartbeat);
      this.heartbeat = setTimeout(() => this._close("ping timeout"), this.pingWindow);
    }
    send(text) {
      if (this.isOpen) this.transport.send([EIO_MESSAGE + text]);
    }
    /** Closes on our side (no onClose callback: the caller knows). */
    close() {
      this.handlers = null;
      clearTimeout(this.heartbeat);
      this.transport.close();
    }
    _close(reason) {
      clearTimeout(this.heartbeat);
      const handlers = this.handlers;
      this.handlers = null;
      this.isOpen = false;
      if (this.transport) this.transport.close();
      if (handlers) handlers.onClose(reason);
    }
  }

  // ---- 3. The Socket.IO socket ----------------------------------------------------------------------------

  class Socket {
    constructor(url, options) {
      this.options = Object.assign({
        path: "/socket.io/", auth: undefined, reconnection: true,
        reconnectionDelay: 1000, reconnectionDelayMax: 5000, randomizationFactor: 0.5,
      }, options || {});
      this.baseURL = (url || global.location.origin).replace(/\/$/, "") + this.options.path;
      this.listeners = new Map();
      this.acks = new Map();          // ack id -> callback, kept across reconnections like the official client
      this.nextAckId = 0;
      this.sendBuffer = [];           // packets emitted while disconnected, sent on the next connect
      this.connected = false;
      this.id = undefined;
      this.recovered = false;         // whether the last connect recovered the previous session
      this._pid = undefined;          // the private session id of connection state recovery, from CONNECT
      this._lastOffset = undefined;   // the offset of the last event received
      this.attempts = 0;              // failed connection attempts since the last success
      this.engine = null;
      this.reconnectTimer = null;
      this.active = false;
      this.connect();
    }

    get disconnected() { return !this.connected; }

    on(event, listener) {
      if (!this.listeners.has(event)) this.listeners.set(event, []);
      this.listeners.get(event).push(listener);
      return this;
    }
    once(event, listener) {
      const wrapper = (...args) => { this.off(event, wrapper); listener(...args); };
      return this.on(event, wrapper);
    }
    off(event, listener) {
      if (!listener) this.listeners.delete(event);
      else this.listeners.set(event, (this.listeners.get(event) || []).filter((l) => l !== listener));
      return this;
    }
    _fire(event, args) {
      for (const listener of (this.listeners.get(event) || []).slice()) listener(...args);
    }

    /** emit(event, ...args, ack?): a function as the last argument asks the server to acknowledge. */
    emit(event, ...args) {
      return this._emit(event, args, { volatile: false, timeout: undefined });
    }
    /** The next emit is dropped instead of buffered when the socket is not connected. */
    get volatile() {
      return { emit: (event, ...args) => this._emit(event, args, { volatile: true }) };
    }
    /** The acknowledgement callback gets (error, ...answer): an Error after `ms` without an answer. */
    timeout(ms) {
      return { emit: (event, ...args) => this._emit(event, args, { timeout: ms }) };
    }
    _emit(event, args, flags) {
      if (RESERVED.has(event)) throw new Error('"' + event + '" is a reserved event name');
      let id;
      if (typeof args[args.length - 1] === "function") {
        let callback = args.pop();
        id = this.nextAckId++;
        if (flags.timeout !== undefined) {
          const reply = callback;
          const timer = setTimeout(() => { this.acks.delete(id); reply(new Error("operation has timed out")); }, flags.timeout);
          callback = (...answer) => { clearTimeout(timer); reply(null, ...answer); };
        }
        this.acks.set(id, callback);
      }
      const packet = encodePacket(EVENT, [event, ...args], id);
      if (this.connected) this.engine.send(packet);
      else if (!flags.volatile) this.sendBuffer.push(packet);
      return this;
    }

    /** Opens the connection (again, after disconnect()). */
    connect() {
      if (this.active) return this;
      this.active = true;
      this._open();
      return this;
    }
    open() { return this.connect(); }

    /** Leaves for good: no reconnection until connect() is called. */
    disconnect() {
      this.active = false;
      clearTimeout(this.reconnectTimer);
      if (this.engine) {
        if (this.connected) this.engine.send(encodePacket(DISCONNECT));
        this.engine.close();
        this.engine = null;
      }
      this._lost("io client disconnect");
      return this;
    }
    close() { return this.disconnect(); }

    _open() {
      this.engine = new EngineConnection(this.baseURL, {
        onOpen: () => this._sendConnect(),
        onMessage: (text) => this._onPacket(decodePacket(text)),
        onClose: (reason) => {
          this.engine = null;
          this._lost(reason);
          this._scheduleReconnect();
        },
      });
    }

    /** CONNECT to "/" with the auth payload; `auth` may be a function that calls back with it (a fresh token).
     *  After a connection with recovery, `{pid, offset}` go with it (socket.io-client `_sendConnectPacket`). */
    _sendConnect() {
      const send = (auth) => {
        const data = this._pid ? Object.assign({ pid: this._pid, offset: this._lastOffset }, auth) : auth;
        if (this.engine) this.engine.send(encodePacket(CONNECT, data || undefined));
      };
      if (typeof this.options.auth === "function") this.options.auth(send);
      else send(this.options.auth);
    }

    _onPacket(packet) {
      if (!packet) return;
      switch (packet.type) {
        case CONNECT:
          this.connected = true;
          this.id = packet.data && packet.data.sid;
          const pid = packet.data && packet.data.pid;
          this.recovered = Boolean(pid) && this._pid === pid;
          this._pid = pid;
          this.attempts = 0;
          this._fire("connect", []);
          for (const buffered of this.sendBuffer.splice(0)) this.engine.send(buffered);
          break;
        case CONNECT_ERROR: {
          // Refused by the server's middleware (a bad token): like the official client, do not retry on our own.
          const error = new Error(packet.data && packet.data.message);
          error.data = packet.data && packet.data.data;
          this.active = false;
          if (this.engine) this.engine.close();
          this.engine = null;
          this._fire("connect_error", [error]);
          break;
        }
        case EVENT: {
          const [event, ...args] = packet.data || [];
          if (packet.id !== undefined) {
            let answered = false;
            args.push((...answer) => {
              if (answered || !this.engine) return;
              answered = true;
              this.engine.send(encodePacket(ACK, answer, packet.id));
            });
          }
          this._fire(event, args);
          if (this._pid && args.length && typeof args[args.length - 1] === "string") this._lastOffset = args[args.length - 1];
          break;
        }
        case ACK: {
          const callback = this.acks.get(packet.id);
          this.acks.delete(packet.id);
          if (callback) callback(...(packet.data || []));
          break;
        }
        case DISCONNECT:
          // The server removed us ("io server disconnect"): no reconnection, as with the official client.
          this.active = false;
          if (this.engine) this.engine.close();
          this.engine = null;
          this._lost("io server disconnect");
          break;
      }
    }

    _lost(reason) {
      if (!this.connected) return;
      this.connected = false;
      this.id = undefined;
      this._fire("disconnect", [reason]);
    }

    /** Exponential backoff with jitter: 1 s, 2 s, 4 s... up to 5 s, each +-50 % at random, so that a
     *  restarted server is not hit by every client in the same millisecond. */
    _scheduleReconnect() {
      if (!this.active || !this.options.reconnection) return;
      const base = Math.min(this.options.reconnectionDelayMax, this.options.reconnectionDelay * Math.pow(2, this.attempts));
      const jitter = 1 + this.options.randomizationFactor * (Math.random() * 2 - 1);
      this.attempts += 1;
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => { if (this.active && !this.engine) this._open(); }, base * jitter);
    }
  }

  /** io(url?, options?): a connected Socket, as with the official client. */
  function io(url, options) {
    if (typeof url === "object") { options = url; url = undefined; }
    return new Socket(url, options);
  }
  io.protocol = 5;
  io.clientName = "sio-client.js";
  io.Socket = Socket;
  global.io = io;
})(typeof window !== "undefined" ? window : globalThis);
