// SPDX-License-Identifier: MIT
//
// Step 5: a notification server whose sockets must authenticate with a JSON Web Token (HS256).
//
//   swift run Step5 [--port 3000] [--secret S] [--auth-timeout MS] [--token-lifetime SECONDS] [--quiet] [--loops N]
//                   [--redis redis://127.0.0.1:6379]
//   swift run Step5 --print-token alice [--group web]       prints a token for alice, then exits
//
// A socket authenticates either in its CONNECT packet (`io(url, { auth: { token } })`) or, within
// --auth-timeout (10000 ms; 0 = CONNECT only), with an `authentication` or `auth` event. Tokens are signed
// with --secret, or STEP5_SECRET, or the development secret in DevelopmentTokens.swift. HTTP routes: see
// NotificationRoutes.swift. The engine's flags (--ping-interval, --cors, ...) work as in step 4.
//
// `--loops N` (1 by default) serves the port from N event loops, one thread each: the first step that runs on
// several cores. It composes the scale module SIOLoops (Sources/Cluster/SIOLoops): one complete server per loop,
// an `HTTPServerGroup` that places each connection on a loop, and a `LoopAdapterGroup` that shares rooms and
// broadcasts between the loops, so that they behave as one server.
//
// `--redis URL` makes several Step5 processes one server (docs/cluster.md): each loop is then a node of the
// Redis cluster (SIORedis, the wire format of @socket.io/redis-adapter), so an announcement posted to one process
// reaches the sockets of all. Benchmarks/scale_out.py runs 100,000 sockets across such processes.
import Foundation
import SIOAuth
import SIOCommandLine
import SIOHTTP
import SIOLoops
import SIORedis
import SIOServer

var configuration = ServerConfiguration()
var authConfiguration = AuthenticatorConfiguration()
let stepNames: Set<String> = ["secret", "token-lifetime", "print-token", "group", "redis"]
var lifetime = 3600
var loopCount = 1
/// `--redis URL`: where the other processes meet, or `nil` (this process alone).
func redisEndpoint(_ options: CommandLineOptions) throws -> RedisEndpoint? {
    guard let url = options.values["redis"] else { return nil }
    do {
        return try RedisEndpoint(url: url)
    } catch {
        throw CommandLineOptions.Invalid(description: "invalid --redis: \(error)")
    }
}
let options = CommandLineOptions.fromProcess(
    switchNames: ["quiet"],
    valueNames: ServerConfiguration.optionNames.union(AuthenticatorConfiguration.optionNames).union(stepNames)
        .union(LoopGroup.optionNames)
) { options in
    loopCount = try LoopGroup.count(from: options)
    try configuration.apply(options)
    try authConfiguration.apply(options)
    if let text = options.values["token-lifetime"] {
        lifetime = try CommandLineOptions.number(text, name: "--token-lifetime", in: 1...JWT.maximumLifetime)
    }
    _ = try redisEndpoint(options)
}
let quiet = options.switches.contains("quiet")
@Sendable func log(_ line: String) {
    if !quiet { Console.log(line) }
}

let secret = options.values["secret"] ?? ProcessInfo.processInfo.environment["STEP5_SECRET"]
    ?? DevelopmentTokens.developmentSecret
guard secret.utf8.count >= JWT.minimumKeyByteCount else {
    Startup.exit("the secret needs \(JWT.minimumKeyByteCount) bytes or more", status: Startup.invalidSettingStatus)
}
let tokens = DevelopmentTokens(secret: secret, lifetime: Double(lifetime))

if let user = options.values["print-token"] {
    print(tokens.token(user: user, group: options.values["group"], now: Date().timeIntervalSince1970).token)
    exit(0)
}

var httpConfiguration = HTTPServer.Configuration()
if !quiet { httpConfiguration.log = { Console.log($0) } }
// Shared by every loop (`--loops`); each is safe to use from any loop.
let store = NotificationStore()

/// `{"sub":"alice","gid":"web"}`: who a token names.
func identity(_ claims: JWTClaims?) -> SocketIOObject {
    ["sub": .string(claims?.subject ?? ""), "gid": claims?.groupID.map(SocketIOValue.string) ?? .null]
}

let loops = Startup.orExit { try LoopGroup(count: loopCount) }
let adapters = LoopAdapterGroup(loops: loops.loops)
// The same server on every loop; rooms and broadcasts span the loops (`LoopAdapterGroup`), or, with `--redis`,
// every loop of every process (each loop is one node of the Redis cluster).
// A `let` (checked with the other flags above): the loops' threads read it.
let redisCluster = try? redisEndpoint(options)
let built = loops.onEach { _, loop in
    let http = HTTPServer(configuration: httpConfiguration, loop: loop)
    var redis: RedisAdapterFactory?
    let io: Server
    if let endpoint = redisCluster {
        let factory = RedisAdapterFactory(endpoint: endpoint, loop: loop)
        factory.log = { _, line in log(line) }
        redis = factory
        io = Server(http: http, configuration: configuration, redis: factory)
    } else {
        io = Server(http: http, configuration: configuration, adapter: adapters.adapter)
    }

    // Authentication first: its middleware and connection handler must run before the application's.
    let auth = Authenticator(namespace: io.sockets, verifier: tokens.verifier(), configuration: authConfiguration)
    auth.log = { log($0) }
    auth.onAuthenticated { socket, claims in
        if let user = claims.subject { socket.join("user:" + user) }
        if let group = claims.groupID { socket.join("group:" + group) }
    }
    // The `auth` convention's `init` answer: who you are, and what you missed.
    auth.userData = { _, claims in
        var data = identity(claims)
        data["notifications"] = .array(store.visible(to: claims).map { SocketIOValue($0.json) })
        return .object(data)
    }

    io.onConnection { socket in
        // Reaches this handler only once authenticated: the authenticator drops a pending socket's events.
        socket.on("whoami") { _, ack in ack?(.object(identity(socket.claims))) }
        socket.on("error") { arguments in
            log("socket \(socket.id): event dropped: \(arguments.first?["message"]?.stringValue ?? "")")
        }
    }

    NotificationRoutes(io: io, auth: auth, tokens: tokens, store: store, log: { log($0) }).install(on: http)
    return (http: http, bound: LoopBound((http: http, io: io, auth: auth, redis: redis), loop: loop))
}
let group = HTTPServerGroup(built.map(\.http))
// Each loop's servers, for the shutdown below, which closes them on their own loops (checked: `LoopBound`).
let servers = built.map(\.bound)

let port = Startup.orExit { try group.servers[0].start(host: options.host, port: options.port) }
let shownHost = options.host == "0.0.0.0" ? "localhost" : options.host
Console.log("Step5 listening on http://\(shownHost):\(port)/ (Socket.IO at /socket.io/)")
if secret == DevelopmentTokens.developmentSecret {
    Console.log("Step5 signs tokens with the development secret: anyone can mint them (set --secret or STEP5_SECRET)")
}
let signals = ShutdownSignals(loop: loops.loops[0]) {
    Console.log("shutting down")
    loops.forEach({ index, done in
        let (http, io, _, redis) = servers[index].value
        io.close()
        redis?.close()
        http.shutdown(completion: done)
    }) { loops.stop() }
}
loops.run()
withExtendedLifetime(signals) {}
