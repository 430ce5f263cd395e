// SPDX-License-Identifier: MIT
//
// The app of docs/library.md, kept compiling: rooms, auth, every core, Redis when REDIS_URL is set, the Admin UI
// when ADMIN_UI_PASSWORD is.
import Foundation
import SIOAdminUI
import SIOAuth
import SIOHTTP
import SIOLoops
import SIORedis
import SIOServer

let environment = ProcessInfo.processInfo.environment
let secret = Array((environment["JWT_SECRET"] ?? "development secret, 32 bytes at least").utf8)
let redis = try environment["REDIS_URL"].map { try RedisEndpoint(url: $0) }  // redis://[::1]:6379
let loops = try LoopGroup(count: ProcessInfo.processInfo.activeProcessorCount)
let loopRooms = LoopAdapterGroup(loops: loops.loops)  // rooms shared by the loops of this process
let servers = loops.onEach { _, loop in
    let http = HTTPServer(loop: loop)
    http.mount("/health", methods: ["GET"]) { _, _ in .response(HTTPResponse(text: "ok")) }
    let adapter = redis.map { RedisAdapterFactory(endpoint: $0, loop: loop).makeAdapter } ?? loopRooms.adapter
    let io = Server(http: http, adapter: adapter)
    if let password = environment["ADMIN_UI_PASSWORD"] {  // the Socket.IO Admin UI's /admin namespace
        AdminUI.instrument(io, AdminUIConfiguration(authentication: .basic(username: "admin", password: password)))
    }
    let auth = Authenticator(namespace: io.sockets, verifier: TokenVerifier(jwt: JWT(key: secret)))
    auth.onAuthenticated { socket, claims in socket.join("user:" + (claims.subject ?? "")) }
    io.onConnection { socket in
        socket.on("join") { arguments, ack in
            guard let room = arguments.first?.stringValue else { return }
            socket.join(room)
            ack?(true)
        }
        socket.on("say") { arguments in
            guard let room = arguments.first?.stringValue else { return }
            io.to(room).emit("said", arguments)
        }
    }
    return http
}
let group = HTTPServerGroup(servers)
print("listening on http://localhost:\(try group.servers[0].start(port: 3000))")
let signals = ShutdownSignals(loop: loops.loops[0]) { loops.stop() }
loops.run()
withExtendedLifetime(signals) {}
