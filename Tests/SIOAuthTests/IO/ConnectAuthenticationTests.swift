// SPDX-License-Identifier: MIT

import SIOAuth
import SIOServer
import Testing

/// Tokens presented in the CONNECT packet or the handshake headers, over live long-polling.
@Suite("Authentication at connect")
struct ConnectAuthenticationTests {
    @Test("a valid token in the CONNECT payload connects an authenticated socket carrying its claims")
    func acceptsAuthPayload() throws {
        let seen = Lines()
        let server = try AuthTestServer { io, auth in
            auth.onAuthenticated { socket, claims in seen.append("authenticated \(claims.subject ?? "")") }
            io.onConnection { socket in seen.append("connection \(socket.claims?.groupID ?? "-")") }
        }
        defer { server.stop() }
        let peer = try server.peer()
        let id = try peer.connect(auth: #"{"token":"\#(AuthTestServer.token("alice"))"}"#)
        #expect(seen.all == ["authenticated alice", "connection web"])
        #expect(try server.state(of: id) == .authenticated(JWTClaims(
            subject: "alice", groupID: "web", issuedAt: AuthTestServer.now, expiresAt: AuthTestServer.now + 3600)))
        #expect(server.log.all == ["socket \(id) authenticated as alice (gid web) by CONNECT"])
    }

    @Test("a Bearer token in the handshake's Authorization header is accepted too")
    func acceptsAuthorizationHeader() throws {
        let server = try AuthTestServer()
        defer { server.stop() }
        let peer = try server.peer(headers: ["Authorization: Bearer \(AuthTestServer.token("bob"))"])
        let id = try peer.connect()
        #expect(try server.subject(of: id) == "bob")
    }

    @Test("a forged token is refused with CONNECT_ERROR carrying the 401 payload as data, and no socket exists")
    func refusesForgedToken() throws {
        let connected = Lines()
        let server = try AuthTestServer { io, _ in io.onConnection { _ in connected.append("connection") } }
        defer { server.stop() }
        let peer = try server.peer()
        let otherKey = [UInt8](repeating: 1, count: 32)
        let forged = JWTTestSupport.token(header: #"{"alg":"HS256"}"#, payload: #"{"sub":"alice"}"#, key: otherKey)
        try peer.post(#"40{"token":"\#(forged)"}"#)
        let reply = try peer.next()
        let id = try #require(reply.firstMatch(of: /socket ([A-Za-z0-9_-]{20})"/)?.1)
        let message = "Authentication failure socket \(id)"
        #expect(reply == #"44{"message":"\#(message)","data":{"status":401,"message":"\#(message)"}}"#)
        #expect(connected.all.isEmpty)
        #expect(try server.onLoop { server.io.sockets.sockets.count } == 0)
        #expect(server.log.all == ["socket \(id) refused at connect: 401 (bad signature)"])
    }

    @Test("a genuine token the application refuses gets 403, and a failing check 500, at connect")
    func forbiddenAndInternalError() throws {
        struct Down: Error {}
        let server = try AuthTestServer(authorize: { claims in
            if claims.subject == "erin" { throw Down() }
            return claims.subject != "mallory"
        })
        defer { server.stop() }
        let mallory = try server.peer()
        try mallory.post(#"40{"token":"\#(AuthTestServer.token("mallory"))"}"#)
        #expect(try mallory.next() == #"44{"message":"Access denied","data":{"status":403,"message":"Access denied"}}"#)
        let erin = try server.peer()
        try erin.post(#"40{"token":"\#(AuthTestServer.token("erin"))"}"#)
        #expect(try erin.next()
            == #"44{"message":"Internal server error","data":{"status":500,"message":"Internal server error"}}"#)
    }

    @Test("with the deadline turned off, a CONNECT without a token is refused at once with a 401")
    func strictMode() throws {
        let server = try AuthTestServer(configure: { $0.timeout = nil })
        defer { server.stop() }
        let peer = try server.peer()
        try peer.post("40")
        #expect(try peer.next().hasPrefix(#"44{"message":"Authentication failure socket "#))
    }

    @Test("a token in the query is ignored unless the query source is enabled (it would be logged with the URL)")
    func querySourceIsOptIn() throws {
        let token = AuthTestServer.token("carol")
        let server = try AuthTestServer(configure: { $0.timeout = nil })
        defer { server.stop() }
        let peer = try PollingPeer(port: server.port, query: "&token=\(token)")
        try peer.post("40")
        #expect(try peer.next().hasPrefix("44"))

        let lenient = try AuthTestServer(configure: { $0.timeout = nil; $0.tokenSources.append(.query("token")) })
        defer { lenient.stop() }
        let accepted = try PollingPeer(port: lenient.port, query: "&token=\(token)")
        let id = try accepted.connect()
        #expect(try lenient.subject(of: id) == "carol")
    }
}
