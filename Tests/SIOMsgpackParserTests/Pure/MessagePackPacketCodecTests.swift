// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOMsgpackParser
import SIOServer
import SIOTestSupport
import Testing

/// The msgpack parser's wire format, byte for byte. Each vector is written by hand from the msgpack spec and what
/// notepack.io (socket.io-msgpack-parser's encoder) writes for the packet object: a fixmap, fixstr keys `a4 "type"`
/// `a4 "data"` `a3 "nsp"` `a2 "id"`, the smallest integer formats, float 64, `bin` for bytes. msgpack-python 1.2
/// (python-socketio's serializer) writes the same bytes for the same dict.
@Suite("msgpack parser packets")
struct MessagePackPacketCodecTests {
    static let vectors: [(packet: SocketIOPacket, bytes: String)] = [
        // {type: 0, data: {sid: "abc"}, nsp: "/"}: the server's CONNECT reply
        (SocketIOPacket(type: .connect, data: ["sid": "abc"]),
         "83 a4 74 79 70 65 00 a4 64 61 74 61 81 a3 73 69 64 a3 61 62 63 a3 6e 73 70 a1 2f"),
        // {type: 0, nsp: "/admin"}: no data, no key
        (SocketIOPacket(type: .connect, namespace: "/admin"),
         "82 a4 74 79 70 65 00 a3 6e 73 70 a6 2f 61 64 6d 69 6e"),
        // {type: 1, nsp: "/"}
        (SocketIOPacket(type: .disconnect), "82 a4 74 79 70 65 01 a3 6e 73 70 a1 2f"),
        // {type: 2, data: ["hi"], nsp: "/"}
        (.event("hi"), "83 a4 74 79 70 65 02 a4 64 61 74 61 91 a2 68 69 a3 6e 73 70 a1 2f"),
        // {type: 2, data: ["img", <Buffer 01 02 03>], nsp: "/", id: 12}: bytes are bin 8, the type stays EVENT
        (.event("img", [.binary([1, 2, 3])], ackId: 12),
         "84 a4 74 79 70 65 02 a4 64 61 74 61 92 a3 69 6d 67 c4 03 01 02 03 a3 6e 73 70 a1 2f a2 69 64 0c"),
        // {type: 3, data: ["bar", 1.5], nsp: "/admin", id: 13}: 1.5 is float 64
        (.ack(["bar", 1.5], namespace: "/admin", ackId: 13),
         "84 a4 74 79 70 65 03 a4 64 61 74 61 92 a3 62 61 72 cb 3f f8 00 00 00 00 00 00 a3 6e 73 70 a6 2f 61 64 6d 69 6e a2 69 64 0d"),
        // {type: 3, data: [], nsp: "/", id: 300}: uint 16 id
        (.ack([], ackId: 300), "84 a4 74 79 70 65 03 a4 64 61 74 61 90 a3 6e 73 70 a1 2f a2 69 64 cd 01 2c"),
        // {type: 4, data: {message: "Invalid namespace"}, nsp: "/"}: a 17-byte fixstr is b1
        (SocketIOPacket(type: .connectError, data: ["message": "Invalid namespace"]),
         "83 a4 74 79 70 65 04 a4 64 61 74 61 81 a7 6d 65 73 73 61 67 65 b1 49 6e 76 61 6c 69 64 20 6e 61 6d 65 73 70 61 63 65 a3 6e 73 70 a1 2f"),
    ]

    @Test("every packet type is written as notepack writes the packet object", arguments: vectors)
    func writesEveryPacketType(_ vector: (packet: SocketIOPacket, bytes: String)) {
        #expect(MessagePackSocketIOParser().encode(vector.packet) == [.binary(hex(vector.bytes))])
    }

    @Test("every packet type reads back to the same packet", arguments: vectors)
    func readsEveryPacketType(_ vector: (packet: SocketIOPacket, bytes: String)) throws {
        var decoder = MessagePackSocketIOParser().makeDecoder(maxAttachments: 10)
        #expect(try decoder.decode(.binary(hex(vector.bytes))) == vector.packet)
    }

    @Test("an EVENT or ACK built with a binary type is written with the plain type: this format has no attachments")
    func binaryTypesAreWrittenPlain() {
        let event = SocketIOPacket(type: .binaryEvent, data: ["x", .binary([0xff])])
        let ack = SocketIOPacket(type: .binaryAck, ackId: 1, data: [.binary([0xff])])
        #expect(MessagePackSocketIOParser().encode(event) == [.binary(hex(
            "83 a4 74 79 70 65 02 a4 64 61 74 61 92 a1 78 c4 01 ff a3 6e 73 70 a1 2f"))])
        #expect(MessagePackSocketIOParser().encode(ack) == [.binary(hex(
            "84 a4 74 79 70 65 03 a4 64 61 74 61 91 c4 01 ff a3 6e 73 70 a1 2f a2 69 64 01"))])
    }

    /// What other encoders send for the same packets.
    static let otherEncoders: [(bytes: String, packet: SocketIOPacket)] = [
        // python-socketio's CONNECT: {"type": 0, "data": {}, "nsp": "/"}
        ("83 a4 74 79 70 65 00 a4 64 61 74 61 80 a3 6e 73 70 a1 2f", SocketIOPacket(type: .connect, data: [:])),
        // python-socketio's DISCONNECT: {"type": 1, "data": None, "nsp": "/"}: nil data is no data
        ("83 a4 74 79 70 65 01 a4 64 61 74 61 c0 a3 6e 73 70 a1 2f", SocketIOPacket(type: .disconnect)),
        // notepack 2 writes `undefined` (a CONNECT without auth) as fixext 1 of type 0
        ("83 a4 74 79 70 65 00 a4 64 61 74 61 d4 00 00 a3 6e 73 70 a1 2f", SocketIOPacket(type: .connect)),
        // socket.io's key order (id before nsp), type as float 64 2.0 (an integer to JavaScript), id as uint 8
        ("84 a2 69 64 cc 07 a4 74 79 70 65 cb 40 00 00 00 00 00 00 00 a4 64 61 74 61 91 a1 61 a3 6e 73 70 a1 2f",
         .event("a", ackId: 7)),
        // a numeric event name, as socket.io-parser allows
        ("83 a4 74 79 70 65 02 a4 64 61 74 61 92 01 02 a3 6e 73 70 a1 2f",
         SocketIOPacket(type: .event, data: [1, 2])),
    ]

    @Test("packets from python-socketio and notepack read as the same packets", arguments: otherEncoders)
    func readsOtherEncoders(_ vector: (bytes: String, packet: SocketIOPacket)) throws {
        var decoder = MessagePackSocketIOParser().makeDecoder(maxAttachments: 10)
        #expect(try decoder.decode(.binary(hex(vector.bytes))) == vector.packet)
    }

    /// Messages the decoder refuses, and the rule each breaks (socket.io-msgpack-parser `checkPacket`, plus the
    /// default parser's payload rules).
    static let refused: [(bytes: String, reason: String)] = [
        ("c1", "not MessagePack"),
        ("82 a4 74 79 70 65 02", "truncated"),
        ("82 a4 74 79 70 65 01 a3 6e 73 70 a1 2f 00", "trailing bytes"),
        ("92 01 02", "an array, not a map"),
        ("82 a4 74 79 70 65 05 a3 6e 73 70 a1 2f", "type 5: no BINARY_EVENT in this format"),
        ("82 a4 74 79 70 65 ff a3 6e 73 70 a1 2f", "type -1"),
        ("82 a4 74 79 70 65 cb 3f f8 00 00 00 00 00 00 a3 6e 73 70 a1 2f", "type 1.5"),
        ("82 a4 74 79 70 65 a1 32 a3 6e 73 70 a1 2f", "type \"2\""),
        ("81 a4 74 79 70 65 00", "no nsp"),
        ("82 a4 74 79 70 65 00 a3 6e 73 70 01", "nsp 1"),
        ("82 a4 74 79 70 65 00 a3 6e 73 70 a5 61 64 6d 69 6e", "nsp \"admin\" without /"),
        ("84 a4 74 79 70 65 03 a4 64 61 74 61 90 a3 6e 73 70 a1 2f a2 69 64 ff", "id -1"),
        ("84 a4 74 79 70 65 03 a4 64 61 74 61 90 a3 6e 73 70 a1 2f a2 69 64 a1 31", "id \"1\""),
        ("84 a4 74 79 70 65 03 a4 64 61 74 61 90 a3 6e 73 70 a1 2f a2 69 64 cf 00 20 00 00 00 00 00 00", "id 2^53"),
        ("83 a4 74 79 70 65 02 a4 64 61 74 61 80 a3 6e 73 70 a1 2f", "EVENT with an object"),
        ("83 a4 74 79 70 65 02 a4 64 61 74 61 90 a3 6e 73 70 a1 2f", "EVENT with no name"),
        ("83 a4 74 79 70 65 02 a4 64 61 74 61 91 a7 63 6f 6e 6e 65 63 74 a3 6e 73 70 a1 2f", "EVENT \"connect\""),
        ("82 a4 74 79 70 65 02 a3 6e 73 70 a1 2f", "EVENT without data"),
        ("83 a4 74 79 70 65 03 a4 64 61 74 61 c3 a3 6e 73 70 a1 2f", "ACK with true"),
        ("83 a4 74 79 70 65 00 a4 64 61 74 61 91 01 a3 6e 73 70 a1 2f", "CONNECT with an array"),
        ("83 a4 74 79 70 65 01 a4 64 61 74 61 80 a3 6e 73 70 a1 2f", "DISCONNECT with data"),
        ("83 a4 74 79 70 65 04 a4 64 61 74 61 01 a3 6e 73 70 a1 2f", "CONNECT_ERROR with a number"),
    ]

    @Test("a message that breaks a rule of the format is refused", arguments: refused)
    func refusesBrokenPackets(_ vector: (bytes: String, reason: String)) {
        var decoder = MessagePackSocketIOParser().makeDecoder(maxAttachments: 10)
        #expect(throws: (any Error).self, "\(vector.reason)") { try decoder.decode(.binary(hex(vector.bytes))) }
    }

    @Test("a text message is refused: a client of the default parser is talking to a msgpack server")
    func refusesText() {
        var decoder = MessagePackSocketIOParser().makeDecoder(maxAttachments: 10)
        #expect(throws: (any Error).self) { try decoder.decode(.text(#"2["hi"]"#)) }
    }

    @Test("data nested deeper than 64 levels is refused before it is built")
    func refusesDeepNesting() {
        let prefix = hex("83 a4 74 79 70 65 02 a4 64 61 74 61 92 a1 78")
        let nested = [UInt8](repeating: 0x91, count: 80) + [0x00]
        var decoder = MessagePackSocketIOParser().makeDecoder(maxAttachments: 10)
        #expect(throws: (any Error).self) { try decoder.decode(.binary(prefix + nested + hex("a3 6e 73 70 a1 2f"))) }
    }

    @Test("a count larger than the message is refused without allocating it")
    func refusesLyingCounts() {
        // data: array 32 announcing 4 294 967 295 elements, in a 30-byte message
        let bytes = hex("83 a4 74 79 70 65 02 a4 64 61 74 61 dd ff ff ff ff a1 78 a3 6e 73 70 a1 2f")
        var decoder = MessagePackSocketIOParser().makeDecoder(maxAttachments: 10)
        #expect(throws: (any Error).self) { try decoder.decode(.binary(bytes)) }
    }
}
