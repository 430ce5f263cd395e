// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP
import SIOJSON

/// One Engine.IO connection as Socket.IO sees it (socket.io `client.ts`): the packet decoder, and the socket of
/// each namespace the connection joined.
///
/// One connection carries many namespaces (a browser's `io("/")` and `io("/admin")` share it), so the client
/// routes each decoded packet by its namespace:
/// - a CONNECT for a namespace it has no socket in asks that namespace to admit a new socket;
/// - any other packet goes to the socket of its namespace;
/// - anything else (a packet for a namespace not joined, a CONNECT_ERROR from the client) breaks the protocol
///   and closes the connection, as does a packet the decoder rejects.
///
/// It also enforces `connectTimeout`: a connection that has joined no namespace when it expires is closed.
///
/// It is its session's delegate (`EngineSessionDelegate`): the session holds it, and the server keeps no table of
/// clients.
final class Client: EngineSessionDelegate {
    let session: EngineSession
    unowned let server: Server
    /// The server's parser's decoder for this connection (`ServerConfiguration.parser`).
    private var decoder: any SocketIOPacketDecoding
    /// The connected socket of each namespace, by namespace name.
    private(set) var sockets: [String: Socket] = [:]
    private var connectTimer: LoopTimer?
    /// The CONNECTs waiting for an asynchronous namespace predicate, by namespace name.
    private var namespaceChecks: [String: BoundedWait] = [:]
    /// False once the connection is closed; writes are ignored from then on (Node checks `conn.readyState`).
    private(set) var isOpen = true

    init(session: EngineSession, server: Server) {
        self.session = session
        self.server = server
        decoder = server.configuration.parser.makeDecoder(maxAttachments: server.configuration.maxAttachments)
        connectTimer = server.loop.schedule(after: server.configuration.connectTimeout) { [weak self] in
            guard let self, sockets.isEmpty else { return }
            close()
        }
    }

    // MARK: Incoming

    func engineSession(_ session: EngineSession, didReceive message: EngineMessage) {
        receive(message)
    }

    func engineSession(_ session: EngineSession, didCloseWith reason: EngineCloseReason) {
        didClose(reason: DisconnectReason(reason))
    }

    /// An Engine.IO message arrived: feed the decoder, route what it completes.
    func receive(_ message: EngineMessage) {
        guard isOpen else { return }
        server.statistics.recordReceived(message)
        let decoded: SocketIOPacket?
        do {
            decoded = try decoder.decode(message)
        } catch {
            // Node (`client.ts` `ondata`/`onerror`) closes the Engine.IO connection; its sockets then see the
            // engine's reason, `forced close`.
            decoder.reset()
            session.close()
            return
        }
        guard let packet = decoded else { return }
        server.statistics.packetsReceived += 1
        route(packet)
    }

    private func route(_ packet: SocketIOPacket) {
        let socket = sockets[packet.namespace]
        if packet.type == .connect, socket == nil {
            connect(to: packet.namespace, auth: packet.data?.jsonValue?.objectValue ?? [:])
        } else if let socket, packet.type != .connect, packet.type != .connectError {
            socket.receive(packet)
        } else {
            close()
        }
    }

    /// A CONNECT for `name`: an existing namespace, a dynamic one its parent accepts, or `Invalid namespace`.
    /// An asynchronous predicate may answer later (`ServerConfiguration.namespaceCheckTimeout`); packets for `name`
    /// that arrive meanwhile find no socket and close the connection, as in Node.
    private func connect(to name: String, auth: JSONObject) {
        guard namespaceChecks[name] == nil else { return }
        guard namespaceChecks.count < server.configuration.maxPendingNamespaceChecks else { return refuse(name) }
        server.checkNamespace(name, auth: auth, waiting: { [weak self] in self?.namespaceChecks[name] = $0 }) { [weak self] in
            guard let self, isOpen else { return }
            namespaceChecks[name] = nil
            guard let namespace = $0 else { return refuse(name) }
            namespace.admit(self, auth: auth)
        }
    }

    private func refuse(_ name: String) {
        let refusal = SocketIOPacket(type: .connectError, namespace: name, data: ConnectError.invalidNamespace.payload)
        write(refusal)
    }

    // MARK: Sockets

    /// `socket` passed its namespace's middleware: from now on packets for its namespace go to it.
    func didConnect(_ socket: Socket) {
        sockets[socket.namespace.name] = socket
        connectTimer?.cancel()
        connectTimer = nil
    }

    /// `socket` left its namespace.
    func remove(_ socket: Socket) {
        if sockets[socket.namespace.name] === socket { sockets[socket.namespace.name] = nil }
    }

    // MARK: Outgoing

    /// Encodes `packet` with the server's parser and writes it.
    func write(_ packet: SocketIOPacket, volatile: Bool = false, compress: Bool = true) {
        write(server.engineMessages(for: packet), volatile: volatile, compress: compress)
    }

    /// Writes one encoded packet. A `volatile` packet is dropped when the transport cannot take it at once
    /// (socket.io `client.ts` `writeToEngine`); `compress: false` asks the transport not to compress it.
    func write(_ messages: [EngineMessage], volatile: Bool = false, compress: Bool = true) {
        guard isOpen else { return }
        if volatile && !session.isWritable {
            server.statistics.volatilePacketsDropped += 1
            return
        }
        server.statistics.recordSent(messages)
        session.send(messages, compress: compress)
    }

    // MARK: Closing

    /// Every socket leaves with `server namespace disconnect`, then the connection closes
    /// (`socket.disconnect(close: true)`; Node `_disconnect`).
    func disconnectAll() {
        for socket in Array(sockets.values) { socket.disconnect() }
        close()
    }

    /// The server closes the connection: its sockets see `forced server close` (Node `close`).
    ///
    /// The sockets are told first, then the engine flushes what is queued and closes; when the engine reports the
    /// close, this client is already detached from the session and ignores it.
    func close() {
        guard isOpen else { return }
        didClose(reason: .forcedServerClose)
        session.close()
    }

    /// The connection is over: every socket leaves its namespace with `reason` (Node `onclose`).
    func didClose(reason: DisconnectReason) {
        guard isOpen else { return }
        isOpen = false
        connectTimer?.cancel()
        connectTimer = nil
        for check in namespaceChecks.values { check.cancel() }
        namespaceChecks.removeAll()
        for socket in Array(sockets.values) { socket.close(reason: reason) }
        sockets.removeAll()
        decoder.reset()
        // The session holds this client as its delegate and the client holds the session: break the cycle.
        session.delegate = nil
    }
}

extension DisconnectReason {
    /// The engine's close reasons are also Socket.IO disconnect reasons, with the same strings. The engine's
    /// `server close` has no Socket.IO twin; it means the server is going away.
    init(_ reason: EngineCloseReason) {
        self = DisconnectReason(rawValue: reason.rawValue) ?? .serverShuttingDown
    }
}
