// SPDX-License-Identifier: MIT
//
// sio-bench: a Socket.IO v5 / Engine.IO v4 load generator. Many clients on one event loop (the
// project's own `EventLoop`), one scenario per run, one JSON line of results on stdout.
//
//   sio-bench echo --url ws://127.0.0.1:PORT --connections 100 --duration 10
//
// See Benchmarks/README.md for the scenarios and Benchmarks/run.py for the side-by-side runner.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SIOHTTP

let options: BenchOptions
do {
    options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    let message = Array("\(error)\n".utf8)
    message.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    exit(2)
}

let loop = try EventLoop()
let scenario: any BenchScenario = switch options.scenario {
case .echo, .polling: EchoScenario(options: options, loop: loop)
case .fanout: FanoutScenario(options: options, loop: loop)
case .idle: IdleScenario(options: options, loop: loop)
case .connect: ConnectScenario(options: options, loop: loop)
case .hold: HoldScenario(options: options, loop: loop)
}
scenario.onFinish = { loop.stop() }
scenario.start()
loop.run()

var usage = rusage()
#if canImport(Glibc)
getrusage(RUSAGE_SELF.rawValue, &usage)
#else
getrusage(RUSAGE_SELF, &usage)
#endif
let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
var line = scenario.result
line.add("loader_cpu_s", cpu)
print(line)
exit(scenario.clean ? 0 : 1)
