// SPDX-License-Identifier: MIT

import SIOHTTP

/// `idle`: open N connections, hold them while answering the server's pings, and report the
/// server's memory per connection and whether every connection survived.
///
/// This is the capacity question ("how many users fit in this much memory?"). The server's RSS is
/// read from `/proc/<pid>/status` (`--server-pid`) before the first connection, once all are open,
/// and at the end of the hold; bytes per connection = (end - before) / connected. The hold should
/// span a few ping intervals of the server, so that a server that cannot keep up with heartbeats
/// at this scale shows it as dropped connections.
///
/// File descriptors: each connection is one socket in this process and one in the server, and a
/// process here may open 20,000 files, so one loader holds up to about 19,900 connections.
final class IdleScenario: SocketIOClientDelegate, BenchScenario {
    private let options: BenchOptions
    private let loop: EventLoop
    private let launcher: ClientLauncher
    private var clients: [any SocketIOClient] = []
    private var tally = Tally()
    private var dropped = 0
    private var rssBefore: Int?
    private var rssConnected: Int?
    private var holdStarted: UInt64 = 0
    private(set) var result = JSONLine()
    private(set) var clean = false
    var onFinish: (() -> Void)?

    init(options: BenchOptions, loop: EventLoop) {
        self.options = options
        self.loop = loop
        launcher = ClientLauncher(concurrency: options.concurrency)
    }

    func start() {
        rssBefore = options.serverPID.flatMap(ProcessMemory.residentKiB)
        let seed = SplitMix64.freshSeed()
        clients = (0..<options.connections).map {
            ClientLauncher.makeClient(index: $0, options: options, loop: loop, delegate: self, seed: seed)
        }
        launcher.launch(clients) { [self] in
            holdStarted = MonotonicTime.nanoseconds()
            // Let the server settle (buffers of the last handshakes freed) before reading its memory.
            loop.schedule(after: .seconds(min(1, options.hold / 2))) { [self] in
                rssConnected = options.serverPID.flatMap(ProcessMemory.residentKiB)
            }
            loop.schedule(after: .seconds(options.hold)) { [self] in finish() }
        }
    }

    func clientDidConnect(_ client: any SocketIOClient) {
        launcher.settle(connected: true)
    }

    func client(_ client: any SocketIOClient, didReceive packet: ArraySlice<UInt8>) {
        tally.unexpected(packet)
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
        let rssEnd = options.serverPID.flatMap(ProcessMemory.residentKiB)
        let connected = launcher.connected
        let stillConnected = clients.reduce(0) { $0 + ($1.isConnected ? 1 : 0) }
        var line = JSONLine(describing: options)
        line.add("connections", options.connections)
        line.add("connected", connected)
        line.add("connect_s", MonotonicTime.seconds(launcher.finishedAt &- launcher.startedAt))
        line.add("hold_s", MonotonicTime.seconds(MonotonicTime.nanoseconds() &- holdStarted))
        line.add("still_connected", stillConnected)
        line.add("dropped", dropped)
        line.add("pings_answered", clients.reduce(0) { $0 + $1.pingsAnswered })
        if let rssBefore, let rssEnd {
            line.add("server_rss_kib_before", rssBefore)
            if let rssConnected { line.add("server_rss_kib_connected", rssConnected) }
            line.add("server_rss_kib_end", rssEnd)
            let perConnection = connected > 0 ? Double(rssEnd - rssBefore) * 1024 / Double(connected) : 0
            line.add("rss_per_connection_bytes", perConnection, digits: 0)
        }
        line.add("all_held", connected == options.connections && stillConnected == connected)
        tally.add(to: &line)
        clean = tally.isClean && dropped == 0
        result = line
        for client in clients { client.close() }
        onFinish?()
    }
}
