// SPDX-License-Identifier: MIT

/// Decides when a broadcast with an acknowledgement is over (socket.io `broadcast-operator.ts` `emit`,
/// `checkCompleteness`).
///
/// A broadcast does not know in advance how many sockets it reaches. The adapter reports that count once it has
/// written the packet (`expect`), each receiver's answer arrives later (`receive`), and a timer may fire first
/// (`timeout`). Exactly one of these calls returns an outcome: the broadcast is complete when every receiver has
/// answered, or has timed out with the answers collected so far. Later calls return `nil`, so a late answer
/// after a timeout is ignored, as in Node.
///
/// ```swift
/// var collector = BroadcastAckCollector()
/// collector.expect(2)              // nil: two answers to wait for
/// collector.receive(["a"])         // nil
/// collector.receive(["b"])         // .complete([["a"], ["b"]])
/// ```
package struct BroadcastAckCollector: Sendable, Hashable {
    /// How a broadcast with an acknowledgement ended.
    package enum Outcome: Sendable, Hashable {
        /// Every receiver answered; one array of arguments per receiver, in arrival order.
        case complete([[SocketIOValue]])
        /// The timeout fired first, with the answers received until then.
        case timedOut([[SocketIOValue]])
    }

    private var expected: Int?
    private var responses: [[SocketIOValue]] = []
    /// True once an outcome was returned; every later call returns `nil`.
    package private(set) var isFinished = false

    /// A collector waiting for the adapter's count.
    package init() {}

    /// The adapter sent the packet to `count` sockets. With zero receivers the broadcast completes at once.
    package mutating func expect(_ count: Int) -> Outcome? {
        guard !isFinished, expected == nil else { return nil }
        expected = count
        return completeIfDone()
    }

    /// One receiver answered with `arguments`.
    package mutating func receive(_ arguments: [SocketIOValue]) -> Outcome? {
        guard !isFinished else { return nil }
        responses.append(arguments)
        return completeIfDone()
    }

    /// The timer fired.
    package mutating func timeout() -> Outcome? {
        guard !isFinished else { return nil }
        isFinished = true
        return .timedOut(responses)
    }

    private mutating func completeIfDone() -> Outcome? {
        guard let expected, responses.count >= expected else { return nil }
        isFinished = true
        return .complete(responses)
    }
}
