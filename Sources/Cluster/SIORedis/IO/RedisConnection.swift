// SPDX-License-Identifier: MIT

import SIOConnect
import SIOHTTP

/// One TCP connection to Redis that comes back by itself: connect, log in, read replies, and when the
/// connection fails, try again after a `ReconnectBackoff` delay, for as long as it is not closed.
///
/// `RedisClient` (commands) and `RedisSubscriber` (pub/sub) each own one and add their protocol on top:
/// `onReady` runs each time a connection is usable (after `AUTH`/`SELECT` when the endpoint asks for them, so
/// the owner can send or re-send its commands), `onValue` with every reply, `onDown` when it is lost.
///
/// States, and the log lines that say so:
///
/// ```text
/// disconnected --start()--> connecting --TCP up, AUTH/SELECT answered--> connected    "connected to redis://…"
///      ^                        |                                            |
///      +--- wait 0.1 s … 5 s ---+------------- connection lost --------------+         "lost …; retrying in 0.4 s"
/// ```
///
/// Everything runs on `loop`; create and use it there.
package final class RedisConnection: ConnectionHandler {
    package enum State: Sendable, Hashable {
        case disconnected
        case connecting
        case connected
    }

    package let endpoint: RedisEndpoint
    package let loop: EventLoop
    /// Names the connection in log lines: `publisher`, `subscriber`.
    package let role: String
    /// How long a TCP connect may take before the attempt counts as failed.
    package var connectTimeout: Duration = .seconds(5)
    package private(set) var state = State.disconnected

    var onReady: (() -> Void)?
    var onValue: ((RESPValue) -> Void)?
    var onDown: ((String) -> Void)?
    /// Told of every state change. `RedisAdapterFactory` sets it (and `log`) on the connections it owns; a
    /// program using a `RedisClient` on its own may set them.
    package var onStateChange: ((State) -> Void)?
    /// Receives the connection's log lines: connected, lost, retrying.
    package var log: ((RedisLogLevel, String) -> Void)?

    private var backoff: ReconnectBackoff
    private var connection: Connection?
    private var parser = RESPParser()
    /// Replies to `AUTH`/`SELECT` still expected before the connection is usable.
    private var handshakeReplies = 0
    /// Counts attempts, so that the outcome of an attempt abandoned by the connect timeout is recognised.
    private var attempt = 0
    private var timer: LoopTimer?
    private var closed = false
    /// Failed attempts since the connection was last up: the first one (and the loss of a working connection)
    /// is worth a warning; the next ones, while Redis stays away, are debug noise.
    private var failuresSinceConnected = 0

    package init(endpoint: RedisEndpoint, loop: EventLoop, role: String, backoff: ReconnectBackoff = ReconnectBackoff()) {
        self.endpoint = endpoint
        self.loop = loop
        self.role = role
        self.backoff = backoff
    }

    /// Starts connecting (and reconnecting after each loss).
    package func start() {
        guard !closed, state == .disconnected, timer == nil else { return }
        connect()
    }

    /// Writes a command; only while connected (the owners check).
    func write(_ bytes: [UInt8]) {
        connection?.write(bytes)
    }

    /// Closes for good: no more reconnections.
    package func close() {
        closed = true
        timer?.cancel()
        timer = nil
        drop(reason: "closed", reconnect: false)
    }

    // MARK: Connecting

    private func connect() {
        attempt += 1
        let current = attempt
        setState(.connecting)
        timer = loop.schedule(after: connectTimeout) { [weak self] in
            guard let self, attempt == current, state == .connecting else { return }
            failed("connect timed out after \(connectTimeout)")
        }
        // Resolved again at every attempt (IPv4 and IPv6), so a Redis that comes back with a new address (a
        // restarted container) is found.
        Connection.connect(host: endpoint.host, port: endpoint.port, loop: loop) { [weak self] result in
            guard let self, attempt == current, !closed else {
                // An abandoned attempt that succeeded late: nobody wants this connection.
                if case .success(let connection) = result { connection.abort() }
                return
            }
            switch result {
            case .success(let connection): established(connection)
            case .failure(let error): failed(error.description)
            }
        }
    }

    private func established(_ connection: Connection) {
        timer?.cancel()
        timer = nil
        self.connection = connection
        connection.setHandler(self)
        parser.reset()
        var handshake: [[UInt8]] = []
        if let password = endpoint.password {
            handshake.append(endpoint.username.map { RESPEncoder.command("AUTH", $0, password) } ?? RESPEncoder.command("AUTH", password))
        }
        if let database = endpoint.database { handshake.append(RESPEncoder.command("SELECT", String(database))) }
        handshakeReplies = handshake.count
        if handshake.isEmpty { ready() } else { connection.write(handshake) }
    }

    private func ready() {
        backoff.reset()
        failuresSinceConnected = 0
        log?(.info, "redis \(role): connected to \(endpoint)")
        setState(.connected)
        onReady?()
    }

    // MARK: ConnectionHandler

    package func connection(_ connection: Connection, didRead bytes: ArraySlice<UInt8>) {
        guard connection === self.connection else { return }
        parser.append(bytes)
        do {
            while self.connection === connection, case .value(let value) = try parser.next() {
                guard handshakeReplies > 0 else {
                    onValue?(value)
                    continue
                }
                if case .error(let message) = value { return failed("login refused: \(message)") }
                handshakeReplies -= 1
                if handshakeReplies == 0 { ready() }
            }
        } catch {
            failed("unreadable reply (\(error))")
        }
    }

    package func connectionDidClose(_ connection: Connection) {
        guard connection === self.connection else { return }
        self.connection = nil
        failed("connection closed")
    }

    // MARK: Losing it

    private func failed(_ reason: String) {
        drop(reason: reason, reconnect: true)
    }

    private func drop(reason: String, reconnect: Bool) {
        let wasConnected = state == .connected
        if let connection {
            self.connection = nil
            connection.setHandler(nil)
            connection.abort()
        }
        handshakeReplies = 0
        parser.reset()
        if state != .disconnected { setState(.disconnected) }
        if wasConnected || reconnect { onDown?(reason) }
        guard reconnect, !closed else { return }
        let delay = backoff.nextDelay(random: Double.random(in: 0...1))
        failuresSinceConnected += 1
        let level: RedisLogLevel = wasConnected || failuresSinceConnected == 1 ? .warning : .debug
        let what = wasConnected ? "lost \(endpoint)" : "cannot reach \(endpoint)"
        log?(level, "redis \(role): \(what) (\(reason)); retrying in \(delay.formattedSeconds)")
        timer?.cancel()
        timer = loop.schedule(after: delay) { [weak self] in
            guard let self, !closed else { return }
            timer = nil
            connect()
        }
    }

    private func setState(_ newState: State) {
        state = newState
        onStateChange?(newState)
    }
}

private extension Duration {
    /// `0.4 s`, `2.5 s`: for log lines.
    var formattedSeconds: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        return "\(Double(milliseconds) / 1000) s"
    }
}
