// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP
import SIOJSON
import SIOServer

/// Authenticates the sockets of one namespace with JSON Web Tokens, in both styles real deployments use.
///
/// 1. **At connect**, as a namespace middleware: a token in the CONNECT packet (`io(url, { auth: { token } })`)
///    or in an `Authorization: Bearer` header is verified before the socket joins. A bad one is refused with
///    CONNECT_ERROR `{"message":…,"data":{"status":401,"message":…}}`; the socket never exists for the app.
/// 2. **After connect**, with a deadline: a socket that brings no credentials joins, but has
///    `configuration.timeout` (10 s) to emit `authentication` or `auth` with its token (see
///    ``AuthenticationConvention``). Until then its events are dropped (a packet middleware, `socket.use`) and
///    it receives only broadcasts to everyone. Failure answers `unauthorized` / `invalid_token` and
///    disconnects; silence past the deadline disconnects.
///
/// Either way, an authenticated socket carries its claims in `socket.data` (``SIOServer/Socket/claims``),
/// joins `configuration.room`, and the ``onAuthenticated(_:)`` handlers run: join the per-user rooms there.
///
/// ```swift
/// let auth = Authenticator(namespace: io.sockets, verifier: TokenVerifier(jwt: JWT(key: secret)))
/// auth.onAuthenticated { socket, claims in
///     socket.join("user:" + claims.subject!)           // rooms that only authenticated sockets are in
/// }
/// io.to("user:alice").emit("new-notification", note)  // alice's authenticated sockets
/// auth.emitAuthenticated("maintenance", "at 22:00")   // every authenticated socket
/// io.emit("server-time", .number(now))                // everyone, authenticated or not
/// ```
///
/// Create it on the loop before the server starts (it adds a middleware and a connection handler to the
/// namespace, which run in the order they were added: create it before your own handlers). All of its state
/// lives on the loop; `emitAuthenticated` may be called from anywhere.
// `@unchecked Sendable`: its table of sockets is confined to the namespace's loop (`emitAuthenticated` hops there);
// it holds non-`Sendable` handler closures, so neither a `Mutex` nor a checked box fits without a check per event.
public final class Authenticator: @unchecked Sendable {
    /// The namespace whose sockets this authenticates.
    public let namespace: Namespace
    /// The deadline, token sources, conventions and room in force.
    public let configuration: AuthenticatorConfiguration
    /// Checks each token's signature, times and the application's own rule.
    public let verifier: TokenVerifier

    /// The argument of the `init` answer of the ``AuthenticationConvention/auth`` convention: the user's data.
    /// By default `{"sub":…,"gid":…}` (the claims that are present).
    public var userData: (Socket, JWTClaims) -> SocketIOValue = { _, claims in
        var object: SocketIOObject = [:]
        if let subject = claims.subject { object["sub"] = .string(subject) }
        if let group = claims.groupID { object["gid"] = .string(group) }
        return .object(object)
    }

    /// Where decisions are reported (accepted, refused and why, timed out). The reasons here are precise; the
    /// client only ever sees the fixed messages of ``AuthenticationFailure``.
    public var log: ((String) -> Void)?

    /// The wall clock in seconds since 1970, for `exp` and `nbf`. The deadline uses the loop's clock instead.
    private let wallClock: () -> Double
    private var entries: [SocketID: Entry] = [:]
    private var authenticatedHandlers: [(Socket, JWTClaims) -> Void] = []

    /// One connected socket: its deadline machine and the timer that wakes it.
    private struct Entry {
        var machine: AuthenticationDeadline
        var timer: LoopTimer?
    }

    /// Installs authentication on `namespace`. `wallClock` is for tests that sign tokens at fixed times.
    public init(
        namespace: Namespace, verifier: TokenVerifier,
        configuration: AuthenticatorConfiguration = AuthenticatorConfiguration(),
        wallClock: @escaping () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.namespace = namespace
        self.verifier = verifier
        self.configuration = configuration
        self.wallClock = wallClock
        namespace.use { [self] socket, next in admit(socket, next: next) }
        namespace.onConnection { [self] socket in connected(socket) }
    }

    private var loop: EventLoop { namespace.server.loop }

    // MARK: Application API

    /// Runs `handler` when a socket authenticates, at connect or later, before the client hears about it.
    public func onAuthenticated(_ handler: @escaping (Socket, JWTClaims) -> Void) {
        authenticatedHandlers.append(handler)
    }

    /// The authenticated sockets, as a broadcast target (`auth.authenticated.except(room).emit(...)`).
    public var authenticated: BroadcastOperator { namespace.to(configuration.room) }

    /// Sends `event` to the authenticated sockets only; `namespace.emit` reaches every socket.
    @discardableResult
    public func emitAuthenticated(_ event: String, _ arguments: SocketIOValue...) -> Bool {
        authenticated.emit(event, arguments)
    }

    /// The same, with the arguments as an array.
    @discardableResult
    public func emitAuthenticated(_ event: String, _ arguments: [SocketIOValue]) -> Bool {
        authenticated.emit(event, arguments)
    }

    /// Where `socket` stands: pending with its deadline, authenticated, ...; `nil` for a socket this
    /// authenticator does not know (another namespace, or gone). Call it on the loop.
    package func state(of socket: Socket) -> AuthenticationDeadline.State? {
        entries[socket.id]?.machine.state
    }

    // MARK: At connect (namespace middleware)

    private func admit(_ socket: Socket, next: @escaping @Sendable (ConnectError?) -> Void) {
        guard let token = TokenSource.token(in: socket.handshake, sources: configuration.tokenSources) else {
            if configuration.timeout != nil { return next(nil) }
            return refuseAtConnect(socket, .unauthorized("no token in the CONNECT packet"), next: next)
        }
        switch verifier.verify(token, now: wallClock()) {
        case .success(let claims):
            socket.attach(claims)
            next(nil)
        case .failure(let failure):
            refuseAtConnect(socket, failure, next: next)
        }
    }

    private func refuseAtConnect(
        _ socket: Socket, _ failure: AuthenticationFailure, next: @escaping @Sendable (ConnectError?) -> Void
    ) {
        log?("socket \(socket.id) refused at connect: \(failure)")
        next(failure.connectError(socketID: socket.id))
    }

    // MARK: After connect (the deadline)

    private func connected(_ socket: Socket) {
        socket.onDisconnect { [self] _ in
            entries.removeValue(forKey: socket.id)?.timer?.cancel()
        }
        socket.use { [self] packet, next in
            next(mayDeliver(packet, from: socket) ? nil : ConnectError("not authenticated"))
        }
        for convention in configuration.conventions {
            socket.on(convention.requestEvent) { [self] arguments, ack in
                receive(convention, arguments, ack: ack, from: socket)
            }
        }
        if let claims = socket.claims {
            entries[socket.id] = Entry(machine: AuthenticationDeadline(authenticatedWith: claims))
            accept(socket, claims, via: nil, ack: nil)
        } else if let timeout = configuration.timeout {
            let machine = AuthenticationDeadline(connectedAt: loop.now, timeout: timeout)
            entries[socket.id] = Entry(machine: machine)
            log?("socket \(socket.id) connected without credentials: \(Self.seconds(timeout)) s to authenticate")
            arm(socket, at: machine.deadline ?? loop.now)
        }
    }

    /// The packet guard: authenticated sockets pass everything; pending ones only their credentials.
    private func mayDeliver(_ packet: SocketIOPacket, from socket: Socket) -> Bool {
        if entries[socket.id]?.machine.claims != nil { return true }
        guard let name = packet.eventName, let convention = AuthenticationConvention(requestEvent: name) else {
            return false
        }
        return configuration.conventions.contains(convention)
    }

    private func receive(
        _ convention: AuthenticationConvention, _ arguments: [SocketIOValue], ack: Acknowledgement?, from socket: Socket
    ) {
        guard let action = entries[socket.id]?.machine.credentialsReceived(now: loop.now) else { return }
        guard case .verify = action else { return perform(action, on: socket, via: convention, ack: ack) }
        let result = verifier.verify(AuthenticationConvention.token(in: arguments), now: wallClock())
        guard let outcome = entries[socket.id]?.machine.verificationFinished(result) else { return }
        perform(outcome, on: socket, via: convention, ack: ack)
    }

    private func arm(_ socket: Socket, at deadline: Duration) {
        let delay = max(deadline - loop.now, .zero)
        entries[socket.id]?.timer = loop.schedule(after: delay) { [self] in
            guard let action = entries[socket.id]?.machine.deadlineReached(now: loop.now) else { return }
            perform(action, on: socket, via: nil, ack: nil)
        }
    }

    private func perform(
        _ action: AuthenticationDeadline.Action, on socket: Socket, via convention: AuthenticationConvention?,
        ack: Acknowledgement?
    ) {
        switch action {
        case .none, .verify:
            break
        case .wait(let deadline):
            arm(socket, at: deadline)
        case .accept(let claims):
            entries[socket.id]?.timer?.cancel()
            socket.attach(claims)
            accept(socket, claims, via: convention, ack: ack)
        case .reject(let failure):
            entries[socket.id]?.timer?.cancel()
            log?("socket \(socket.id) refused: \(failure); disconnecting")
            if let convention {
                let argument = convention.failureArgument(failure, socketID: socket.id)
                answer(socket, convention.failureEvent, argument, ack: ack)
            }
            socket.disconnect(close: true)
        case .timeOut:
            let timeout = configuration.timeout.map(Self.seconds) ?? "0"
            log?("socket \(socket.id) did not authenticate within \(timeout) s; disconnecting")
            socket.disconnect(close: true)
        }
    }

    /// Joins the authenticated room, runs the application's handlers (which join per-user rooms), then tells
    /// the client: by the time it hears "success", everything addressed to its user reaches it.
    private func accept(
        _ socket: Socket, _ claims: JWTClaims, via convention: AuthenticationConvention?, ack: Acknowledgement?
    ) {
        let how = convention.map { "\($0.requestEvent) event" } ?? "CONNECT"
        log?("socket \(socket.id) authenticated as \(claims.subject ?? "?") (gid \(claims.groupID ?? "-")) by \(how)")
        socket.join(configuration.room)
        for handler in authenticatedHandlers { handler(socket, claims) }
        if let convention {
            let argument = convention.successArgument(userData: userData(socket, claims))
            answer(socket, convention.successEvent, argument, ack: ack)
        }
    }

    /// Emits the answer event, and also acknowledges when the client asked (`await sio.call("authentication",
    /// ...)` in python-socketio returns the same object).
    private func answer(_ socket: Socket, _ event: String, _ argument: SocketIOValue, ack: Acknowledgement?) {
        socket.emit(event, argument)
        ack?(argument)
    }

    /// `10` for ten seconds, `0.25` for a quarter: as JavaScript prints numbers.
    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return JSON.number(Double(seconds) + Double(attoseconds) / 1e18).serialized()
    }
}
