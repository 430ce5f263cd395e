// SPDX-License-Identifier: MIT

import SIOServer
import Testing

@Suite("Socket.IO packet encoder (v5 text format)")
struct SocketIOPacketEncoderTests {
    /// Every example of the v5 spec ("Packet encoding") and of protocol.md §1.2. The wire adds Engine.IO's
    /// `4` in front: `2["foo"]` travels as `42["foo"]`.
    @Test(
        "encodes the spec examples byte for byte",
        arguments: [
            (SocketIOPacket(type: .connect), "0"),
            (
                SocketIOPacket(type: .connect, namespace: "/admin", data: ["sid": "oSO0OpakMV_3jnilAAAA"]),
                #"0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}"#
            ),
            (
                SocketIOPacket(type: .connect, data: ["sid": "wZX3oN0bSVIhsaknAAAI"]),
                #"0{"sid":"wZX3oN0bSVIhsaknAAAI"}"#
            ),
            (
                SocketIOPacket(type: .connect, namespace: "/admin", data: ["sid": "-G5j-67EZFp-q59rADQM"]),
                #"0/admin,{"sid":"-G5j-67EZFp-q59rADQM"}"#
            ),
            (
                SocketIOPacket(type: .connectError, data: ["message": "Not authorized"]),
                #"4{"message":"Not authorized"}"#
            ),
            (
                SocketIOPacket(type: .connectError, namespace: "/random", data: ["message": "Invalid namespace"]),
                #"4/random,{"message":"Invalid namespace"}"#
            ),
            (
                SocketIOPacket(type: .connectError, data: ["message": "bad token", "data": ["code": 401]]),
                #"4{"message":"bad token","data":{"code":401}}"#
            ),
            (SocketIOPacket(type: .connectError, data: "Unauthorized"), #"4"Unauthorized""#),
            (.event("foo"), #"2["foo"]"#),
            (.event("bar", namespace: "/admin"), #"2/admin,["bar"]"#),
            (.event("foo", ackId: 12), #"212["foo"]"#),
            (.event("hey", ["Jude"]), #"2["hey","Jude"]"#),
            (.event("tellme", namespace: "/admin", ackId: 1), #"2/admin,1["tellme"]"#),
            (.ack([], ackId: 12), "312[]"),
            (.ack(["bar"], namespace: "/admin", ackId: 13), #"3/admin,13["bar"]"#),
            (SocketIOPacket(type: .disconnect), "1"),
            (SocketIOPacket(type: .disconnect, namespace: "/admin"), "1/admin,"),
            (.event("a", [1, [:]], namespace: "/test", ackId: 1), #"2/test,1["a",1,{}]"#),
            (SocketIOPacket(type: .event, data: [1, "a", [:]]), #"2[1,"a",{}]"#),
            (.ack(["a", 1, [:]], ackId: 123), #"3123["a",1,{}]"#),
        ] as [(SocketIOPacket, String)]
    )
    func encodesSpecExamples(packet: SocketIOPacket, expected: String) throws {
        #expect(try SocketIOPacketEncoder.encode(packet) == SocketIOWirePacket(text: expected))
    }

    @Test(
        "turns binary leaves into numbered placeholders and attachments",
        arguments: [
            (
                .event("baz", [.binary([1, 2, 3, 4])]),
                #"51-["baz",{"_placeholder":true,"num":0}]"#, [[1, 2, 3, 4]]
            ),
            (
                .event("baz", [.binary([1, 2]), .binary([3, 4])], namespace: "/admin"),
                #"52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#, [[1, 2], [3, 4]]
            ),
            (
                .ack(["bar", .binary([1, 2, 3, 4])], ackId: 15),
                #"61-15["bar",{"_placeholder":true,"num":0}]"#, [[1, 2, 3, 4]]
            ),
            (
                .ack([.binary([9])], namespace: "/admin", ackId: 1),
                #"61-/admin,1[{"_placeholder":true,"num":0}]"#, [[9]]
            ),
            (
                .ack([.binary([1, 2, 3]), .binary([4, 5, 6]), "test"], ackId: 789),
                #"62-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},"test"]"#,
                [[1, 2, 3], [4, 5, 6]]
            ),
            (
                .event("file", [["name": "a.bin", "parts": [.binary([]), ["deep": .binary([7])]]]]),
                #"52-["file",{"name":"a.bin","parts":[{"_placeholder":true,"num":0},{"deep":{"_placeholder":true,"num":1}}]}]"#,
                [[], [7]]
            ),
        ] as [(SocketIOPacket, String, [[UInt8]])]
    )
    func encodesBinary(packet: SocketIOPacket, text: String, attachments: [[UInt8]]) throws {
        #expect(try SocketIOPacketEncoder.encode(packet) == SocketIOWirePacket(text: text, attachments: attachments))
    }

    @Test("picks the packet type from the data: binary types only when bytes are present")
    func normalizesBinaryTypes() throws {
        let plainButBinaryType = SocketIOPacket(type: .binaryEvent, data: ["x"])
        #expect(try SocketIOPacketEncoder.encode(plainButBinaryType).text == #"2["x"]"#)
        let plainAck = SocketIOPacket(type: .binaryAck, ackId: 3, data: [])
        #expect(try SocketIOPacketEncoder.encode(plainAck).text == "33[]")
    }

    @Test("encodeEvent writes the same bytes as encoding the EVENT packet")
    func encodeEventMatchesEncode() throws {
        let arguments: [SocketIOValue] = ["hello", 1.5, ["a": .binary([1])], .null, .binary([2, 3])]
        let direct = try SocketIOPacketEncoder.encodeEvent("news", arguments, namespace: "/feed", ackId: 4)
        let viaPacket = try SocketIOPacketEncoder.encode(.event("news", arguments, namespace: "/feed", ackId: 4))
        #expect(direct == viaPacket)
        #expect(
            direct.text
                == #"52-/feed,4["news","hello",1.5,{"a":{"_placeholder":true,"num":0}},null,{"_placeholder":true,"num":1}]"#
        )
        #expect(try SocketIOPacketEncoder.encodeEvent("ping", []).text == #"2["ping"]"#)
    }

    @Test("a packet without data has no payload section")
    func omitsMissingData() throws {
        #expect(try SocketIOPacketEncoder.encode(SocketIOPacket(type: .event, ackId: 123)).text == "2123")
        #expect(try SocketIOPacketEncoder.encode(SocketIOPacket(type: .event, namespace: "/bar")).text == "2/bar,")
        #expect(try SocketIOPacketEncoder.encode(SocketIOPacket(type: .event)).text == "2")
    }

    @Test(
        "refuses namespaces the wire format cannot carry",
        arguments: ["/a,b", "admin", "", ","]
    )
    func refusesBadNamespaces(namespace: String) {
        #expect(throws: SocketIOEncodingError.invalidNamespace(namespace)) {
            try SocketIOPacketEncoder.encode(.event("hello", namespace: namespace))
        }
        #expect(throws: SocketIOEncodingError.invalidNamespace(namespace)) {
            try SocketIOPacketEncoder.encodeEvent("hello", [.binary([1, 2, 3])], namespace: namespace)
        }
    }

    @Test("encodes every namespace the decoder reads, even a slash joined to a combining mark (found by fuzzing)")
    func encodesDecodedNamespaces() throws {
        // U+07AC, a Thaana vowel sign, makes "/" and itself one Character, which is not "/".
        var decoder = SocketIOPacketDecoder()
        #expect(try decoder.decode(text: "0/\u{07AC}x") == .packet(SocketIOPacket(type: .connect, namespace: "/\u{07AC}x")))
        // The server refuses that unknown namespace in a CONNECT_ERROR for it, which must encode.
        let refusal = SocketIOPacket(type: .connectError, namespace: "/\u{07AC}x", data: ConnectError.invalidNamespace.payload)
        #expect(try SocketIOPacketEncoder.encode(refusal).text == #"4/\#u{07AC}x,{"message":"Invalid namespace"}"#)
    }

    @Test("refuses negative ack ids and bytes in packets that cannot carry attachments")
    func refusesOtherMistakes() {
        #expect(throws: SocketIOEncodingError.invalidAckId(-1)) {
            try SocketIOPacketEncoder.encode(.ack([], ackId: -1))
        }
        for type in [SocketIOPacketType.connect, .disconnect, .connectError] {
            #expect(throws: SocketIOEncodingError.binaryNotAllowed(type)) {
                try SocketIOPacketEncoder.encode(SocketIOPacket(type: type, data: ["blob": .binary([1])]))
            }
        }
    }

    @Test("encoding errors explain themselves")
    func describesErrors() {
        #expect(
            SocketIOEncodingError.invalidNamespace("/a,b").description
                == #"invalid namespace "/a,b": must start with "/" and must not contain a comma"#)
        #expect(
            SocketIOEncodingError.binaryNotAllowed(.connect).description
                == "packet type connect cannot carry binary data")
    }
}
