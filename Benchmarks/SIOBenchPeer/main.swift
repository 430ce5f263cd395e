// SPDX-License-Identifier: MIT
//
// sio-bench-peer: the benchmark contract (Benchmarks/README.md) served from one or several event loops, so that
// `run.py` and `profile.py` can compare one loop against two. Since issue 15, Step4 runs one loop and `--loops`
// lives in the scale module SIOLoops; this peer composes SIOLoops as Step5 and ChatDemo do, without their
// authentication, which a load generator cannot pass and which would be measured with it.
//
//   sio-bench-peer [--host 127.0.0.1] [--port 3000] [--loops N] [--ping-interval MS] [--ping-timeout MS] [--quiet]
//
// On the main namespace: `echo` acknowledges with exactly the arguments received, `broadcast` re-emits its
// payload to every client (`io.emit`), as Step4's ChatExample does. Not a workshop step and not a server to deploy.
import SIOCommandLine
import SIOHTTP
import SIOLoops
import SIOServer

var configuration = ServerConfiguration()
var loopCount = 1
let options = CommandLineOptions.fromProcess(
    switchNames: ["quiet"], valueNames: ServerConfiguration.optionNames.union(LoopGroup.optionNames)
) { options in
    loopCount = try LoopGroup.count(from: options)
    try configuration.apply(options)
}

let loops = Startup.orExit { try LoopGroup(count: loopCount) }
let adapters = LoopAdapterGroup(loops: loops.loops)
// The same server on every loop; broadcasts span the loops (`LoopAdapterGroup`). `servers` keeps them alive.
let servers = loops.onEach { _, loop in
    let http = HTTPServer(configuration: HTTPServer.Configuration(), loop: loop)
    let io = Server(http: http, configuration: configuration, adapter: adapters.adapter)
    io.onConnection { socket in
        socket.on("echo") { args, ack in ack?(args) }
        socket.on("broadcast") { args in io.emit("broadcast", args) }
    }
    return (http: http, io: io)
}
let group = HTTPServerGroup(servers.map(\.http))

let port = Startup.orExit { try group.servers[0].start(host: options.host, port: options.port) }
Console.log("sio-bench-peer listening on \(options.host):\(port) with \(loopCount) loop(s)")
// SIGINT/SIGTERM stop the loops and so end the process, which closes every socket: a load generator has finished
// by then and needs no DISCONNECT, and `profile.py` needs only a normal exit for callgrind to write its profile.
let signals = ShutdownSignals(loop: loops.loops[0]) { loops.stop() }
loops.run()
withExtendedLifetime(signals) {}
