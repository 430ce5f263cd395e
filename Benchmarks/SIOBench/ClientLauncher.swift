// SPDX-License-Identifier: MIT

import SIOHTTP

/// Connects a crowd of clients with a bounded number of handshakes in flight.
///
/// Starting 10,000 connections at once would overflow the server's listen backlog (the kernel
/// drops SYNs beyond it, and the client retries only after a second) and measure the backlog
/// instead of the server. A window of `concurrency` handshakes keeps the server busy without
/// queueing in the kernel; each handshake that ends, either way, lets the next one start.
final class ClientLauncher {
    private var waiting: [any SocketIOClient] = []
    private var next = 0
    private var inFlight = 0
    private let concurrency: Int
    private(set) var connected = 0
    private(set) var failed = 0
    private(set) var startedAt: UInt64 = 0
    private(set) var finishedAt: UInt64 = 0
    private var onSettled: (() -> Void)?

    init(concurrency: Int) {
        self.concurrency = concurrency
    }

    /// The client for one scenario slot, on the transport the options ask for, to the slot's server (the
    /// servers of `--url` in turn).
    static func makeClient(
        index: Int, options: BenchOptions, loop: EventLoop, delegate: any SocketIOClientDelegate, seed: UInt64
    ) -> any SocketIOClient {
        let target = options.targets[index % options.targets.count]
        if options.usePolling {
            return PollingLoadClient(index: index, target: target, loop: loop, delegate: delegate)
        }
        return WebSocketLoadClient(
            index: index, target: target, loop: loop, delegate: delegate, seed: seed, connectPacket: options.connectPacket)
    }

    /// Starts `clients` and calls `settled` once every one is connected or has failed.
    func launch(_ clients: [any SocketIOClient], settled: @escaping () -> Void) {
        waiting = clients
        next = 0
        onSettled = settled
        startedAt = MonotonicTime.nanoseconds()
        if clients.isEmpty { return finish() }
        fill()
    }

    /// A client of this launch finished its handshake (`connected`) or gave up.
    func settle(connected ok: Bool) {
        guard inFlight > 0 else { return }
        inFlight -= 1
        if ok { connected += 1 } else { failed += 1 }
        if connected + failed == waiting.count { return finish() }
        fill()
    }

    private func fill() {
        while inFlight < concurrency, next < waiting.count {
            let client = waiting[next]
            next += 1
            inFlight += 1
            client.start()
        }
    }

    private func finish() {
        finishedAt = MonotonicTime.nanoseconds()
        waiting = []
        let settled = onSettled
        onSettled = nil
        settled?()
    }
}
