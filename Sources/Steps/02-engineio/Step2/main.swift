// SPDX-License-Identifier: MIT
//
// Step 2: an Engine.IO v4 echo server over HTTP long-polling, to drive with curl.
//
//   swift run Step2 [--port 3000] [--ping-interval MS] [--ping-timeout MS] [--cors ORIGIN] [--test-suite]
//
// Every message a client sends comes back to it. `--test-suite` starts the server the way the
// official Engine.IO v4 test suite expects it (ping 300 / 200 ms, CORS for any origin).
import SIOCommandLine
import SIOEcho
import SIOEngineIO
import SIOHTTP

var configuration = EngineConfiguration()
let options = CommandLineOptions.fromProcess(switchNames: ["test-suite", "quiet"], valueNames: EngineConfiguration.optionNames) {
    try configuration.apply($0)
}

var httpConfiguration = HTTPServer.Configuration()
if !options.switches.contains("quiet") { httpConfiguration.log = { Console.log($0) } }
let echo = EngineEcho(logsSessions: !options.switches.contains("quiet"))

let loop = Startup.orExit { try EventLoop() }
let http = HTTPServer(configuration: httpConfiguration, loop: loop)
EngineServer(configuration: configuration, http: http).delegate = echo

let port = Startup.orExit { try http.start(host: options.host, port: options.port) }
Console.log("Step2 listening on http://localhost:\(port)\(configuration.path)")
let signals = ShutdownSignals(loop: loop) {
    Console.log("shutting down")
    http.shutdown { loop.stop() }
}
loop.run()
withExtendedLifetime((signals, echo)) {}
