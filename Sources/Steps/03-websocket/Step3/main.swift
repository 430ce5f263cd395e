// SPDX-License-Identifier: MIT
//
// Step 3: the step-2 Engine.IO echo server, now also over WebSocket: directly
// (`?transport=websocket`) and by upgrading a polling session.
//
//   swift run Step3 [--port 3000] [--ping-interval MS] [--ping-timeout MS] [--cors ORIGIN] [--test-suite]
//                   [--echo-route] [--per-message-deflate] [--quiet] [--log-connection-errors] [--cookie]
//
// `--test-suite` configures the server as the official Engine.IO v4 test suite expects (ping 300 / 200 ms,
// CORS for any origin). `--echo-route` also serves a plain WebSocket echo (no Engine.IO framing) at
// `/echo`, for the Autobahn conformance cases (`scripts/test.sh` starts it that way). `--max-payload BYTES`
// limits the messages of both (a longer one closes the socket with 1009); pings and other control frames
// always pass, since RFC 6455 §5.5 gives them their own limit of 125 bytes. `--per-message-deflate` accepts
// the clients' permessage-deflate offers (RFC 7692) on both, compressing messages of 1,024 bytes and more.
// `--log-connection-errors` and `--cookie` are step 2's.
import SIOCommandLine
import SIOEcho
import SIOEngineIO
import SIOHTTP
import SIOWebSocket

/// Sends each WebSocket message back as it came: text as text, binary as binary.
final class WebSocketEcho: WebSocketDelegate {
    func webSocket(_ socket: WebSocketConnection, didReceive message: WebSocketMessage) {
        socket.send(message)
    }

    func webSocket(_ socket: WebSocketConnection, didCloseWith event: WebSocketCloseEvent) {}
}

var configuration = EngineConfiguration()
let options = CommandLineOptions.fromProcess(
    switchNames: ["test-suite", "quiet", "echo-route", "per-message-deflate", "log-connection-errors", "cookie"],
    valueNames: EngineConfiguration.optionNames
) {
    try configuration.apply($0)
    if $0.switches.contains("cookie") { configuration.cookie = EngineCookie() }
}

var httpConfiguration = HTTPServer.Configuration()
if !options.switches.contains("quiet") { httpConfiguration.log = { Console.log($0) } }
let echo = EngineEcho(logsSessions: !options.switches.contains("quiet"))
let webSocketEcho = WebSocketEcho()
// Without `--max-payload`, `/echo` keeps a plain WebSocket's 16 MiB: Autobahn's largest cases need them.
var echoConfiguration = WebSocketConnection.Configuration(perMessageDeflate: configuration.perMessageDeflate)
if options.values["max-payload"] != nil {
    echoConfiguration.limits = .init(maxFrameSize: configuration.maxPayload, maxMessageSize: configuration.maxPayload)
}

let loop = Startup.orExit { try EventLoop() }
let http = HTTPServer(configuration: httpConfiguration, loop: loop)
let engine = EngineServer(configuration: configuration, http: http)
engine.delegate = echo
if options.switches.contains("log-connection-errors") {
    engine.onConnectionError { Console.log($0.logLine) }
}
engine.register(EngineWebSocketProvider(configuration: configuration))
if options.switches.contains("echo-route") {
    http.mountWebSocket("/echo", configuration: echoConfiguration) { socket, _ in socket.delegate = webSocketEcho }
}

let port = Startup.orExit { try http.start(host: options.host, port: options.port) }
Console.log("Step3 listening on http://localhost:\(port)\(configuration.path)")
if options.switches.contains("echo-route") { Console.log("WebSocket echo on ws://localhost:\(port)/echo") }
let signals = ShutdownSignals(loop: loop) {
    Console.log("shutting down")
    http.shutdown { loop.stop() }
}
loop.run()
withExtendedLifetime((signals, echo, webSocketEcho)) {}
