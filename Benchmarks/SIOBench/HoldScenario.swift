// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SIOHTTP

/// `hold`: open N connections (to the servers of `--url` in turn, each with the `--auth` CONNECT payload), hold
/// them for `--hold` seconds or until SIGTERM, count every disconnect, and time every stamped broadcast
/// (`StampedBroadcast`) that reaches them.
///
/// This is one loader of Benchmarks/scale_out.py, which runs several (one process holds at most about 19,900
/// sockets: the 20,000 open files of a process here) against several Step5 processes that share one Redis. The
/// loaders only listen: the runner triggers each broadcast from outside (an HTTP `POST /announcements` to one
/// server) once every loader has said on stderr that its clients are connected, and stops the loaders with
/// SIGTERM at the end of the hold. Each client keeps one bit per broadcast number, so a copy that arrives twice
/// is counted as duplicated; the per-number delivery counts of all loaders must add up to the number of clients,
/// or a copy was lost. The latency buckets are printed whole so that the runner can merge the loaders'
/// histograms into one exact p50/p99.
final class HoldScenario: SocketIOClientDelegate, BenchScenario {
    /// Broadcast numbers a client can tell apart: one bit each in `seen`.
    static let maximumBroadcasts = 64

    private let options: BenchOptions
    private let loop: EventLoop
    private let launcher: ClientLauncher
    private let prefix: [UInt8]
    private var clients: [any SocketIOClient] = []
    /// Per client: bit n is set once broadcast n reached it.
    private var seen: [UInt64] = []
    /// Per broadcast number: the clients it reached (once).
    private var deliveries: [Int] = []
    private var tally = Tally()
    private var histogram = LatencyHistogram()
    private var dropped = 0
    private var holdStarted: UInt64 = 0
    private var finished = false
    private var signals: ShutdownSignals?
    private(set) var result = JSONLine()
    private(set) var clean = false
    var onFinish: (() -> Void)?

    init(options: BenchOptions, loop: EventLoop) {
        self.options = options
        self.loop = loop
        launcher = ClientLauncher(concurrency: options.concurrency)
        prefix = StampedBroadcast.prefix(event: options.event)
    }

    func start() {
        signals = ShutdownSignals(loop: loop) { [self] in finish() }
        let seed = SplitMix64.freshSeed()
        clients = (0..<options.connections).map {
            ClientLauncher.makeClient(index: $0, options: options, loop: loop, delegate: self, seed: seed)
        }
        seen = Array(repeating: 0, count: options.connections)
        launcher.launch(clients) { [self] in
            holdStarted = MonotonicTime.nanoseconds()
            var line = JSONLine()
            line.add("phase", "connected")
            line.add("connected", launcher.connected)
            line.add("failed", launcher.failed)
            line.add("connect_s", MonotonicTime.seconds(launcher.finishedAt &- launcher.startedAt))
            let bytes = Array((line.description + "\n").utf8)
            bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
            loop.schedule(after: .seconds(options.hold)) { [self] in finish() }
        }
    }

    func clientDidConnect(_ client: any SocketIOClient) {
        launcher.settle(connected: true)
    }

    func client(_ client: any SocketIOClient, didReceive packet: ArraySlice<UInt8>) {
        guard let stamp = StampedBroadcast(packet, prefix: prefix), stamp.sequence < Self.maximumBroadcasts else {
            return tally.unexpected(packet)
        }
        let now = MonotonicTime.nanoseconds()
        let bit = UInt64(1) << UInt64(stamp.sequence)
        if seen[client.index] & bit != 0 { return tally.duplicated += 1 }
        seen[client.index] |= bit
        while deliveries.count <= stamp.sequence { deliveries.append(0) }
        deliveries[stamp.sequence] += 1
        tally.received += 1
        histogram.record(microseconds: now > stamp.sentAt ? (now - stamp.sentAt) / 1000 : 0)
    }

    func client(_ client: any SocketIOClient, didReceiveUnexpected description: String) {
        tally.unexpected(description: description)
    }

    func client(_ client: any SocketIOClient, didFailWith reason: String) {
        tally.failure(reason)
        if client.connectedAt == 0 { return launcher.settle(connected: false) }
        dropped += 1
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        let stillConnected = clients.reduce(0) { $0 + ($1.isConnected ? 1 : 0) }
        var line = JSONLine(describing: options)
        line.add("servers", options.targets.count)
        line.add("connections", options.connections)
        line.add("connected", launcher.connected)
        line.add("connect_s", MonotonicTime.seconds(launcher.finishedAt &- launcher.startedAt))
        line.add("hold_s", holdStarted == 0 ? 0 : MonotonicTime.seconds(MonotonicTime.nanoseconds() &- holdStarted))
        line.add("still_connected", stillConnected)
        line.add("dropped", dropped)
        line.add("pings_answered", clients.reduce(0) { $0 + $1.pingsAnswered })
        line.add("deliveries", deliveries.map(String.init).joined(separator: ","))
        line.add("latency_us", latency: histogram)
        line.add("latency_buckets", buckets: histogram)
        tally.add(to: &line)
        clean = tally.isClean && dropped == 0 && launcher.connected == options.connections
        result = line
        for client in clients { client.close() }
        onFinish?()
    }
}
