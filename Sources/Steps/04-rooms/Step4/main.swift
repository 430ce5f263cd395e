// SPDX-License-Identifier: MIT
//
// Step 4: a Socket.IO v5 server, serving the two classic examples of the Socket.IO docs.
//
//   swift run Step4 [--port 3000] [--client-bundle PATH] [--public DIR] [--parser default|msgpack] [--test-suite] [--quiet]
//                   [--per-message-deflate] [--admin-ui USER:PASSWORD [--admin-ui-readonly]]
//                   [--connection-state-recovery [--max-disconnection-duration MS]]
//
// Open http://localhost:3000/ for the chat and http://localhost:3000/namespaces.html for the namespaces demo.
// The pages load the client from /socket.io/socket.io.js, which this server serves only when given a bundle
// (`--client-bundle path/to/socket.io.js`); otherwise they fall back to the official CDN.
// `--test-suite` configures the server as the official Socket.IO v5 test suite expects (see TestSuiteHandlers.swift).
// `--admin-ui USER:PASSWORD` serves the Socket.IO Admin UI's `/admin` namespace and lets https://admin.socket.io in
// (CORS with credentials); docs/steps/04-rooms.md, "Watching it: the Admin UI".
// `--connection-state-recovery` turns recovery on (2 minutes, or `--max-disconnection-duration MS`): a client
// whose connection drops comes back with its id, rooms and data, and gets what it missed (docs/steps/04-rooms.md).
// `--parser msgpack` serves socket.io-msgpack-parser's wire format instead of the default one (docs/steps/04-rooms.md).
import Foundation
import SIOAdminUI
import SIOCommandLine
import SIOEngineIO
import SIOHTTP
import SIOMsgpackParser
import SIOServer

var configuration = ServerConfiguration()
configuration.cleanupEmptyChildNamespaces = true   // /dynamic-<n> goes when its last client leaves
var adminUI: AdminUIConfiguration?
let parsers: [String: any SocketIOParser] = ["default": .default, "msgpack": .msgpack]
let options = CommandLineOptions.fromProcess(
    switchNames: AdminUIConfiguration.switchNames.union(ServerConfiguration.recoverySwitchNames)
        .union(["test-suite", "quiet", "per-message-deflate"]),
    valueNames: ServerConfiguration.optionNames.union(ServerConfiguration.recoveryOptionNames)
        .union(AdminUIConfiguration.optionNames).union(["client-bundle", "public", "parser"])
) {
    try configuration.apply($0)
    try $0.requireDirectory("public")
    adminUI = try AdminUIConfiguration(options: $0)
    if let name = $0.values["parser"] {
        guard let parser = parsers[name] else {
            throw CommandLineOptions.Invalid(description: "invalid --parser '\(name)' (expected default or msgpack)")
        }
        configuration.parser = parser
    }
}
if adminUI != nil { configuration.engine.allowAdminUI() }
let quiet = options.switches.contains("quiet")
let publicRoot = options.values["public"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("public").path

var httpConfiguration = HTTPServer.Configuration()
if !quiet { httpConfiguration.log = { Console.log($0) } }
var clientScript: HTTPResponse?
if let bundlePath = options.values["client-bundle"] {
    guard let contents = FileManager.default.contents(atPath: bundlePath) else {
        Startup.exit("cannot read --client-bundle \(bundlePath)", status: Startup.invalidSettingStatus)
    }
    clientScript = HTTPResponse(headers: ["Content-Type": "application/javascript; charset=utf-8"], body: [UInt8](contents))
}

let loop = Startup.orExit { try EventLoop() }
let http = HTTPServer(configuration: httpConfiguration, loop: loop)
// Before the Socket.IO server: routes are tried in mount order, and the engine answers all of /socket.io/.
if let clientScript {
    http.mount(configuration.engine.path + "socket.io.js", methods: ["GET"]) { _, _ in .response(clientScript) }
}
let io = Server(http: http, configuration: configuration)
ChatExample.install(on: io, log: !quiet)
NamespacesExample.install(on: io)
if options.switches.contains("test-suite") { TestSuiteHandlers.install(on: io) }
if let adminUI { AdminUI.instrument(io, adminUI) }

let files = StaticFiles(root: publicRoot, urlPrefix: "/")
http.mount("/", methods: ["GET"]) { request, _ in .response(files.response(for: request)) }

let port = Startup.orExit { try http.start(host: options.host, port: options.port) }
Console.log("Step4 listening on http://localhost:\(port)/")
let signals = ShutdownSignals(loop: loop) {
    Console.log("shutting down")
    io.close()
    http.shutdown { loop.stop() }
}
loop.run()
withExtendedLifetime(signals) {}
