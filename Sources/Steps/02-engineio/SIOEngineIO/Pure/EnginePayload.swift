// SPDX-License-Identifier: MIT

/// Why a polling payload (the body of a `POST`) could not be read.
package enum EnginePayloadError: Error, Sendable, Equatable {
    /// The body is empty. Node splits it into one empty packet, which is a parse error.
    case emptyPayload
    /// Packet number `index` (counting from 0) is malformed; `reason` says how.
    case invalidPacket(index: Int, reason: EnginePacketError)
}

/// The HTTP long-polling payload: several packets in one HTTP body
/// (Engine.IO v4 spec, "Packet encoding > HTTP long-polling").
///
/// Packets are joined with the ASCII record separator `0x1E`, and binary messages are written as `b` + base64,
/// because a v4 payload is always UTF-8 text:
///
/// ```
/// 4hello\u{1E}2\u{1E}4world      a message, a ping, a message
/// 4hello\u{1E}bAQIDBA==          a text message, then the bytes 01 02 03 04
/// ```
///
/// `0x1E` never occurs inside a multi-byte UTF-8 sequence, and base64 never produces it, so the body can be split
/// at the byte level before any text is decoded.
///
/// Unlike the other parsers of this kit, decoding is not incremental: the payload has no length prefixes, so only
/// the end of the HTTP body ends the last packet, and the HTTP layer already delivers the whole body
/// (bounded by `maxPayload`, or 413).
package enum EnginePayload {
    /// The record separator between two packets.
    package static let separator: UInt8 = 0x1E

    // MARK: - Encoding

    /// Encodes packets into one response body: their text forms joined by `0x1E`.
    ///
    /// ```swift
    /// EnginePayload.encode([.message("hello"), EnginePacket(message: .binary([1, 2, 3, 4]))])
    /// // the bytes of "4hello\u{1E}bAQIDBA=="
    /// ```
    package static func encode(_ packets: some Collection<EnginePacket>) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(encodedLength(of: packets))
        for (index, packet) in packets.enumerated() {
            if index > 0 { body.append(separator) }
            packet.appendEncodedText(to: &body)
        }
        return body
    }

    /// The length in bytes of `encode(packets)`, computed without encoding.
    package static func encodedLength(of packets: some Collection<EnginePacket>) -> Int {
        packets.reduce(max(packets.count - 1, 0)) { $0 + $1.encodedTextLength }
    }

    /// How many packets from the start of `packets` fit in one response body.
    ///
    /// The count stops before the packet that would push the body past `maxBytes` bytes or past `maxPackets`
    /// packets, but is at least 1 when `packets` is not empty: a single packet larger than the budget still has
    /// to go out, on its own. The rest waits for the next `GET`.
    ///
    /// Why a budget at all? The client sees the body as one unit. The handshake's `maxPayload` tells the client
    /// how large a payload the server accepts; the server sends no larger payloads back. And python-engineio clients
    /// refuse a payload of more than 16 packets (see `EngineConfiguration.maxPacketsPerPayload`).
    package static func fittingCount(of packets: some Collection<EnginePacket>, maxBytes: Int, maxPackets: Int) -> Int {
        var count = 0
        var bytes = 0
        for packet in packets {
            let added = packet.encodedTextLength + (count > 0 ? 1 : 0)
            if count > 0, count >= maxPackets || bytes + added > maxBytes { break }
            bytes += added
            count += 1
        }
        return count
    }

    // MARK: - Decoding

    /// Decodes a request body into its packets, all or nothing.
    ///
    /// Node delivers the packets before a malformed one and then closes the session with `parse error`. Here a
    /// malformed packet rejects the whole body, so that nothing from a corrupted payload reaches the application;
    /// the session closes with the same reason either way.
    ///
    /// ```swift
    /// try EnginePayload.decode(Array("4test1\u{1E}4test2".utf8))   // [.message("test1"), .message("test2")]
    /// try EnginePayload.decode([])                                // throws .emptyPayload
    /// ```
    package static func decode(_ body: some Collection<UInt8>) throws(EnginePayloadError) -> [EnginePacket] {
        guard !body.isEmpty else { throw .emptyPayload }
        var packets: [EnginePacket] = []
        for (index, encoded) in body.split(separator: separator, omittingEmptySubsequences: false).enumerated() {
            do {
                packets.append(try EnginePacket.decode(utf8: encoded))
            } catch {
                throw .invalidPacket(index: index, reason: error)
            }
        }
        return packets
    }
}
