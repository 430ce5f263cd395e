// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO

struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    static let rfcVectors: [(plain: String, encoded: String)] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test("encodes the RFC 4648 §10 vectors", arguments: rfcVectors)
    func encodesRFCVectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
    }

    @Test("decodes the RFC 4648 §10 vectors", arguments: rfcVectors)
    func decodesRFCVectors(plain: String, encoded: String) {
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("encodes the RFC 4648 §10 vectors in base64url without padding", arguments: rfcVectors)
    func encodesRFCVectorsURL(plain: String, encoded: String) {
        let unpadded = String(encoded.filter { $0 != "=" })
        #expect(Base64.encodeURL(Array(plain.utf8)) == unpadded)
        #expect(Base64.decodeURL(unpadded) == Array(plain.utf8))
    }

    @Test("encodes the binary packet of the Engine.IO test suite")
    func encodesEngineIOSuiteBytes() {
        #expect(Base64.encode([1, 2, 3, 4]) == "AQIDBA==")
        #expect(Base64.decode("AQIDBA==") == [1, 2, 3, 4])
    }

    @Test("uses + and / in the standard alphabet and - and _ in base64url")
    func alphabetsDiffer() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64.encodeURL(bytes) == "-_-_")
        #expect(Base64.decode("+/+/") == bytes)
        #expect(Base64.decodeURL("-_-_") == bytes)
    }

    @Test("round-trips every byte value")
    func roundTripsAllBytes() {
        let bytes = (0...255).map { UInt8($0) }
        for length in [0, 1, 2, 3, 254, 255, 256] {
            let slice = Array(bytes.prefix(length))
            #expect(Base64.decode(Base64.encode(slice)) == slice)
            #expect(Base64.decodeURL(Base64.encodeURL(slice)) == slice)
        }
    }

    @Test("computes the RFC 6455 §1.3 Sec-WebSocket-Accept encoding of a SHA-1 digest")
    func encodesWebSocketAcceptDigest() {
        let digest: [UInt8] = [
            0xB3, 0x7A, 0x4F, 0x2C, 0xC0, 0x62, 0x4F, 0x16, 0x90, 0xF6,
            0x46, 0x06, 0xCF, 0x38, 0x59, 0x45, 0xB2, 0xBE, 0xC4, 0xEA,
        ]
        #expect(Base64.encode(digest) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test(
        "rejects invalid standard base64",
        arguments: [
            "Zg",  // length not a multiple of 4
            "Zg=",  // short padding
            "Z===",  // three pad characters
            "Zg==Zg==",  // padding in the middle
            "Zm=v",  // padding inside a group
            "Zm9v\n",  // whitespace
            "Zm9-",  // base64url character
            "Zh==",  // non-zero unused bits
            "Zm9=",  // non-zero unused bits
            "====",
            "é===",
        ])
    func rejectsInvalidStandard(input: String) {
        #expect(Base64.decode(input) == nil)
    }

    @Test("rejects invalid base64url", arguments: ["Z", "Zg==", "Zm9+", "Zm9/", "Zh", "Zm9v Zg"])
    func rejectsInvalidURL(input: String) {
        #expect(Base64.decodeURL(input) == nil)
    }

    @Test("decodes from a substring")
    func decodesSubstring() {
        let payload = "bAQIDBA=="
        #expect(Base64.decode(payload.dropFirst()) == [1, 2, 3, 4])
    }
}
