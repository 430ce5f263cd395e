// SPDX-License-Identifier: MIT

import SIOAuth
import SIOHTTP
import SIOServer
import SIOTestSupport
import Synchronization

/// A Socket.IO server on port 0 with an ``Authenticator`` on `/`, its own loop thread, and optionally a manual
/// clock. Tokens are signed and verified at the fixed wall-clock time ``now``.
final class AuthTestServer: @unchecked Sendable {
    static let now: Double = 1_700_000_000
    static let jwt = JWTTestSupport.jwt

    let thread: LoopThread
    /// Kept here: the listener only holds the HTTP server weakly.
    let http: HTTPServer
    let io: Server
    let auth: Authenticator
    let port: Int
    let clock: ManualClock?
    let log = Lines()

    /// `setup` runs on the loop after the authenticator is installed (add handlers there), `prepare` before it.
    /// `setup` comes first so that a trailing closure is always `setup`.
    init(
        clock: ManualClock? = nil,
        setup: @escaping (Server, Authenticator) -> Void = { _, _ in },
        authorize: @escaping TokenVerifier.Authorize = { _ in true },
        configure: (inout AuthenticatorConfiguration) -> Void = { _ in },
        prepare: @escaping (Server) -> Void = { _ in }
    ) throws {
        var configuration = AuthenticatorConfiguration()
        configure(&configuration)
        let settings = configuration
        let thread = try clock.map { try LoopThread(clock: $0) } ?? LoopThread()
        let log = self.log
        let (http, io, auth, port) = try thread.sync {
            let http = HTTPServer(loop: thread.loop)
            let io = Server(http: http)
            prepare(io)
            let auth = Authenticator(
                namespace: io.sockets, verifier: TokenVerifier(jwt: Self.jwt, authorize: authorize),
                configuration: settings, wallClock: { Self.now })
            auth.log = { log.append($0) }
            setup(io, auth)
            return (http, io, auth, try http.start(host: "127.0.0.1", port: 0))
        }
        self.thread = thread
        self.http = http
        self.io = io
        self.auth = auth
        self.port = port
        self.clock = clock
    }

    /// A token for `user` valid for an hour around ``now``.
    static func token(_ user: String, group: String = "web") -> String {
        jwt.sign(JWTClaims(subject: user, groupID: group, issuedAt: now, expiresAt: now + 3600))
    }

    func peer(headers: [String] = []) throws -> PollingPeer {
        try PollingPeer(port: port, headers: headers)
    }

    func onLoop<T>(_ body: @escaping () throws -> T) throws -> T {
        try thread.sync(body)
    }

    /// Moves the manual clock; the loop fires the timers now due before this returns.
    func advance(by delta: Duration) throws {
        guard let clock else { preconditionFailure("this server runs on the system clock") }
        thread.sync { clock.advance(by: delta) }
        thread.sync {}
    }

    /// The authentication state of the socket `id` of `/`.
    func state(of id: SocketID) throws -> AuthenticationDeadline.State? {
        try onLoop { [self] in io.sockets.sockets[id].flatMap { auth.state(of: $0) } }
    }

    /// The subject of the socket `id` once authenticated, `nil` before.
    func subject(of id: SocketID) throws -> String? {
        guard case .authenticated(let claims)? = try state(of: id) else { return nil }
        return claims.subject
    }

    func stop() {
        thread.stop()
    }
}

/// Values recorded on the loop thread (by handlers, the authenticator's log), read by the test thread.
final class Recorder<Element: Sendable>: Sendable {
    private let elements = Mutex<[Element]>([])

    func append(_ element: Element) {
        elements.withLock { $0.append(element) }
    }

    var all: [Element] { elements.withLock { $0 } }
}

typealias Lines = Recorder<String>
