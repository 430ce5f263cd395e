// SPDX-License-Identifier: MIT

import SIOHTTP

/// `connect`: Socket.IO connects per second at a fixed concurrency.
///
/// `--concurrency` slots each run the whole handshake of a new client (TCP connect, the WebSocket
/// upgrade, the Engine.IO open packet, CONNECT to `/` and its reply), close it, and start the next.
/// This is the "everyone reconnects after a deploy" load: the cost of accepting a socket, parsing
/// an HTTP request, computing the accept key, creating the Engine.IO and Socket.IO sessions, and
/// tearing all of it down again. The latency is one handshake, start to `40{"sid":...}`.
///
/// The loader closes first, so the closed sockets' TIME_WAIT state lands here, not on the server.
/// Linux reuses those ports on loopback (`net.ipv4.tcp_tw_reuse = 2`, its default), so a run is
/// not bounded by the 28,000 ephemeral ports.
final class ConnectScenario: SocketIOClientDelegate, BenchScenario {
    private let options: BenchOptions
    private let loop: EventLoop
    private var active: [Int: any SocketIOClient] = [:]
    private var nextIndex = 0
    private let seed = SplitMix64.freshSeed()
    private var tally = Tally()
    private var histogram = LatencyHistogram()
    private var running = false
    private var measuring = false
    private var connects = 0
    private var measureStart: UInt64 = 0
    private var measureEnd: UInt64 = 0
    private var finished = false
    private(set) var result = JSONLine()
    private(set) var clean = false
    var onFinish: (() -> Void)?

    init(options: BenchOptions, loop: EventLoop) {
        self.options = options
        self.loop = loop
    }

    func start() {
        running = true
        loop.schedule(after: .seconds(options.warmup)) { [self] in
            measuring = true
            measureStart = MonotonicTime.nanoseconds()
        }
        loop.schedule(after: .seconds(options.warmup + options.duration)) { [self] in
            running = false
            measuring = false
            measureEnd = MonotonicTime.nanoseconds()
            if active.isEmpty { return finish() }
            loop.schedule(after: .seconds(options.grace)) { [self] in finish() }
        }
        for _ in 0..<options.concurrency { launchNext() }
    }

    private func launchNext() {
        guard running else {
            if active.isEmpty { finish() }
            return
        }
        let client = ClientLauncher.makeClient(index: nextIndex, options: options, loop: loop, delegate: self, seed: seed)
        active[nextIndex] = client
        nextIndex += 1
        client.start()
    }

    func clientDidConnect(_ client: any SocketIOClient) {
        if measuring {
            connects += 1
            histogram.record(microseconds: (client.connectedAt &- client.startedAt) / 1000)
        }
        tally.received += 1
        active[client.index] = nil
        client.close()
        launchNext()
    }

    func client(_ client: any SocketIOClient, didReceive packet: ArraySlice<UInt8>) {
        tally.unexpected(packet)
    }

    func client(_ client: any SocketIOClient, didReceiveUnexpected description: String) {
        tally.unexpected(description: description)
    }

    func client(_ client: any SocketIOClient, didFailWith reason: String) {
        tally.failure(reason)
        active[client.index] = nil
        launchNext()
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        tally.sent = nextIndex
        tally.lost = active.count
        let seconds = MonotonicTime.seconds(measureEnd &- measureStart)
        var line = JSONLine(describing: options)
        line.add("concurrency", options.concurrency)
        line.add("duration_s", seconds)
        line.add("connects", connects)
        line.add("rate", seconds > 0 ? Double(connects) / seconds : 0, digits: 1)
        line.add("latency_us", latency: histogram)
        tally.add(to: &line)
        clean = tally.isClean
        result = line
        for client in active.values { client.close() }
        active = [:]
        onFinish?()
    }
}
