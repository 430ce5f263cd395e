// SPDX-License-Identifier: MIT

import SIOHTTP

/// `fanout`: R receivers and one sender; the sender emits `broadcast`, which the server re-emits to
/// every connected client (`io.emit`), so each broadcast becomes R + 1 deliveries.
///
/// ```text
/// sender    -> 42["broadcast",{"s":<n>,"d":"abcd..."}]
/// everyone  <- 42["broadcast",{"s":<n>,"d":"abcd..."}]
/// ```
/// The sender keeps `--window` broadcasts in flight: broadcast n + W leaves when broadcast n has
/// reached every client. That measures how fast the server can fan out without letting queues grow
/// without bound (an open loop would only measure how much the server buffers). The delivery
/// latency is from the emit to each receiver's copy. Every receiver expects the sequence numbers
/// in order (one sender, one TCP stream each): a gap counts as lost, a repeat as duplicated.
final class FanoutScenario: SocketIOClientDelegate, BenchScenario {
    private let options: BenchOptions
    private let loop: EventLoop
    private let launcher: ClientLauncher
    private var clients: [any SocketIOClient] = []
    private let filler: [UInt8]
    private let window: Int
    /// Per broadcast slot (sequence % window): when it was emitted and how many copies are missing.
    private var emittedAt: [UInt64]
    private var missing: [Int]
    /// Per client: the next sequence number it should receive.
    private var expected: [Int]
    private var nextSequence = 0
    private var completed = 0
    private var scratch: [UInt8] = []
    private var tally = Tally()
    private var histogram = LatencyHistogram()
    private var sending = false
    private var measuring = false
    private var deliveries = 0
    private var measureStart: UInt64 = 0
    private var measureEnd: UInt64 = 0
    private var lastProgress: UInt64 = 0
    private var finished = false
    private(set) var result = JSONLine()
    private(set) var clean = false
    var onFinish: (() -> Void)?

    /// Clients connected now: the copies each new broadcast should produce.
    private var audience = 0

    private var sender: any SocketIOClient { clients[options.receivers] }

    init(options: BenchOptions, loop: EventLoop) {
        self.options = options
        self.loop = loop
        launcher = ClientLauncher(concurrency: options.concurrency)
        filler = options.filler
        window = options.window
        emittedAt = Array(repeating: 0, count: options.window)
        missing = Array(repeating: 0, count: options.window)
        expected = Array(repeating: 0, count: options.receivers + 1)
    }

    func start() {
        let seed = SplitMix64.freshSeed()
        clients = (0...options.receivers).map {
            ClientLauncher.makeClient(index: $0, options: options, loop: loop, delegate: self, seed: seed)
        }
        launcher.launch(clients) { [self] in begin() }
    }

    private func begin() {
        guard sender.isConnected else {
            tally.note("failure: the sender could not connect")
            return finish()
        }
        sending = true
        lastProgress = MonotonicTime.nanoseconds()
        loop.schedule(after: .seconds(options.warmup)) { [self] in
            measuring = true
            measureStart = MonotonicTime.nanoseconds()
        }
        loop.schedule(after: .seconds(options.warmup + options.duration)) { [self] in stopSending() }
        watchForStall()
        for _ in 0..<window { emit() }
    }

    /// A broadcast that never completes (a copy lost by the server) would stop the sender for good;
    /// after `--grace` seconds without progress the run ends and the missing copies count as lost.
    private func watchForStall() {
        loop.schedule(after: .seconds(1)) { [self] in
            guard !finished else { return }
            if MonotonicTime.nanoseconds() &- lastProgress > UInt64(options.grace * 1e9) {
                tally.note("failure: no broadcast completed for \(options.grace) s")
                return finish()
            }
            watchForStall()
        }
    }

    private func stopSending() {
        guard sending else { return }
        sending = false
        if measuring {
            measuring = false
            measureEnd = MonotonicTime.nanoseconds()
        }
        if completed == nextSequence { finish() }
    }

    /// Emits broadcast number `nextSequence` from the sender.
    private func emit() {
        guard sending, nextSequence - completed < window else { return }
        let sequence = nextSequence
        nextSequence += 1
        scratch.removeAll(keepingCapacity: true)
        ASCII.append("42[\"broadcast\",{\"s\":", to: &scratch)
        ASCII.appendDecimal(sequence, to: &scratch)
        ASCII.append(",\"d\":\"", to: &scratch)
        scratch.append(contentsOf: filler)
        ASCII.append("\"}]", to: &scratch)
        emittedAt[sequence % window] = MonotonicTime.nanoseconds()
        missing[sequence % window] = audience
        tally.sent += 1
        sender.send(enginePacket: scratch)
    }

    /// One copy of broadcast `sequence` is accounted for (delivered or lost).
    private func settle(_ sequence: Int) {
        let slot = sequence % window
        missing[slot] -= 1
        // Broadcasts complete in order: each client receives them in order.
        while completed < nextSequence, missing[completed % window] <= 0 {
            completed += 1
            lastProgress = MonotonicTime.nanoseconds()
            emit()
        }
        if !sending && completed == nextSequence { finish() }
    }

    // MARK: SocketIOClientDelegate

    func clientDidConnect(_ client: any SocketIOClient) {
        audience += 1
        launcher.settle(connected: true)
    }

    func client(_ client: any SocketIOClient, didReceive packet: ArraySlice<UInt8>) {
        let i = client.index
        guard let sequence = broadcastSequence(packet), sequence < nextSequence else { return tally.unexpected(packet) }
        let want = expected[i]
        if sequence < want { return tally.duplicated += 1 }
        // A gap: the copies in between never came; account for them so the window moves on.
        for skipped in want..<sequence {
            tally.lost += 1
            if skipped >= completed { settle(skipped) }
        }
        expected[i] = sequence + 1
        tally.received += 1
        if measuring, i != options.receivers {
            deliveries += 1
            histogram.record(microseconds: (MonotonicTime.nanoseconds() &- emittedAt[sequence % window]) / 1000)
        }
        settle(sequence)
    }

    func client(_ client: any SocketIOClient, didReceiveUnexpected description: String) {
        tally.unexpected(description: description)
    }

    func client(_ client: any SocketIOClient, didFailWith reason: String) {
        tally.failure(reason)
        if client.connectedAt == 0 { return launcher.settle(connected: false) }
        audience -= 1
        // Its missing copies will never come.
        for sequence in max(expected[client.index], completed)..<nextSequence {
            tally.lost += 1
            settle(sequence)
        }
        expected[client.index] = Int.max / 2
    }

    /// The sequence number of `2["broadcast",{"s":<n>,"d":"<filler>"}]`, exactly.
    private func broadcastSequence(_ packet: ArraySlice<UInt8>) -> Int? {
        guard ASCII.matches(packet, at: packet.startIndex, "2[\"broadcast\",{\"s\":"),
              let (sequence, end) = ASCII.decimal(in: packet, at: packet.startIndex + 19),
              ASCII.matches(packet, at: end, ",\"d\":\""),
              ASCII.matches(packet, at: end + 6, filler),
              ASCII.matches(packet, at: end + 6 + filler.count, "\"}]"),
              end + 6 + filler.count + 3 == packet.endIndex
        else { return nil }
        return sequence
    }

    // MARK: Result

    private func finish() {
        guard !finished else { return }
        finished = true
        if measuring { measureEnd = MonotonicTime.nanoseconds() }
        // Copies still missing when the run ends are lost.
        for (i, want) in expected.enumerated() where want < nextSequence && clients[i].isConnected {
            tally.lost += nextSequence - want
        }
        let seconds = MonotonicTime.seconds(measureEnd &- measureStart)
        var line = JSONLine(describing: options)
        line.add("receivers", options.receivers)
        line.add("connected", launcher.connected)
        line.add("window", window)
        line.add("duration_s", seconds)
        line.add("broadcasts", nextSequence)
        line.add("deliveries", deliveries)
        line.add("rate", seconds > 0 ? Double(deliveries) / seconds : 0, digits: 1)
        line.add("latency_us", latency: histogram)
        tally.add(to: &line)
        clean = tally.isClean
        result = line
        for client in clients { client.close() }
        onFinish?()
    }
}
