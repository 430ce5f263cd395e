// SPDX-License-Identifier: MIT

/// A broadcast that carries its number and the moment it was sent, as the `hold` scenario expects it:
///
/// ```text
/// 2["announcement","b3t81234567890123"]      broadcast 3, sent at CLOCK_MONOTONIC 81234567890123 ns
/// ```
///
/// Whoever triggers the broadcast (Benchmarks/scale_out.py posts it to one Step5 process, which emits it to every
/// process through Redis) stamps it with the monotonic clock, which is one clock for every process of a Linux
/// machine: each receiving client subtracts the stamp from its own reading and gets the delivery latency without
/// any clock synchronisation. The number tells copies apart, so that a client can count a repeat as duplicated.
struct StampedBroadcast: Equatable {
    /// The broadcast's number, from 0.
    var sequence: Int
    /// `MonotonicTime.nanoseconds()` (CLOCK_MONOTONIC) when it was sent.
    var sentAt: UInt64

    /// The bytes before the stamp for `event`: `2["announcement","`. Build it once per run.
    static func prefix(event: String) -> [UInt8] {
        Array("2[\"\(event)\",\"".utf8)
    }

    /// The packet `prefix` + `b<sequence>t<sentAt>"]` exactly (a Socket.IO packet without the Engine.IO `4`), or
    /// `nil` for anything else.
    init?(_ packet: ArraySlice<UInt8>, prefix: [UInt8]) {
        let start = packet.startIndex + prefix.count
        guard ASCII.matches(packet, at: packet.startIndex, prefix), ASCII.matches(packet, at: start, "b"),
              let (sequence, end) = ASCII.decimal(in: packet, at: start + 1),
              ASCII.matches(packet, at: end, "t"),
              let (sentAt, last) = ASCII.decimal(in: packet, at: end + 1),
              ASCII.matches(packet, at: last, "\"]"), last + 2 == packet.endIndex
        else { return nil }
        self.sequence = sequence
        self.sentAt = UInt64(sentAt)
    }
}
