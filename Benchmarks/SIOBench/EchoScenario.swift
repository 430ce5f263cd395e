// SPDX-License-Identifier: MIT

import SIOHTTP

/// `echo` (and `polling`, the same over long-polling): C clients in a closed loop, each emitting
/// `echo` with an ack and waiting for the ack before the next emit.
///
/// ```text
/// -> 42<n>["echo",{"c":<client>,"s":<n>,"d":"abcd..."}]
/// <- 43<n>[{"c":<client>,"s":<n>,"d":"abcd..."}]        the same arguments, byte for byte
/// ```
/// With one message outstanding per client, throughput is C / latency: the server's cost per
/// message, plus the round trip, decide both. Acks are counted and timed only inside the measured
/// window (after `--warmup`); after it, no new emits start and the acks still in flight get
/// `--grace` seconds before they count as lost.
///
/// `--rate R` paces the loop at R emits per second in total and `--count N` stops after N emits:
/// at a low, known rate the number of acks is exact, which is how the runner cross-checks this
/// loader against the python-socketio client.
final class EchoScenario: SocketIOClientDelegate, BenchScenario {
    private let options: BenchOptions
    private let loop: EventLoop
    private let launcher: ClientLauncher
    private var clients: [any SocketIOClient] = []
    private let filler: [UInt8]
    /// Per client: the sequence number of the outstanding emit (-1: none) and when it left.
    private var outstanding: [Int]
    private var sentAt: [UInt64]
    private var nextSequence: [Int]
    /// Per client: emits left in `--count` mode.
    private var quota: [Int]
    private var scratch: [UInt8] = []
    private var tally = Tally()
    private var histogram = LatencyHistogram()
    private var sending = false
    private var measuring = false
    private var measuredAcks = 0
    private var measureStart: UInt64 = 0
    private var measureEnd: UInt64 = 0
    private var inFlight = 0
    private var finished = false
    private(set) var result = JSONLine()
    private(set) var clean = false
    var onFinish: (() -> Void)?

    init(options: BenchOptions, loop: EventLoop) {
        self.options = options
        self.loop = loop
        launcher = ClientLauncher(concurrency: options.concurrency)
        filler = options.filler
        outstanding = Array(repeating: -1, count: options.connections)
        sentAt = Array(repeating: 0, count: options.connections)
        nextSequence = Array(repeating: 0, count: options.connections)
        let count = options.count ?? 0
        quota = (0..<options.connections).map { count / options.connections + ($0 < count % options.connections ? 1 : 0) }
    }

    func start() {
        let seed = SplitMix64.freshSeed()
        clients = (0..<options.connections).map {
            ClientLauncher.makeClient(index: $0, options: options, loop: loop, delegate: self, seed: seed)
        }
        launcher.launch(clients) { [self] in begin() }
    }

    private func begin() {
        sending = true
        let counted = options.count != nil
        if counted || options.warmup == 0 { startMeasuring() } else {
            loop.schedule(after: .seconds(options.warmup)) { [self] in startMeasuring() }
        }
        // With --count the duration is only a time limit; otherwise it ends the measured window.
        let limit = counted ? options.duration : options.warmup + options.duration
        loop.schedule(after: .seconds(limit)) { [self] in stopSending() }
        let interval = options.rate.map { Double(options.connections) / $0 } ?? 0
        for client in clients where client.isConnected {
            if interval > 0 {
                let delay = interval * Double(client.index) / Double(options.connections)
                loop.schedule(after: .seconds(delay)) { [self] in emit(client) }
            } else {
                emit(client)
            }
        }
        if inFlight == 0 && options.rate == nil { stopSending() }
    }

    private func startMeasuring() {
        measuring = true
        measureStart = MonotonicTime.nanoseconds()
    }

    private func stopSending() {
        guard sending else { return }
        sending = false
        if measuring {
            measuring = false
            measureEnd = MonotonicTime.nanoseconds()
        }
        if inFlight == 0 { return finish() }
        loop.schedule(after: .seconds(options.grace)) { [self] in finish() }
    }

    /// Sends the next `echo` of `client`: `42<n>["echo",{"c":i,"s":n,"d":"..."}]`.
    private func emit(_ client: any SocketIOClient) {
        let i = client.index
        guard sending, client.isConnected, outstanding[i] < 0 else { return }
        if options.count != nil {
            guard quota[i] > 0 else { return checkCountDone() }
            quota[i] -= 1
        }
        let sequence = nextSequence[i]
        nextSequence[i] += 1
        scratch.removeAll(keepingCapacity: true)
        ASCII.append("42", to: &scratch)
        ASCII.appendDecimal(sequence, to: &scratch)
        ASCII.append("[\"echo\",{\"c\":", to: &scratch)
        appendArguments(client: i, sequence: sequence)
        outstanding[i] = sequence
        inFlight += 1
        tally.sent += 1
        sentAt[i] = MonotonicTime.nanoseconds()
        client.send(enginePacket: scratch)
    }

    /// `<client>,"s":<n>,"d":"<filler>"}]`: the part of the emit that the ack repeats.
    private func appendArguments(client: Int, sequence: Int) {
        ASCII.appendDecimal(client, to: &scratch)
        ASCII.append(",\"s\":", to: &scratch)
        ASCII.appendDecimal(sequence, to: &scratch)
        ASCII.append(",\"d\":\"", to: &scratch)
        scratch.append(contentsOf: filler)
        ASCII.append("\"}]", to: &scratch)
    }

    // MARK: SocketIOClientDelegate

    func clientDidConnect(_ client: any SocketIOClient) {
        launcher.settle(connected: true)
    }

    func client(_ client: any SocketIOClient, didReceive packet: ArraySlice<UInt8>) {
        let i = client.index
        guard let sequence = ackSequence(packet, client: i) else { return tally.unexpected(packet) }
        guard sequence == outstanding[i] else {
            if sequence < nextSequence[i] { tally.duplicated += 1 } else { tally.unexpected(packet) }
            return
        }
        let now = MonotonicTime.nanoseconds()
        outstanding[i] = -1
        inFlight -= 1
        tally.received += 1
        if measuring {
            measuredAcks += 1
            histogram.record(microseconds: (now &- sentAt[i]) / 1000)
        }
        if sending {
            if let rate = options.rate {
                let due = sentAt[i] + UInt64(Double(options.connections) / rate * 1e9)
                if due > now {
                    loop.schedule(after: .nanoseconds(Int64(due - now))) { [self] in emit(client) }
                    return
                }
            }
            emit(client)
        } else if inFlight == 0 {
            finish()
        }
    }

    func client(_ client: any SocketIOClient, didReceiveUnexpected description: String) {
        tally.unexpected(description: description)
    }

    func client(_ client: any SocketIOClient, didFailWith reason: String) {
        tally.failure(reason)
        if client.connectedAt == 0 { return launcher.settle(connected: false) }
        if outstanding[client.index] >= 0 {
            outstanding[client.index] = -1
            inFlight -= 1
            tally.lost += 1
        }
        if !sending && inFlight == 0 { finish() }
    }

    /// The sequence number of an ack that repeats exactly what `client` sent:
    /// `3<n>[{"c":<client>,"s":<n>,"d":"<filler>"}]`.
    private func ackSequence(_ packet: ArraySlice<UInt8>, client: Int) -> Int? {
        guard packet.first == UInt8(ascii: "3"),
              let (id, afterId) = ASCII.decimal(in: packet, at: packet.startIndex + 1),
              ASCII.matches(packet, at: afterId, "[{\"c\":"),
              let (index, afterIndex) = ASCII.decimal(in: packet, at: afterId + 6), index == client,
              ASCII.matches(packet, at: afterIndex, ",\"s\":"),
              let (sequence, afterSequence) = ASCII.decimal(in: packet, at: afterIndex + 5), sequence == id,
              ASCII.matches(packet, at: afterSequence, ",\"d\":\""),
              ASCII.matches(packet, at: afterSequence + 6, filler),
              ASCII.matches(packet, at: afterSequence + 6 + filler.count, "\"}]"),
              afterSequence + 6 + filler.count + 3 == packet.endIndex
        else { return nil }
        return sequence
    }

    private func checkCountDone() {
        if inFlight == 0, quota.allSatisfy({ $0 == 0 }) { stopSending() }
    }

    // MARK: Result

    private func finish() {
        guard !finished else { return }
        finished = true
        if measuring { measureEnd = MonotonicTime.nanoseconds() }
        tally.lost += inFlight
        let window = MonotonicTime.seconds(measureEnd &- measureStart)
        var line = JSONLine(describing: options)
        line.add("connections", options.connections)
        line.add("connected", launcher.connected)
        line.add("duration_s", window)
        line.add("acks", measuredAcks)
        line.add("rate", window > 0 ? Double(measuredAcks) / window : 0, digits: 1)
        line.add("latency_us", latency: histogram)
        tally.add(to: &line)
        clean = tally.isClean
        result = line
        for client in clients { client.close() }
        onFinish?()
    }
}
