// SPDX-License-Identifier: MIT

/// SHA-1 (FIPS 180-4 §6.1), written by hand because Linux has no CryptoKit.
///
/// The WebSocket handshake needs exactly one hash: the server proves it read the client's key by
/// answering `base64(SHA-1(key + GUID))` (RFC 6455 §4.2.2). SHA-1 is broken for signatures, but here it
/// only shows that the server speaks WebSocket; nothing secret depends on it.
///
/// How it works, in three steps:
/// 1. The message is cut into 64-byte blocks. The last block is padded (§5.1.1): one `0x80` byte, zeros,
///    and the message length in bits as a big-endian 64-bit number, so that the total is a multiple of 64.
/// 2. Each block is stretched into 80 words of 32 bits (the "message schedule", §6.1.2 step 1).
/// 3. Five state words `h0...h4` are mixed with those 80 words in 80 rounds, and the result is added back
///    into the state. The digest is the final state, big-endian: 20 bytes.
///
/// ```swift
/// SHA1.hash(Array("abc".utf8))   // a9 99 3e 36 ...
///
/// var sha = SHA1()               // or feed it piece by piece
/// sha.update(Array("a".utf8))
/// sha.update(Array("bc".utf8))
/// sha.finalize()                 // the same 20 bytes
/// ```
package struct SHA1: Sendable {
    /// The initial hash value H(0) (FIPS 180-4 §5.3.1).
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
    )
    /// Bytes waiting for their block to fill up: always fewer than 64 between calls.
    private var pending: [UInt8] = []
    /// The total number of bytes fed so far; the padding ends with it (in bits).
    private var byteCount: UInt64 = 0

    /// The size of one block, in bytes.
    private static let blockSize = 64

    package init() {
        pending.reserveCapacity(Self.blockSize)
    }

    /// The 20-byte digest of `bytes` in one call.
    package static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var sha = SHA1()
        sha.update(bytes)
        return sha.finalize()
    }

    /// Feeds more of the message. Calling it with "ab" then "c" gives the same digest as "abc".
    package mutating func update(_ bytes: some Collection<UInt8>) {
        byteCount &+= UInt64(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            // Top up the pending block with as many bytes as fit, and hash it once it is full.
            let room = Self.blockSize - pending.count
            let end = bytes.index(index, offsetBy: room, limitedBy: bytes.endIndex) ?? bytes.endIndex
            pending.append(contentsOf: bytes[index..<end])
            index = end
            if pending.count == Self.blockSize {
                compress(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Pads the message and returns the 20-byte digest (FIPS 180-4 §5.1.1, §6.1.2).
    ///
    /// It works on a copy, so `self` is unchanged and may go on receiving bytes: the result is always
    /// the digest of everything fed so far.
    package func finalize() -> [UInt8] {
        var copy = self
        let bitLength = byteCount &* 8
        // One 1-bit, then zeros until 8 bytes are left in the block for the length.
        copy.pending.append(0x80)
        if copy.pending.count > Self.blockSize - 8 {
            copy.pending.append(contentsOf: repeatElement(0, count: Self.blockSize - copy.pending.count))
            copy.compress(copy.pending)
            copy.pending.removeAll(keepingCapacity: true)
        }
        copy.pending.append(contentsOf: repeatElement(0, count: Self.blockSize - 8 - copy.pending.count))
        for shift in stride(from: 56, through: 0, by: -8) {
            copy.pending.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        copy.compress(copy.pending)

        var digest: [UInt8] = []
        digest.reserveCapacity(20)
        for word in [copy.state.0, copy.state.1, copy.state.2, copy.state.3, copy.state.4] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// Mixes one 64-byte block into the state (FIPS 180-4 §6.1.2, steps 1 to 4).
    private mutating func compress(_ block: [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            // Step 1: the first 16 words are the block, big-endian; each later word mixes four earlier ones.
            for t in 0..<16 {
                w[t] =
                    UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16
                    | UInt32(block[4 * t + 2]) << 8 | UInt32(block[4 * t + 3])
            }
            for t in 16..<80 {
                w[t] = rotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], by: 1)
            }

            // Steps 2 and 3: 80 rounds. The function f and the constant K change every 20 rounds (§4.1.1, §4.2.1).
            var (a, b, c, d, e) = state
            for t in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch t {
                case 0..<20:
                    f = (b & c) | (~b & d)  // Ch: "if b then c else d", bit by bit
                    k = 0x5A82_7999
                case 20..<40:
                    f = b ^ c ^ d  // Parity
                    k = 0x6ED9_EBA1
                case 40..<60:
                    f = (b & c) | (b & d) | (c & d)  // Maj: the majority of the three bits
                    k = 0x8F1B_BCDC
                default:
                    f = b ^ c ^ d  // Parity again
                    k = 0xCA62_C1D6
                }
                let temp = rotateLeft(a, by: 5) &+ f &+ e &+ k &+ w[t]
                e = d
                d = c
                c = rotateLeft(b, by: 30)
                b = a
                a = temp
            }

            // Step 4: add this block's result into the running state (all additions are modulo 2^32).
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
        }
    }

    /// ROTL^n(x) (FIPS 180-4 §3.2): shift left, and bring the bits that fall off back in on the right.
    private func rotateLeft(_ x: UInt32, by n: UInt32) -> UInt32 {
        (x << n) | (x >> (32 - n))
    }
}
