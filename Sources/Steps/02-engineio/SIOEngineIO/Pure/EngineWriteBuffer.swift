// SPDX-License-Identifier: MIT

/// The packets of a session waiting for the transport (engine.io `Socket.writeBuffer`): over polling, for the next
/// long-poll `GET`; during an upgrade, for the WebSocket.
///
/// A queue with a read index, so that taking the packets of one response costs O(1) per packet whatever the length
/// of the queue. Node's `writeBuffer` is an array drained with `splice`, and the first version of this kit used
/// `removeFirst(n)`: both move every waiting packet for each `GET`, so a client that never polls builds a queue
/// whose every later drain is O(n) (330,000 waiting messages: 0.4 s of a blocked loop per `GET`).
///
/// It also keeps the running totals its bound is checked against (`count`, `byteCount`): the bytes are the packets'
/// polling text length (`EnginePacket.encodedTextLength`), what the client would receive.
///
/// ```swift
/// var buffer = EngineWriteBuffer()
/// buffer.append(.message("a")); buffer.append(.message("bc"))
/// buffer.byteCount                                   // 5: "4a" and "4bc"
/// buffer.popFront(maxBytes: 1_000, maxPackets: 16)   // [4a, 4bc]
/// ```
package struct EngineWriteBuffer: Sendable {
    /// Taken slots are `nil`, so that what they held is freed at once.
    private var storage: [EnginePacket?] = []
    /// The first waiting packet.
    private var head = 0
    /// The polling text length of the waiting packets, separators not included.
    package private(set) var byteCount = 0

    /// Compaction runs only past this many taken slots, so that short queues never move.
    private static let compactionThreshold = 64

    /// An empty buffer.
    package init() {}

    /// How many packets wait.
    package var count: Int { storage.count - head }

    /// Whether no packet waits.
    package var isEmpty: Bool { head == storage.count }

    /// Queues `packet` at the end.
    package mutating func append(_ packet: EnginePacket) {
        storage.append(packet)
        byteCount += packet.encodedTextLength
    }

    /// Queues `packets` at the end, in order.
    package mutating func append(contentsOf packets: some Sequence<EnginePacket>) {
        for packet in packets { append(packet) }
    }

    /// Takes the packets of one long-poll response from the front: as many as fit in `maxBytes` (with their `0x1E`
    /// separators) and `maxPackets`, and at least one when the buffer is not empty (the rules of
    /// `EnginePayload.fittingCount`). O(1) per packet taken, amortized.
    package mutating func popFront(maxBytes: Int, maxPackets: Int) -> [EnginePacket] {
        let waiting = storage[head...].lazy.compactMap { $0 }
        let count = EnginePayload.fittingCount(of: waiting, maxBytes: maxBytes, maxPackets: maxPackets)
        var taken: [EnginePacket] = []
        taken.reserveCapacity(count)
        for _ in 0..<count {
            if let packet = storage[head] { taken.append(packet) }
            take()
        }
        compact()
        return taken
    }

    /// Takes every waiting packet, in order (a WebSocket takes them all at once).
    package mutating func popAll() -> [EnginePacket] {
        let all = storage[head...].compactMap { $0 }
        removeAll()
        return all
    }

    /// Forgets every waiting packet (the session is over).
    package mutating func removeAll() {
        storage = []
        head = 0
        byteCount = 0
    }

    private mutating func take() {
        byteCount -= storage[head]?.encodedTextLength ?? 0
        storage[head] = nil
        head += 1
    }

    /// Drops the taken slots once they are at least half of the storage: each move of a waiting slot is paid for
    /// by a slot taken before it, so the cost per packet stays O(1).
    private mutating func compact() {
        if head == storage.count {
            storage.removeAll(keepingCapacity: storage.count <= Self.compactionThreshold)
            head = 0
        } else if head >= Self.compactionThreshold, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }
}
