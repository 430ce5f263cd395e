// SPDX-License-Identifier: MIT

import Testing

@testable import SIOWebSocket

struct SHA1Tests {
    /// FIPS 180-4 example messages and their digests (NIST "SHA1.pdf" examples, RFC 3174 §7.3).
    @Test(
        "hashes the FIPS 180-4 example messages",
        arguments: [
            ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                    + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "a49b2446a02c645bf419f995b67091253a04a259"
            ),
        ])
    func fipsVectors(message: String, digest: String) {
        #expect(hexString(SHA1.hash(Array(message.utf8))) == digest)
    }

    @Test("hashes one million 'a' fed in 1000-byte pieces")
    func oneMillionA() {
        var sha = SHA1()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 {
            sha.update(piece)
        }
        #expect(hexString(sha.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("gives the same digest whether the message arrives whole or in uneven pieces")
    func incremental() {
        // 56 bytes: the padding no longer fits in the block, which exercises the extra-block branch.
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        for cut in [0, 1, 55, 56] {
            var sha = SHA1()
            sha.update(message[..<cut])
            sha.update(message[cut...])
            #expect(sha.finalize() == SHA1.hash(message))
        }
    }

    @Test("finalize leaves the hasher usable: the digest covers everything fed so far")
    func finalizeDoesNotConsume() {
        var sha = SHA1()
        sha.update(Array("ab".utf8))
        #expect(sha.finalize() == SHA1.hash(Array("ab".utf8)))
        sha.update(Array("c".utf8))
        #expect(hexString(sha.finalize()) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }
}
