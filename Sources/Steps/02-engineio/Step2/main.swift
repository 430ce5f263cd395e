// SPDX-License-Identifier: MIT
//
// Step 2: an Engine.IO v4 echo server over HTTP long-polling, to drive with curl.
//
//   swift run Step2 [--port 3000] [--ping-interval MS] [--ping-timeout MS] [--cors ORIGIN] [--test-suite]
//                   [--log-connection-errors] [--cookie]
//
// Every message a client sends comes back to it. `--test-suite` starts the server the way the
// official Engine.IO v4 test suite expects it (ping 300 / 200 ms, CORS for any origin).
// `--log-connection-errors` logs one line per refused request (the engine's `connection_error`);
// `--cookie` sets Node's default session cookie (`io=<sid>; Path=/; HttpOnly; SameSite=Lax`) on handshakes.
import SIOCommandLine
import SIOEcho
import SIOEngineIO
import SIOHTTP

var configuration = EngineConfiguration()
let options = CommandLineOptions.fromProcess(
    switchNames: ["test-suite", "quiet", "log-connection-errors", "cookie"], valueNames: EngineConfiguration.optionNames
) {
    try configuration.apply($0)
    if $0.switches.contains("cookie") { configuration.cookie = EngineCookie() }
}

var httpConfiguration = HTTPServer.Configuration()
if !options.switches.contains("quiet") { httpConfiguration.log = { Console.log($0) } }
let echo = EngineEcho(logsSessions: !options.switches.contains("quiet"))

let loop = Startup.orExit { try EventLoop() }
let http = HTTPServer(configuration: httpConfiguration, loop: loop)
let engine = EngineServer(configuration: configuration, http: http)
engine.delegate = echo
if options.switches.contains("log-connection-errors") {
    engine.onConnectionError { Console.log($0.logLine) }
}

let port = Startup.orExit { try http.start(host: options.host, port: options.port) }
Console.log("Step2 listening on http://localhost:\(port)\(configuration.path)")
let signals = ShutdownSignals(loop: loop) {
    Console.log("shutting down")
    http.shutdown { loop.stop() }
}
loop.run()
withExtendedLifetime((signals, echo)) {}
