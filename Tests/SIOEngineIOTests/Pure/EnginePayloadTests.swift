// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO

struct EnginePayloadTests {
    /// Payloads from the Engine.IO v4 spec and the official test suite ("message" tests).
    static let vectors: [(wire: String, packets: [EnginePacket])] = [
        ("4hello", [.message("hello")]),
        ("4test1\u{1E}4test2\u{1E}4test3", [.message("test1"), .message("test2"), .message("test3")]),
        ("4hello\u{1E}bAQIDBA==", [.message("hello"), EnginePacket(message: .binary([1, 2, 3, 4]))]),
        ("4hello\u{1E}2\u{1E}4world", [.message("hello"), .ping, .message("world")]),
        ("6", [.noop]),
        ("2\u{1E}6\u{1E}1", [.ping, .noop, .close]),
        ("4€\u{1E}4", [.message("€"), .message("")]),
    ]

    @Test("encodes packets joined by the 0x1E record separator", arguments: vectors)
    func encodes(wire: String, packets: [EnginePacket]) {
        #expect(EnginePayload.encode(packets) == Array(wire.utf8))
        #expect(EnginePayload.encodedLength(of: packets) == wire.utf8.count)
    }

    @Test("decodes a request body into its packets", arguments: vectors)
    func decodes(wire: String, packets: [EnginePacket]) throws {
        #expect(try EnginePayload.decode(Array(wire.utf8)) == packets)
    }

    @Test("encodes nothing as an empty body")
    func encodesEmpty() {
        #expect(EnginePayload.encode([]).isEmpty)
        #expect(EnginePayload.encodedLength(of: []) == 0)
    }

    @Test(
        "rejects a malformed body, naming the packet at fault",
        arguments: [
            ("", EnginePayloadError.emptyPayload),
            ("abc", .invalidPacket(index: 0, reason: .unknownType("a"))),
            ("4a\u{1E}", .invalidPacket(index: 1, reason: .empty)),
            ("\u{1E}4a", .invalidPacket(index: 0, reason: .empty)),
            ("4a\u{1E}\u{1E}4b", .invalidPacket(index: 1, reason: .empty)),
            ("4a\u{1E}9", .invalidPacket(index: 1, reason: .unknownType("9"))),
            ("4a\u{1E}b@@@@", .invalidPacket(index: 1, reason: .invalidBase64)),
        ])
    func rejectsMalformed(wire: String, error: EnginePayloadError) {
        #expect(throws: error) { try EnginePayload.decode(Array(wire.utf8)) }
    }

    @Test("replaces invalid UTF-8 in text data with U+FFFD, as Node's utf8 decoding does")
    func replacesInvalidUTF8() throws {
        #expect(try EnginePayload.decode([0x34, 0xFF, 0x61]) == [.message("\u{FFFD}a")])
    }

    @Test("decodes from an array slice")
    func decodesSlice() throws {
        let body = Array("xx4hi".utf8)
        #expect(try EnginePayload.decode(body[2...]) == [.message("hi")])
    }

    // MARK: - Budget

    static let fiveMessages: [EnginePacket] = (1...5).map { .message("m\($0)") }  // 3 bytes each

    @Test(
        "fits as many packets as the byte budget allows, separators included",
        arguments: [(3, 1), (6, 1), (7, 2), (10, 2), (11, 3), (19, 5), (1_000, 5)])
    func fitsByteBudget(maxBytes: Int, expected: Int) {
        #expect(EnginePayload.fittingCount(of: Self.fiveMessages, maxBytes: maxBytes, maxPackets: .max) == expected)
    }

    @Test("caps the number of packets per payload")
    func capsPacketCount() {
        let many = (0..<40).map { EnginePacket.message("\($0)") }
        #expect(EnginePayload.fittingCount(of: many, maxBytes: 1_000_000, maxPackets: 16) == 16)
        #expect(EnginePayload.fittingCount(of: many, maxBytes: 1_000_000, maxPackets: .max) == 40)
    }

    @Test("always lets one packet through, even one larger than the budget")
    func alwaysOnePacket() {
        let big = EnginePacket.message(String(repeating: "x", count: 100))
        #expect(EnginePayload.fittingCount(of: [big, .ping], maxBytes: 10, maxPackets: 16) == 1)
        #expect(EnginePayload.fittingCount(of: [big], maxBytes: 0, maxPackets: 0) == 1)
        #expect(EnginePayload.fittingCount(of: [EnginePacket](), maxBytes: 10, maxPackets: 16) == 0)
    }

    @Test("counts a binary packet at its base64 size")
    func countsBinaryAsBase64() {
        let binary = EnginePacket(message: .binary([1, 2, 3, 4]))  // "bAQIDBA==", 9 bytes
        #expect(binary.encodedTextLength == 9)
        #expect(EnginePayload.fittingCount(of: [.message("hello"), binary], maxBytes: 15, maxPackets: 16) == 1)
        #expect(EnginePayload.fittingCount(of: [.message("hello"), binary], maxBytes: 16, maxPackets: 16) == 2)
    }
}
