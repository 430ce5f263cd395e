// SPDX-License-Identifier: MIT

import Foundation
import SIOAuth
import SIOServer
import Testing

/// Middleware chains around the authenticator: namespace middleware (`use`) before a socket joins, packet
/// middleware (`socket.use`) before each event.
@Suite("Middleware")
struct MiddlewareTests {
    static let aliceAuth = #"{"token":"\#(AuthTestServer.token("alice"))"}"#

    @Test("namespace middleware runs in registration order around the authenticator, and later ones see the claims")
    func namespaceOrder() throws {
        let order = Lines()
        let server = try AuthTestServer(
            setup: { io, _ in
                io.use { socket, next in
                    order.append("after auth: \(socket.claims?.subject ?? "anonymous")")
                    socket.data["plan"] = "pro"
                    next(nil)
                }
                io.onConnection { socket in order.append("connection \(socket.data["plan"]?.stringValue ?? "")") }
            },
            prepare: { io in
                io.use { socket, next in
                    order.append("before auth: \(socket.claims?.subject ?? "anonymous")")
                    next(nil)
                }
            })
        defer { server.stop() }
        let peer = try server.peer()
        try peer.connect(auth: Self.aliceAuth)
        #expect(order.all == ["before auth: anonymous", "after auth: alice", "connection pro"])
    }

    @Test("a middleware after the authenticator may still refuse, with its own message and data")
    func laterMiddlewareRefuses() throws {
        let server = try AuthTestServer { io, _ in
            io.use { socket, next in
                guard socket.claims?.groupID == "admin" else {
                    return next(ConnectError("admins only", data: ["group": .string(socket.claims?.groupID ?? "")]))
                }
                next(nil)
            }
        }
        defer { server.stop() }
        let peer = try server.peer()
        try peer.post("40" + Self.aliceAuth)
        #expect(try peer.next() == #"44{"message":"admins only","data":{"group":"web"}}"#)
        #expect(try server.onLoop { server.io.sockets.sockets.isEmpty })
    }

    @Test("packet middleware runs in order before the handlers; a refusal drops the event, error handlers hear it")
    func packetMiddleware() throws {
        let heard = Lines()
        let server = try AuthTestServer { io, _ in
            io.onConnection { socket in
                socket.onAny { event, _ in heard.append("any \(event)") }
                socket.use { packet, next in
                    heard.append("first \(packet.eventName ?? "")")
                    next(nil)
                }
                socket.use { packet, next in
                    heard.append("second \(packet.eventName ?? "")")
                    let refusal = ConnectError("forbidden event", data: ["event": "delete-all"])
                    next(packet.eventName == "delete-all" ? refusal : nil)
                }
                socket.on("delete-all") { _ in heard.append("deleted everything") }
                socket.on("ping-me") { _, ack in ack?("pong") }
                socket.on("error") { arguments in heard.append("error \(arguments[0].jsonValue?.serialized() ?? "")") }
            }
        }
        defer { server.stop() }
        let peer = try server.peer()
        try peer.connect(auth: Self.aliceAuth)
        try peer.post(#"42["delete-all"]"#, #"423["ping-me"]"#)
        #expect(try peer.next() == #"433["pong"]"#)
        #expect(heard.all == [
            "any delete-all", "first delete-all", "second delete-all",
            #"error {"message":"forbidden event","data":{"event":"delete-all"}}"#,
            "any ping-me", "first ping-me", "second ping-me",
        ])
    }

    @Test("a packet middleware may call next later, from another thread")
    func asynchronousPacketMiddleware() throws {
        let server = try AuthTestServer { io, _ in
            io.onConnection { socket in
                socket.use { _, next in Thread.detachNewThread { next(nil) } }
                socket.on("echo") { arguments, ack in ack?(arguments) }
            }
        }
        defer { server.stop() }
        let peer = try server.peer()
        try peer.connect(auth: Self.aliceAuth)
        try peer.post(#"421["echo","later"]"#)
        #expect(try peer.next() == #"431["later"]"#)
    }
}
