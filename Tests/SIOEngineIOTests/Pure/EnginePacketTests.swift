// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO

struct EnginePacketTests {
    /// Text forms from the Engine.IO v4 spec and its test suite.
    static let textVectors: [(wire: String, packet: EnginePacket)] = [
        ("0{\"sid\":\"abc\"}", EnginePacket(.open, "{\"sid\":\"abc\"}")),
        ("1", .close),
        ("2", .ping),
        ("3", .pong),
        ("2probe", .probePing),
        ("3probe", .probePong),
        ("4hello", .message("hello")),
        ("4", .message("")),
        ("4héllo €", .message("héllo €")),
        ("5", .upgrade),
        ("6", .noop),
        ("bAQIDBA==", EnginePacket(message: .binary([1, 2, 3, 4]))),
        ("b", EnginePacket(message: .binary([]))),
    ]

    @Test("encodes each packet type as its digit followed by the data", arguments: textVectors)
    func encodesText(wire: String, packet: EnginePacket) {
        #expect(packet.encodedText() == wire)
        #expect(packet.encodedTextLength == wire.utf8.count)
    }

    @Test("decodes each packet type from its text form", arguments: textVectors)
    func decodesText(wire: String, packet: EnginePacket) throws {
        #expect(try EnginePacket(decoding: wire) == packet)
    }

    @Test("sends a text packet as a WebSocket text message and a binary message as raw bytes")
    func encodesForWebSocket() {
        #expect(EnginePacket.message("hello").webSocketMessage == .text("4hello"))
        #expect(EnginePacket.probePong.webSocketMessage == .text("3probe"))
        #expect(EnginePacket(message: .binary([1, 2, 3])).webSocketMessage == .binary([1, 2, 3]))
    }

    @Test("reads a binary WebSocket message as a binary message packet, whatever its first byte")
    func decodesBinaryWebSocketMessage() throws {
        #expect(
            try EnginePacket(decoding: EngineMessage.binary([0x34, 0x00]))
                == EnginePacket(message: .binary([0x34, 0x00])))
        #expect(try EnginePacket(decoding: EngineMessage.binary([])) == EnginePacket(message: .binary([])))
        #expect(try EnginePacket(decoding: EngineMessage.text("4hi")) == .message("hi"))
    }

    @Test("accepts data after any type, like Node's decoder")
    func acceptsDataAfterAnyType() throws {
        #expect(try EnginePacket(decoding: "1bye") == EnginePacket(.close, "bye"))
        #expect(try EnginePacket(decoding: "6x") == EnginePacket(.noop, "x"))
    }

    @Test(
        "rejects malformed packets with a precise error",
        arguments: [
            ("", EnginePacketError.empty),
            ("abc", .unknownType("a")),
            ("7", .unknownType("7")),
            ("€uro", .unknownType("€")),
            ("/4", .unknownType("/")),
            ("bAQID!", .invalidBase64),
            ("bAQIDBA", .invalidBase64),
        ])
    func rejectsMalformed(wire: String, error: EnginePacketError) {
        #expect(throws: error) { try EnginePacket(decoding: wire) }
    }

    @Test("maps every type to its ASCII digit and back")
    func typeDigits() {
        for type in EnginePacketType.allCases {
            #expect(EnginePacketType(asciiDigit: type.asciiDigit) == type)
        }
        #expect(EnginePacketType.open.asciiDigit == UInt8(ascii: "0"))
        #expect(EnginePacketType.noop.asciiDigit == UInt8(ascii: "6"))
        #expect(EnginePacketType(asciiDigit: UInt8(ascii: "7")) == nil)
        #expect(EnginePacketType(asciiDigit: UInt8(ascii: " ")) == nil)
    }
}
