// SPDX-License-Identifier: MIT

import SIOServer
import Testing

/// python-socketio `tests/common/test_packet.py`, case by case, rewritten for this codec.
///
/// python-socketio's decoder is more lenient than socket.io-parser and the v5 spec. Where the two
/// disagree, we follow the official parser and the spec, and the test says so: a bare `2`, an object as
/// EVENT payload, a 100-digit ack id, a BINARY_ACK without a count, and `?query` kept in the namespace.
@Suite("python-socketio test_packet.py, ported")
struct PythonSocketIOPacketTests {
    private func encode(_ packet: SocketIOPacket) throws -> SocketIOWirePacket {
        try SocketIOPacketEncoder.encode(packet)
    }

    private func decode(_ text: String) throws -> SocketIOPacketDecoder.Output {
        var decoder = SocketIOPacketDecoder()
        return try decoder.decode(text: text)
    }

    @Test("test_encode_default_packet: an EVENT without data is just its type")
    func encodeDefaultPacket() throws {
        #expect(try encode(SocketIOPacket(type: .event)).text == "2")
    }

    @Test("test_decode_default_packet: a bare `2` is rejected here (the spec requires an EVENT payload)")
    func decodeDefaultPacket() {
        #expect(throws: SocketIODecodingError.invalidPayload(.event)) { try decode("2") }
    }

    @Test("test_encode_text_event_packet / test_decode_text_event_packet")
    func textEventPacket() throws {
        #expect(try encode(.event("foo")).text == #"2["foo"]"#)
        #expect(try decode(#"2["foo"]"#) == .packet(.event("foo")))
    }

    @Test("test_decode_empty_event_packet: `1` is a DISCONNECT")
    func decodeEmptyEventPacket() throws {
        #expect(try decode("1") == .packet(SocketIOPacket(type: .disconnect)))
    }

    @Test("test_encode_binary_event_packet: bytes as the whole payload become attachment 0")
    func encodeBinaryEventPacket() throws {
        let wire = try encode(SocketIOPacket(type: .event, data: .binary(Array("1234".utf8))))
        #expect(
            wire == SocketIOWirePacket(text: #"51-{"_placeholder":true,"num":0}"#, attachments: [Array("1234".utf8)]))
    }

    @Test("test_decode_binary_event_packet: an object payload is rejected; the array form decodes")
    func decodeBinaryEventPacket() throws {
        #expect(throws: SocketIODecodingError.invalidPayload(.binaryEvent)) {
            try decode(#"51-{"_placeholder":true,"num":0}"#)
        }
        var decoder = SocketIOPacketDecoder()
        #expect(try decoder.decode(text: #"51-["e",{"_placeholder":true,"num":0}]"#) == .needMoreData)
        #expect(try decoder.decode(binary: Array("1234".utf8)) == .packet(.event("e", [.binary(Array("1234".utf8))])))
    }

    @Test("test_encode_text_ack_packet / test_decode_text_ack_packet")
    func textAckPacket() throws {
        let ack = SocketIOPacket(type: .ack, data: ["foo"])
        #expect(try encode(ack).text == #"3["foo"]"#)
        #expect(try decode(#"3["foo"]"#) == .packet(ack))
    }

    @Test("test_encode_binary_ack_packet / test_decode_binary_ack_packet (array form)")
    func binaryAckPacket() throws {
        let wire = try encode(SocketIOPacket(type: .ack, data: .binary(Array("1234".utf8))))
        #expect(
            wire == SocketIOWirePacket(text: #"61-{"_placeholder":true,"num":0}"#, attachments: [Array("1234".utf8)]))
        #expect(throws: SocketIODecodingError.invalidPayload(.binaryAck)) {
            try decode(#"61-{"_placeholder":true,"num":0}"#)
        }
        var decoder = SocketIOPacketDecoder()
        #expect(try decoder.decode(text: #"61-[{"_placeholder":true,"num":0}]"#) == .needMoreData)
        #expect(
            try decoder.decode(binary: Array("1234".utf8))
                == .packet(SocketIOPacket(type: .ack, data: [.binary(Array("1234".utf8))])))
    }

    @Test("test_invalid_binary_packet: CONNECT_ERROR cannot carry bytes")
    func invalidBinaryPacket() {
        #expect(throws: SocketIOEncodingError.binaryNotAllowed(.connectError)) {
            try encode(SocketIOPacket(type: .connectError, data: .binary(Array("123".utf8))))
        }
    }

    @Test(
        "test_encode_namespace / decode, with hyphens, with an id",
        arguments: [
            (SocketIOPacket.event("foo", namespace: "/bar"), #"2/bar,["foo"]"#),
            (.event("foo", namespace: "/b-a-r"), #"2/b-a-r,["foo"]"#),
            (.event("f-o-o"), #"2["f-o-o"]"#),
            (.event("foo", ackId: 123), #"2123["foo"]"#),
            (.event("foo", namespace: "/bar", ackId: 123), #"2/bar,123["foo"]"#),
        ] as [(SocketIOPacket, String)]
    )
    func namespacesAndIds(packet: SocketIOPacket, text: String) throws {
        #expect(try encode(packet).text == text)
        #expect(try decode(text) == .packet(packet))
    }

    @Test("test_decode_namespace_with_query_string: the query stays in the namespace, as in socket.io-parser")
    func namespaceWithQueryString() throws {
        #expect(try decode(#"2/bar?a=b,["foo"]"#) == .packet(.event("foo", namespace: "/bar?a=b")))
    }

    @Test("test_encode_namespace_no_data / test_encode_id_no_data; decoding them is rejected (payload mandatory)")
    func noData() throws {
        #expect(try encode(SocketIOPacket(type: .event, namespace: "/bar")).text == "2/bar,")
        #expect(try encode(SocketIOPacket(type: .event, ackId: 123)).text == "2123")
        #expect(throws: SocketIODecodingError.invalidPayload(.event)) { try decode("2/bar,") }
        #expect(throws: SocketIODecodingError.invalidPayload(.event)) { try decode("2123") }
    }

    @Test("test_decode_id_long / test_decode_id_too_long: ids beyond 2^53 - 1 are rejected")
    func longIds() {
        let hundredOnes = String(repeating: "1", count: 100)
        #expect(throws: SocketIODecodingError.invalidAckId) { try decode("2" + hundredOnes + #"["foo"]"#) }
        #expect(throws: SocketIODecodingError.invalidAckId) { try decode("2" + hundredOnes + "1") }
        #expect(throws: SocketIODecodingError.invalidAckId) { try decode("2" + hundredOnes + #"1["foo"]"#) }
    }

    @Test("test_encode_many_binary / test_encode_many_binary_ack: two attachments, placeholders in place")
    func encodeManyBinary() throws {
        let data: SocketIOValue = [
            "a": "123", "b": .binary(Array("456".utf8)), "c": [.binary(Array("789".utf8)), 123],
        ]
        let text = #"{"a":"123","b":{"_placeholder":true,"num":0},"c":[{"_placeholder":true,"num":1},123]}"#
        let attachments = [Array("456".utf8), Array("789".utf8)]
        #expect(
            try encode(SocketIOPacket(type: .event, data: data))
                == SocketIOWirePacket(text: "52-" + text, attachments: attachments))
        #expect(
            try encode(SocketIOPacket(type: .ack, data: data))
                == SocketIOWirePacket(text: "62-" + text, attachments: attachments))
    }

    @Test("test_decode_many_binary / _ack (array form), and test_decode_too_many_binary_packets")
    func decodeManyBinary() throws {
        let object = #"{"a":"123","b":{"_placeholder":true,"num":0},"c":[{"_placeholder":true,"num":1},123]}"#
        let expected: SocketIOValue = [
            "a": "123", "b": .binary(Array("456".utf8)), "c": [.binary(Array("789".utf8)), 123],
        ]
        for (text, packet) in [
            ("52-[\"many\"," + object + "]", SocketIOPacket.event("many", [expected])),
            ("62-5[" + object + "]", SocketIOPacket.ack([expected], ackId: 5)),
        ] {
            var decoder = SocketIOPacketDecoder()
            #expect(try decoder.decode(text: text) == .needMoreData)
            #expect(try decoder.decode(binary: Array("456".utf8)) == .needMoreData)
            #expect(try decoder.decode(binary: Array("789".utf8)) == .packet(packet))
            #expect(throws: SocketIODecodingError.unexpectedBinary) { try decoder.decode(binary: Array("123".utf8)) }
        }
    }

    @Test("test_decode_attachment_count_too_long")
    func attachmentCountTooLong() {
        #expect(throws: SocketIODecodingError.tooManyAttachments(limit: 10)) {
            try decode("6" + String(repeating: "1", count: 11) + #"-{"a":"123"}"#)
        }
    }

    @Test("test_decode_dash_in_payload: a dash inside the JSON is not an attachment count")
    func dashInPayload() throws {
        #expect(try decode(#"3["0123456789-"]"#) == .packet(SocketIOPacket(type: .ack, data: ["0123456789-"])))
        #expect(try decode(#"2["a-b","0123456789-"]"#) == .packet(.event("a-b", ["0123456789-"])))
        #expect(throws: SocketIODecodingError.illegalAttachments) { try decode(#"6{"a":"0123456789-"}"#) }
    }

    @Test("test_data_is_binary_list / test_data_is_binary_dict")
    func dataIsBinary() {
        #expect(!SocketIOValue.array(["foo"]).containsBinary)
        #expect(!SocketIOValue.array([]).containsBinary)
        #expect(SocketIOValue.array([.binary(Array("foo".utf8))]).containsBinary)
        #expect(SocketIOValue.array(["foo", .binary(Array("bar".utf8))]).containsBinary)
        #expect(!SocketIOValue.object(["a": "foo"]).containsBinary)
        #expect(!SocketIOValue.object([:]).containsBinary)
        #expect(SocketIOValue.object(["a": .binary(Array("foo".utf8))]).containsBinary)
        #expect(SocketIOValue.object(["a": "foo", "b": .binary(Array("bar".utf8))]).containsBinary)
    }
}
