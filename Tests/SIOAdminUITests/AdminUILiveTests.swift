// SPDX-License-Identifier: MIT

import SIOAdminUI
import SIOHTTP
import SIOServer
import SIOTestSupport
import Testing

/// The `/admin` namespace over raw long-polling, so that every assertion is on the exact packets the UI gets.
/// (The whole protocol against a Python client speaking as the UI: Tests/Interop/test_admin_ui.py.)
@Suite("Admin UI namespace: login, throttling, production mode")
struct AdminUILiveTests {
    static let login = #"{"username":"admin","password":"s3cret"}"#

    /// A server on its own loop, instrumented with `configure`d settings (no stats tick during a test).
    final class Instrumented: @unchecked Sendable {
        let thread: LoopThread
        let io: Server
        let adminUI: AdminUI
        let port: Int
        private let http: HTTPServer

        init(_ configure: (inout AdminUIConfiguration) -> Void = { _ in }) throws {
            var configuration = AdminUIConfiguration(authentication: .basic(username: "admin", password: "s3cret"))
            configuration.serverStatsInterval = .seconds(3600)
            configure(&configuration)
            let settings = configuration
            thread = try LoopThread()
            let loop = thread.loop
            (http, io, adminUI, port) = try thread.sync {
                let http = HTTPServer(loop: loop)
                let io = Server(http: http)
                let adminUI = AdminUI.instrument(io, settings)
                return (http, io, adminUI, try http.start(host: "127.0.0.1", port: 0))
            }
        }

        func client() throws -> PollingClient { try PollingClient(port: port) }

        func stop() { thread.stop() }
    }

    @Test("a UI that logs in gets a session id, then the features; in production mode no socket list and no socket events")
    func productionMode() throws {
        let server = try Instrumented { $0.mode = .production }
        defer { server.stop() }
        let ui = try server.client()
        try ui.connect("/admin", auth: Self.login)
        let session = try ui.next()
        #expect(session.hasPrefix(#"42/admin,["session",""#) && session.count == #"42/admin,["session",""]"#.count + 32)
        #expect(try ui.next() == #"42/admin,["config",{"supportedFeatures":["EMIT","JOIN","LEAVE","DISCONNECT","MJOIN","MLEAVE","MDISCONNECT","AGGREGATED_EVENTS"]}]"#)

        try server.client().connect()
        try server.thread.sync { server.adminUI.namespace.emit("marker") }
        #expect(try ui.next() == #"42/admin,["marker"]"#)
    }

    @Test("read-only mode offers no operation, and ignores them")
    func readonly() throws {
        let server = try Instrumented { $0.readonly = true; $0.mode = .production }
        defer { server.stop() }
        let socketID = try server.client().connect()
        let ui = try server.client()
        try ui.connect("/admin", auth: Self.login)
        _ = try ui.next()
        #expect(try ui.next() == #"42/admin,["config",{"supportedFeatures":["AGGREGATED_EVENTS"]}]"#)
        try ui.post(#"42/admin,["_disconnect","/",true,"\#(socketID)"]"#, #"42/admin,["join","/","vip"]"#)
        #expect(try server.thread.sync { server.io.sockets.sockets[socketID]?.rooms } == [socketID])
    }

    @Test("wrong credentials get invalid credentials; past the throttle, so does the right password")
    func throttlesGuesses() throws {
        let server = try Instrumented { $0.loginThrottle = AdminUILoginThrottle(maxFailures: 2) }
        defer { server.stop() }
        let ui = try server.client()
        let refusal = #"44/admin,{"message":"invalid credentials"}"#
        for _ in 0..<2 {
            try ui.post(#"40/admin,{"username":"admin","password":"guess"}"#)
            #expect(try ui.next() == refusal)
        }
        try ui.post("40/admin," + Self.login)
        #expect(try ui.next() == refusal)
    }
}
