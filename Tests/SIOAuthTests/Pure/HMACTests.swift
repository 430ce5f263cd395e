// SPDX-License-Identifier: MIT

import SIOAuth
import Testing

/// HMAC-SHA-256 (RFC 2104) against the RFC 4231 §4 test cases 1-7.
struct HMACTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { name }
    }

    static let rfc4231: [Vector] = [
        Vector(
            name: "RFC 4231 test case 1",
            key: [UInt8](repeating: 0x0b, count: 20),
            data: Array("Hi There".utf8),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        Vector(
            name: "RFC 4231 test case 2 (key shorter than the output)",
            key: Array("Jefe".utf8),
            data: Array("what do ya want for nothing?".utf8),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        Vector(
            name: "RFC 4231 test case 3 (50 bytes of 0xdd)",
            key: [UInt8](repeating: 0xaa, count: 20),
            data: [UInt8](repeating: 0xdd, count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        Vector(
            name: "RFC 4231 test case 4 (25-byte counting key)",
            key: Array(1...25),
            data: [UInt8](repeating: 0xcd, count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        Vector(
            name: "RFC 4231 test case 6 (131-byte key is hashed first)",
            key: [UInt8](repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        Vector(
            name: "RFC 4231 test case 7 (large key and large data)",
            key: [UInt8](repeating: 0xaa, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8
            ),
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test("computes the RFC 4231 HMAC-SHA-256 value", arguments: rfc4231)
    func rfc4231Vector(vector: Vector) {
        #expect(Hex.string(HMAC.authenticationCode(for: vector.data, key: vector.key)) == vector.mac)
    }

    @Test("RFC 4231 test case 5: the first 128 bits match the truncated value")
    func truncatedOutput() {
        let mac = HMAC.authenticationCode(
            for: "Test With Truncation".utf8,
            key: [UInt8](repeating: 0x0c, count: 20)
        )
        #expect(mac.count == 32)
        #expect(Hex.string(mac.prefix(16)) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test("a keyed value copied for several messages gives each message its own code")
    func keyedValueIsReusable() {
        let keyed = HMAC(key: "Jefe".utf8)
        var first = keyed
        first.update("what do ya want ".utf8)
        first.update("for nothing?".utf8)
        var second = keyed
        second.update("Hi There".utf8)
        #expect(Hex.string(first.finalize()) == Self.rfc4231[1].mac)
        #expect(second.finalize() == HMAC.authenticationCode(for: "Hi There".utf8, key: "Jefe".utf8))
    }

    @Test("a 64-byte key is used as is, a 65-byte key is hashed to 32 bytes first")
    func keyLengthAtBlockSize() {
        let longKey = [UInt8](repeating: 0x42, count: 65)
        let message = Array("message".utf8)
        #expect(
            HMAC.authenticationCode(for: message, key: longKey)
                == HMAC.authenticationCode(for: message, key: SHA256.hash(longKey))
        )
        let blockKey = [UInt8](repeating: 0x42, count: 64)
        #expect(
            HMAC.authenticationCode(for: message, key: blockKey)
                != HMAC.authenticationCode(for: message, key: SHA256.hash(blockKey))
        )
    }
}
