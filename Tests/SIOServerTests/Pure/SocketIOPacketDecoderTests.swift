// SPDX-License-Identifier: MIT

import SIOJSON
import SIOServer
import Testing

@Suite("Socket.IO packet decoder (socket.io-parser decodeString rules)")
struct SocketIOPacketDecoderTests {
    /// Decodes one text packet that needs no attachments.
    private func decode(_ text: String) throws -> SocketIOPacket {
        var decoder = SocketIOPacketDecoder()
        let output = try decoder.decode(text: text)
        guard case .packet(let packet) = output else {
            Issue.record("expected a whole packet, got \(output)")
            return SocketIOPacket(type: .disconnect)
        }
        return packet
    }

    @Test(
        "decodes the packets of the spec and the v5 test suite",
        arguments: [
            ("0", SocketIOPacket(type: .connect)),
            (#"0{"token":"123"}"#, SocketIOPacket(type: .connect, data: ["token": "123"])),
            ("0/custom,", SocketIOPacket(type: .connect, namespace: "/custom")),
            ("0/custom", SocketIOPacket(type: .connect, namespace: "/custom")),
            (
                #"0/custom,{"token":"abc"}"#,
                SocketIOPacket(type: .connect, namespace: "/custom", data: ["token": "abc"])
            ),
            ("0/admin,{}", SocketIOPacket(type: .connect, namespace: "/admin", data: [:])),
            ("1", SocketIOPacket(type: .disconnect)),
            ("1/custom,", SocketIOPacket(type: .disconnect, namespace: "/custom")),
            (#"2["foo"]"#, .event("foo")),
            (#"2/admin,["bar"]"#, .event("bar", namespace: "/admin")),
            (#"212["foo"]"#, .event("foo", ackId: 12)),
            (#"2["message",1,"2",{"3":[true]}]"#, .event("message", [1, "2", ["3": [true]]])),
            (
                #"2456["message-with-ack",1,"2",{"3":[false]}]"#,
                .event("message-with-ack", [1, "2", ["3": [false]]], ackId: 456)
            ),
            (#"2[1,"a",{}]"#, SocketIOPacket(type: .event, data: [1, "a", [:]])),
            (#"2/admin,1["tellme"]"#, .event("tellme", namespace: "/admin", ackId: 1)),
            ("3/admin,13[\"bar\"]", .ack(["bar"], namespace: "/admin", ackId: 13)),
            ("312[]", .ack([], ackId: 12)),
            (
                #"4{"message":"Not authorized"}"#,
                SocketIOPacket(type: .connectError, data: ["message": "Not authorized"])
            ),
            (#"4"Unauthorized""#, SocketIOPacket(type: .connectError, data: "Unauthorized")),
            (#"2/a-b?x=1,["q"]"#, .event("q", namespace: "/a-b?x=1")),
            (#"2["x",{"_placeholder":true,"num":0}]"#, .event("x", [["_placeholder": true, "num": 0]])),
            (#"29007199254740991["max"]"#, .event("max", ackId: 9_007_199_254_740_991)),
        ] as [(String, SocketIOPacket)]
    )
    func decodesPackets(text: String, expected: SocketIOPacket) throws {
        #expect(try decode(text) == expected)
    }

    @Test("every encoded packet decodes back to itself")
    func roundTrips() throws {
        let packets: [SocketIOPacket] = [
            SocketIOPacket(type: .connect, namespace: "/admin", data: ["sid": "x", "pid": "y"]),
            .event("chat", ["héllo 😀", 1e-7, ["nested": [1, 2, ["deep": .null]]]], namespace: "/room", ackId: 99),
            .ack([false, "\u{0}\n\""], ackId: 0),
            SocketIOPacket(type: .connectError, namespace: "/n", data: ["message": "no", "data": ["retry": 3]]),
            SocketIOPacket(type: .disconnect, namespace: "/n"),
        ]
        for packet in packets {
            #expect(try decode(SocketIOPacketEncoder.encode(packet).text) == packet)
        }
    }

    @Test(
        "rejects the invalid packets of the test suite and of socket.io-parser's tests",
        arguments: [
            // protocol.md §1.2 / v5 test suite: the Socket.IO text after Engine.IO's `4`.
            ("abc", SocketIODecodingError.unknownPacketType),
            ("2{}", .invalidPayload(.event)),
            // socket.io-parser test/parser.js "throw an error upon parsing error"
            (#"442["some","data""#, .invalidJSON(JSONParseError(.unexpectedEndOfInput, at: 17))),
            (#"0/admin,"invalid""#, .invalidPayload(.connect)),
            ("0[]", .invalidPayload(.connect)),
            ("1/admin,{}", .invalidPayload(.disconnect)),
            (#"2/admin,"invalid"#, .invalidJSON(JSONParseError(.unexpectedEndOfInput, at: 16))),
            ("2/admin,{}", .invalidPayload(.event)),
            (#"2[{"toString":"foo"}]"#, .invalidPayload(.event)),
            (#"2[true,"foo"]"#, .invalidPayload(.event)),
            (#"2[null,"bar"]"#, .invalidPayload(.event)),
            ("5", .illegalAttachments),
            ("51", .illegalAttachments),
            ("50-", .illegalAttachments),
            ("5a-", .illegalAttachments),
            ("51.23-", .illegalAttachments),
            ("5-[\"x\"]", .illegalAttachments),
            ("999", .unknownPacketType),
            ("7", .unknownPacketType),
            ("", .unknownPacketType),
            ("/2[\"x\"]", .unknownPacketType),
        ] as [(String, SocketIODecodingError)]
    )
    func rejectsInvalidPackets(text: String, expected: SocketIODecodingError) {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: expected) { try decoder.decode(text: text) }
    }

    @Test(
        "rejects every reserved event name",
        arguments: ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]
    )
    func rejectsReservedNames(name: String) {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: SocketIODecodingError.invalidPayload(.event)) {
            try decoder.decode(text: #"2[""# + name + #"","123"]"#)
        }
        #expect(SocketIOPacket.reservedEventNames.contains(name))
    }

    /// The spec says the payload of EVENT and ACK is mandatory (and isPacketValid requires one for CONNECT_ERROR).
    /// decodeString alone would let these through.
    @Test(
        "requires a payload where the spec does",
        arguments: [
            ("2", SocketIODecodingError.invalidPayload(.event)),
            ("2[]", .invalidPayload(.event)),
            ("2/bar,", .invalidPayload(.event)),
            ("2123", .invalidPayload(.event)),
            ("3", .invalidPayload(.ack)),
            ("312", .invalidPayload(.ack)),
            (#"3{"a":1}"#, .invalidPayload(.ack)),
            ("4", .invalidPayload(.connectError)),
            ("4[]", .invalidPayload(.connectError)),
            ("4/admin,12", .invalidPayload(.connectError)),
        ] as [(String, SocketIODecodingError)]
    )
    func requiresPayloads(text: String, expected: SocketIODecodingError) {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: expected) { try decoder.decode(text: text) }
    }

    @Test("an ack id beyond 2^53 - 1 is rejected instead of overflowing")
    func rejectsHugeAckIds() {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: SocketIODecodingError.invalidAckId) { try decoder.decode(text: #"29007199254740992["x"]"#) }
        #expect(throws: SocketIODecodingError.invalidAckId) {
            try decoder.decode(text: "2" + String(repeating: "9", count: 40) + #"["x"]"#)
        }
    }

    @Test("a payload that is not JSON is reported with the offset inside the packet text")
    func reportsJSONOffsets() {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: SocketIODecodingError.invalidJSON(JSONParseError(.unexpectedByte(UInt8(ascii: "a")), at: 1))) {
            try decoder.decode(text: #"2abc["message-with-ack",1,"2",{"3":[false]}]"#)
        }
        let nested = "2" + String(repeating: "[", count: 600)
        #expect(throws: SocketIODecodingError.invalidJSON(JSONParseError(.tooDeep(limit: 512), at: 513))) {
            try decoder.decode(text: nested)
        }
    }

    @Test("decoding errors explain themselves")
    func describesErrors() {
        #expect(SocketIODecodingError.tooManyAttachments(limit: 10).description == "too many attachments (limit 10)")
        #expect(SocketIODecodingError.invalidPayload(.event).description == "invalid payload for packet type event")
        #expect(
            SocketIODecodingError.invalidJSON(JSONParseError(.unexpectedByte(0x61), at: 1)).description
                == "invalid payload: unexpected byte 'a' (0x61) at offset 1")
    }

    @Test("gives the event name and arguments of EVENT and ACK packets")
    func readsEventNameAndArguments() throws {
        let event = try decode(#"2["chat","hi",{"n":1}]"#)
        #expect(event.eventName == "chat")
        #expect(event.arguments == ["hi", ["n": 1]])
        #expect(try decode(#"2[1,"a"]"#).eventName == "1")
        #expect(try decode(#"2[1.5]"#).eventName == "1.5")
        #expect(try decode(#"36[1,2]"#).arguments == [1, 2])
        #expect(try decode(#"36[1,2]"#).eventName == nil)
        #expect(try decode(#"0{"token":"x"}"#).arguments == [])
    }
}
