// SPDX-License-Identifier: MIT

/// SHA-256, the hash function of FIPS 180-4 (§6.2), written in plain Swift.
///
/// Why we write our own: Linux has no CryptoKit and this project has no package dependencies, but
/// HS256 tokens (RFC 7519) are signed with HMAC-SHA-256 and passwords are stretched with
/// PBKDF2-HMAC-SHA-256. Both only need the hash below.
///
/// Feed the message in pieces of any size with ``update(_:)``, or hash it in one go with
/// ``hash(_:)``. The digest is the same either way, however the input is split:
///
/// ```swift
/// let digest = SHA256.hash("abc".utf8)        // ba7816bf 8f01cfea ...
///
/// var hasher = SHA256()
/// hasher.update("a".utf8)
/// hasher.update("bc".utf8)
/// hasher.finalize() == digest                 // true
/// ```
///
/// A `SHA256` value stores everything inline (`SIMD8`/`SIMD64` used as fixed-size arrays, not for
/// vector math), so copying one is a plain memory copy that never allocates. ``HMAC`` depends on
/// this: it absorbs the padded key once and copies that state for every message.
package struct SHA256: Sendable {
    /// Digest size in bytes: SHA-256 produces a 256-bit message digest (FIPS 180-4 §1).
    package static let digestByteCount = 32

    /// Block size in bytes: the message is processed in 512-bit blocks (FIPS 180-4 §1).
    /// HMAC pads its key to exactly this size (RFC 2104 §2, "B").
    package static let blockByteCount = 64

    /// The eight hash words H0…H7, updated after every block (FIPS 180-4 §6.2.2 step 4).
    private var state = SHA256.initialHash

    /// Bytes received that do not yet fill a whole block. Only the first `pendingCount` are valid.
    private var pending = SIMD64<UInt8>()
    private var pendingCount = 0

    /// Message length in bytes so far; padding appends it in bits (FIPS 180-4 §5.1.1).
    private var messageLength: UInt64 = 0

    /// Starts a hash of the empty message.
    package init() {}

    /// Hashes a whole message at once.
    package static func hash(_ message: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(message)
        return hasher.finalize()
    }

    /// Appends bytes to the message. Full blocks are compressed straight from the caller's
    /// storage; only a tail shorter than a block is copied aside.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            self.absorb(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            Array(bytes).withUnsafeBytes { self.absorb($0) }
        }
    }

    /// Returns the digest of everything passed to ``update(_:)`` so far.
    ///
    /// This does not change `self`: padding is applied to a copy, so a caller may keep
    /// appending and ask again later (HMAC uses that to reuse a keyed state).
    package func finalize() -> [UInt8] {
        var copy = self
        copy.pad()
        var digest: [UInt8] = []
        digest.reserveCapacity(Self.digestByteCount)
        for index in 0..<8 {
            let word = copy.state[index]
            digest.append(UInt8(truncatingIfNeeded: word &>> 24))
            digest.append(UInt8(truncatingIfNeeded: word &>> 16))
            digest.append(UInt8(truncatingIfNeeded: word &>> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// Consumes raw bytes: first tops up a partial block, then compresses whole blocks in place,
    /// then keeps the remainder for the next call.
    private mutating func absorb(_ input: UnsafeRawBufferPointer) {
        messageLength &+= UInt64(input.count)
        var remaining = input
        if pendingCount > 0 {
            let take = min(Self.blockByteCount - pendingCount, remaining.count)
            appendToPending(UnsafeRawBufferPointer(rebasing: remaining[..<take]))
            remaining = UnsafeRawBufferPointer(rebasing: remaining[take...])
            guard pendingCount == Self.blockByteCount else { return }
            compressPending()
        }
        while remaining.count >= Self.blockByteCount {
            Self.compress(&state, block: UnsafeRawBufferPointer(rebasing: remaining[..<Self.blockByteCount]))
            remaining = UnsafeRawBufferPointer(rebasing: remaining[Self.blockByteCount...])
        }
        appendToPending(remaining)
    }

    private mutating func appendToPending(_ bytes: UnsafeRawBufferPointer) {
        let start = pendingCount
        withUnsafeMutableBytes(of: &pending) { storage in
            UnsafeMutableRawBufferPointer(rebasing: storage[start..<start + bytes.count]).copyMemory(from: bytes)
        }
        pendingCount += bytes.count
    }

    private mutating func compressPending() {
        let block = pending
        withUnsafeBytes(of: block) { Self.compress(&state, block: $0) }
        pendingCount = 0
    }

    /// Padding (FIPS 180-4 §5.1.1): one `1` bit (the byte 0x80), zero bytes until the length is
    /// 56 mod 64, then the message length in bits as a 64-bit big-endian number. When fewer than
    /// 9 bytes are free in the current block the padding spills into one extra block.
    private mutating func pad() {
        let bitLength = messageLength &* 8
        setPending(from: pendingCount, to: 0x80, count: 1)
        pendingCount += 1
        if pendingCount > 56 {
            setPending(from: pendingCount, to: 0, count: Self.blockByteCount - pendingCount)
            compressPending()
        }
        setPending(from: pendingCount, to: 0, count: 56 - pendingCount)
        withUnsafeMutableBytes(of: &pending) { block in
            block.storeBytes(of: bitLength.bigEndian, toByteOffset: 56, as: UInt64.self)
        }
        compressPending()
    }

    /// Fills `count` pending bytes starting at `start` with `value`, through a raw pointer:
    /// writing a `SIMD64` one lane at a time is slow.
    private mutating func setPending(from start: Int, to value: UInt8, count: Int) {
        withUnsafeMutableBytes(of: &pending) { block in
            _ = UnsafeMutableRawBufferPointer(rebasing: block[start..<start + count])
                .initializeMemory(as: UInt8.self, repeating: value)
        }
    }

    /// The SHA-256 compression function (FIPS 180-4 §6.2.2) applied to one 64-byte block.
    ///
    /// The message schedule W0…W63 lives in a stack buffer (`withUnsafeTemporaryAllocation`), so
    /// hashing allocates nothing per block. All additions are modulo 2^32, hence `&+`.
    private static func compress(_ state: inout SIMD8<UInt32>, block: UnsafeRawBufferPointer) {
        let k = roundConstants
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            // Step 1: the first 16 words are the block read as big-endian integers (§3.1, §6.2.2).
            for t in 0..<16 {
                w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
            }
            for t in 16..<64 {
                w[t] = smallSigma1(w[t - 2]) &+ w[t - 7] &+ smallSigma0(w[t - 15]) &+ w[t - 16]
            }
            // Step 2: working variables a…h start from the current hash value.
            var a = state[0], b = state[1], c = state[2], d = state[3]
            var e = state[4], f = state[5], g = state[6], h = state[7]
            // Step 3: 64 rounds.
            for t in 0..<64 {
                let t1 = h &+ bigSigma1(e) &+ choose(e, f, g) &+ k[t] &+ w[t]
                let t2 = bigSigma0(a) &+ majority(a, b, c)
                h = g
                g = f
                f = e
                e = d &+ t1
                d = c
                c = b
                b = a
                a = t1 &+ t2
            }
            // Step 4: add the compressed chunk to the hash value (lane-wise, modulo 2^32).
            state &+= SIMD8(a, b, c, d, e, f, g, h)
        }
    }

    /// Σ0 (FIPS 180-4 §4.1.2, equation 4.4): ROTR 2 ^ ROTR 13 ^ ROTR 22.
    ///
    /// ROTR n (§3.2) is written out as `x &>> n | x &<< (32 - n)` with literal shift counts:
    /// masking shifts (`&>>`, `&<<`) skip Swift's over-shift checks, and literal counts let even a
    /// debug build turn each pair into one rotate instruction.
    private static func bigSigma0(_ x: UInt32) -> UInt32 {
        let r2 = x &>> 2 | x &<< 30
        let r13 = x &>> 13 | x &<< 19
        let r22 = x &>> 22 | x &<< 10
        return r2 ^ r13 ^ r22
    }

    /// Σ1 (FIPS 180-4 §4.1.2, equation 4.5): ROTR 6 ^ ROTR 11 ^ ROTR 25.
    private static func bigSigma1(_ x: UInt32) -> UInt32 {
        let r6 = x &>> 6 | x &<< 26
        let r11 = x &>> 11 | x &<< 21
        let r25 = x &>> 25 | x &<< 7
        return r6 ^ r11 ^ r25
    }

    /// σ0 (FIPS 180-4 §4.1.2, equation 4.6): ROTR 7 ^ ROTR 18 ^ SHR 3.
    private static func smallSigma0(_ x: UInt32) -> UInt32 {
        let r7 = x &>> 7 | x &<< 25
        let r18 = x &>> 18 | x &<< 14
        return r7 ^ r18 ^ x &>> 3
    }

    /// σ1 (FIPS 180-4 §4.1.2, equation 4.7): ROTR 17 ^ ROTR 19 ^ SHR 10.
    private static func smallSigma1(_ x: UInt32) -> UInt32 {
        let r17 = x &>> 17 | x &<< 15
        let r19 = x &>> 19 | x &<< 13
        return r17 ^ r19 ^ x &>> 10
    }

    /// Ch(x, y, z) (FIPS 180-4 §4.1.2): bits of `y` where `x` is 1, bits of `z` elsewhere.
    private static func choose(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        (x & y) ^ (~x & z)
    }

    /// Maj(x, y, z) (FIPS 180-4 §4.1.2): each bit is the majority vote of the three inputs.
    private static func majority(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        (x & y) ^ (x & z) ^ (y & z)
    }

    /// H(0): the first 32 bits of the fractional parts of the square roots of the first eight
    /// primes (FIPS 180-4 §5.3.3).
    private static let initialHash = SIMD8<UInt32>(
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    /// K0…K63: the first 32 bits of the fractional parts of the cube roots of the first 64 primes
    /// (FIPS 180-4 §4.2.2).
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
