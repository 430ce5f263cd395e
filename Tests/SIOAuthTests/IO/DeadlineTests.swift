// SPDX-License-Identifier: MIT

import SIOAuth
import SIOHTTP
import SIOServer
import Testing

/// Sockets that connect without credentials: the two event conventions and the deadline, on a manual clock.
@Suite("Authentication after connect")
struct DeadlineTests {
    static let success = #"42["authenticated",{"status":200,"message":"Authentication success"}]"#

    @Test("an authentication event just before the deadline answers authenticated, and the deadline is then void")
    func authenticationInTime() throws {
        let server = try AuthTestServer(clock: ManualClock())
        defer { server.stop() }
        let peer = try server.peer()
        let id = try peer.connect()
        try server.advance(by: .milliseconds(9_999))
        try peer.post(#"42["authentication",{"token":"\#(AuthTestServer.token("alice"))"}]"#)
        #expect(try peer.next() == Self.success)
        let rooms = try server.onLoop { server.io.sockets.sockets[id]?.rooms ?? [] }
        #expect(rooms == [id, "sio:authenticated"])
        try server.advance(by: .seconds(5))
        #expect(try server.subject(of: id) == "alice")
        #expect(server.log.all == [
            "socket \(id) connected without credentials: 10 s to authenticate",
            "socket \(id) authenticated as alice (gid web) by authentication event",
        ])
    }

    @Test("a bad token answers unauthorized naming the socket, then the socket and the connection close")
    func authenticationRefused() throws {
        let server = try AuthTestServer(clock: ManualClock())
        defer { server.stop() }
        let peer = try server.peer()
        let id = try peer.connect()
        try peer.post(#"42["authentication","not-a-token"]"#)
        let refusal = #"42["unauthorized",{"status":401,"message":"Authentication failure socket \#(id)"}]"#
        #expect(try peer.next() == refusal)
        #expect(try peer.next() == "41")
        #expect(try peer.next() == "1")
        #expect(try server.onLoop { server.io.engine.sessions.count } == 0)
    }

    @Test("a client that asks for an ack gets the answer both as the event and as the ack")
    func answersAck() throws {
        let server = try AuthTestServer(clock: ManualClock())
        defer { server.stop() }
        let peer = try server.peer()
        try peer.connect()
        try peer.post(#"427["authentication","\#(AuthTestServer.token("alice"))"]"#)
        #expect(try peer.next() == Self.success)
        #expect(try peer.next() == #"437[{"status":200,"message":"Authentication success"}]"#)
    }

    @Test("the auth event is answered by init with the user's data, or by invalid_token and a disconnect")
    func authConvention() throws {
        let server = try AuthTestServer(clock: ManualClock(), authorize: { $0.subject != "mallory" })
        defer { server.stop() }
        let alice = try server.peer()
        try alice.connect()
        try alice.post(#"42["auth",{"token":"\#(AuthTestServer.token("alice", group: "kitchen"))"}]"#)
        #expect(try alice.next() == #"42["init",{"sub":"alice","gid":"kitchen"}]"#)

        let mallory = try server.peer()
        try mallory.connect()
        try mallory.post(#"42["auth","\#(AuthTestServer.token("mallory"))"]"#)
        #expect(try mallory.next() == #"42["invalid_token",{"status":403,"message":"Access denied"}]"#)
        #expect(try mallory.next() == "41")
    }

    @Test("a silent socket is still connected 1 ms before the deadline and disconnected at it")
    func silentSocketTimesOut() throws {
        let server = try AuthTestServer(clock: ManualClock())
        defer { server.stop() }
        let peer = try server.peer()
        let id = try peer.connect()
        try server.advance(by: .milliseconds(9_999))
        #expect(try server.state(of: id) != nil)
        try peer.startPoll()
        try server.advance(by: .milliseconds(1))
        #expect(try peer.finishPoll() == ["41"])
        #expect(try peer.next() == "1")
        #expect(try server.state(of: id) == nil)
        #expect(server.log.all.last == "socket \(id) did not authenticate within 10 s; disconnecting")
    }

    @Test("the deadline is configurable")
    func configuredTimeout() throws {
        let server = try AuthTestServer(clock: ManualClock(), configure: { $0.timeout = .milliseconds(1_500) })
        defer { server.stop() }
        let peer = try server.peer()
        let id = try peer.connect()
        try server.advance(by: .milliseconds(1_499))
        let now = try server.onLoop { server.clock!.now() }
        #expect(try server.state(of: id) == .pending(deadline: now + .milliseconds(1)))
        try server.advance(by: .milliseconds(1))
        #expect(try peer.next() == "41")
    }

    @Test("a pending socket's events are dropped (its error handlers hear why) until it authenticates")
    func pendingEventsAreDropped() throws {
        let heard = Lines()
        let server = try AuthTestServer(clock: ManualClock()) { io, _ in
            io.onConnection { socket in
                socket.on("echo") { arguments, ack in
                    heard.append("echo \(arguments[0].stringValue ?? "")")
                    ack?(arguments)
                }
                socket.on("error") { arguments in heard.append("error \(arguments[0]["message"]?.stringValue ?? "")") }
            }
        }
        defer { server.stop() }
        let peer = try server.peer()
        try peer.connect()
        try peer.post(#"421["echo","too early"]"#)
        try peer.post(#"42["authentication","\#(AuthTestServer.token("alice"))"]"#)
        #expect(try peer.next() == Self.success)
        try peer.post(#"422["echo","in time"]"#)
        #expect(try peer.next() == #"432["in time"]"#)
        #expect(heard.all == ["error not authenticated", "echo in time"])
    }

    @Test("emitAuthenticated reaches authenticated sockets only; a plain emit reaches pending sockets too")
    func emitAuthenticated() throws {
        let server = try AuthTestServer(clock: ManualClock())
        defer { server.stop() }
        let pending = try server.peer()
        try pending.connect()
        let member = try server.peer()
        try member.connect(auth: #"{"token":"\#(AuthTestServer.token("bob"))"}"#)
        try server.onLoop {
            server.auth.emitAuthenticated("members", "only")
            server.io.emit("everyone", "all")
        }
        #expect(try member.next() == #"42["members","only"]"#)
        #expect(try member.next() == #"42["everyone","all"]"#)
        #expect(try pending.next() == #"42["everyone","all"]"#)
    }
}

/// The deadline on the real clock: the disconnect happens at the deadline, not before, not much after.
@Suite("The authentication deadline, live")
struct LiveDeadlineTests {
    /// Connects a silent socket and returns how long after its connection handler ran (loop clock) it left,
    /// and how long after the client sent its CONNECT the client saw `41` (the test's monotonic clock).
    static func silentSocket(timeout: Duration?) throws -> (server: Duration, client: Duration) {
        let stamps = Recorder<Duration>()
        let server = try AuthTestServer(
            setup: { io, _ in
                let loop = io.loop
                io.onConnection { socket in
                    stamps.append(loop.now)
                    socket.onDisconnect { _ in stamps.append(loop.now) }
                }
            },
            configure: { if let timeout { $0.timeout = timeout } })
        defer { server.stop() }
        let peer = try server.peer()
        let start = ContinuousClock.now
        try peer.connect()
        #expect(try peer.next() == "41")
        let client = ContinuousClock.now - start
        try server.onLoop {}  // the `41` left before the disconnect handlers ran: let them finish
        let times = stamps.all
        try #require(times.count == 2)
        return (times[1] - times[0], client)
    }

    @Test("with a 300 ms deadline a silent socket leaves between 300 and 400 ms after connecting")
    func shortDeadline() throws {
        let (server, client) = try Self.silentSocket(timeout: .milliseconds(300))
        print("300 ms deadline: the socket left \(server) after connecting (server), \(client) (client)")
        #expect(server >= .milliseconds(300) && server < .milliseconds(400))
        #expect(client >= .milliseconds(300) && client < .milliseconds(500))
    }

    @Test("with the default setting a silent socket leaves between 10.0 and 10.5 s after connecting")
    func defaultDeadline() throws {
        let (server, client) = try Self.silentSocket(timeout: nil)
        print("default deadline: the socket left \(server) after connecting (server), \(client) (client)")
        #expect(server >= .seconds(10) && server < .milliseconds(10_500))
        #expect(client >= .seconds(10) && client < .milliseconds(10_500))
    }
}
