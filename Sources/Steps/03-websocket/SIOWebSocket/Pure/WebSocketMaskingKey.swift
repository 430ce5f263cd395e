// SPDX-License-Identifier: MIT

/// The 4-byte key a client XORs over every payload it sends (RFC 6455 §5.3).
///
/// Byte `i` of the payload is XORed with byte `i % 4` of the key. XOR undoes itself, so the same
/// function masks (client sending) and unmasks (server receiving). The key must be unpredictable for
/// every frame, which is why `random(using:)` exists; the bytes themselves are sent in clear.
///
/// ```swift
/// let key = WebSocketMaskingKey(0x37, 0xFA, 0x21, 0x3D)   // the key of RFC 6455 §5.7
/// var bytes = Array("Hello".utf8)
/// key.apply(to: &bytes)                                   // 7f 9f 4d 51 58
/// key.apply(to: &bytes)                                   // "Hello" again
/// ```
package struct WebSocketMaskingKey: Sendable, Hashable {
    /// The key in wire order: the byte that comes first on the wire is `bytes.0`.
    package let bytes: (UInt8, UInt8, UInt8, UInt8)

    package init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        bytes = (b0, b1, b2, b3)
    }

    /// A fresh key for one frame, as a client must pick (§5.3: "derived from a strong source of entropy").
    package static func random(using generator: inout some RandomNumberGenerator) -> WebSocketMaskingKey {
        let value = generator.next() as UInt32
        return WebSocketMaskingKey(
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value))
    }

    /// A fresh key from the system's random number generator.
    package static func random() -> WebSocketMaskingKey {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// Byte `index % 4` of the key.
    package subscript(index: Int) -> UInt8 {
        switch index & 3 {
        case 0: bytes.0
        case 1: bytes.1
        case 2: bytes.2
        default: bytes.3
        }
    }

    /// XORs the key over `buffer[range]`, in place. Masking and unmasking are the same operation.
    ///
    /// - Parameters:
    ///   - buffer: the bytes to mask or unmask.
    ///   - range: the part of `buffer` to work on; the whole buffer by default.
    ///   - payloadOffset: where `range.lowerBound` sits in the frame's payload. A payload that arrives in
    ///     pieces is unmasked piece by piece, and a piece starting at payload byte 6 starts at key byte 2.
    ///
    /// This runs over every byte a client sends us, so it XORs 8 bytes at a time: the key repeated twice
    /// (rotated to the right starting byte) forms one 64-bit word. Built byte by byte in memory, the word
    /// lines up with the payload bytes whatever the machine's byte order.
    package func apply(to buffer: inout [UInt8], in range: Range<Int>? = nil, payloadOffset: Int = 0) {
        let range = range ?? buffer.indices
        // Callers pass ranges of their own buffers (the parser, the encoder), never lengths from the wire.
        precondition(range.lowerBound >= 0 && range.upperBound <= buffer.count, "range outside the buffer")
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { wordBytes in
            for i in 0..<8 {
                wordBytes[i] = self[payloadOffset + i]
            }
        }
        buffer.withUnsafeMutableBytes { raw in
            var index = range.lowerBound
            while range.upperBound - index >= 8 {
                let chunk = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                raw.storeBytes(of: chunk ^ word, toByteOffset: index, as: UInt64.self)
                index += 8
            }
            // The tail: fewer than 8 bytes, one at a time. Whole words keep the key phase, so byte
            // `index - range.lowerBound` of the range still uses key byte `payloadOffset + that`.
            while index < range.upperBound {
                raw[index] ^= self[payloadOffset + index - range.lowerBound]
                index += 1
            }
        }
    }

    package static func == (lhs: WebSocketMaskingKey, rhs: WebSocketMaskingKey) -> Bool {
        lhs.bytes == rhs.bytes
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.0)
        hasher.combine(bytes.1)
        hasher.combine(bytes.2)
        hasher.combine(bytes.3)
    }
}
