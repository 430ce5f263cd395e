// SPDX-License-Identifier: MIT

import SIOServer
import Testing

@Suite("Socket.IO binary attachments (deconstruct, then reconstruct)")
struct SocketIOBinaryTests {
    /// Feeds a text message and its attachments, as the Engine.IO layer would, and returns the packet.
    private func receive(_ wire: SocketIOWirePacket, maxAttachments: Int = 10) throws -> SocketIOPacket? {
        var decoder = SocketIOPacketDecoder(maxAttachments: maxAttachments)
        var output = try decoder.decode(text: wire.text)
        for attachment in wire.attachments {
            #expect(output == .needMoreData)
            #expect(decoder.isAwaitingAttachments)
            output = try decoder.decode(binary: attachment)
        }
        #expect(!decoder.isAwaitingAttachments)
        guard case .packet(let packet) = output else { return nil }
        return packet
    }

    @Test("v5 test suite: an event with two attachments is rebuilt with the bytes in place")
    func decodesSuiteBinaryEvent() throws {
        let wire = SocketIOWirePacket(
            text: #"52-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},"test"]"#,
            attachments: [[1, 2, 3], [4, 5, 6]]
        )
        let packet = try receive(wire)
        #expect(packet == .event("message", [.binary([1, 2, 3]), .binary([4, 5, 6]), "test"]))
        #expect(packet?.type == .event)
    }

    @Test("v5 test suite: a binary event with ack id 789 is answered by a BINARY_ACK with the same id")
    func answersBinaryEventWithAck() throws {
        let wire = SocketIOWirePacket(
            text: #"52-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},"test"]"#,
            attachments: [[1, 2, 3], [4, 5, 6]]
        )
        let event = try #require(try receive(wire))
        #expect(event.ackId == 789)
        #expect(event.eventName == "message-with-ack")
        let reply = try SocketIOPacketEncoder.encode(.ack(event.arguments, ackId: try #require(event.ackId)))
        #expect(reply.text == #"62-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},"test"]"#)
        #expect(reply.attachments == [[1, 2, 3], [4, 5, 6]])
    }

    @Test("v5 test suite: a plain event with ack id 456 is answered by ACK 456 with the same arguments")
    func answersPlainEventWithAck() throws {
        var decoder = SocketIOPacketDecoder()
        let output = try decoder.decode(text: #"2456["message-with-ack",1,"2",{"3":[false]}]"#)
        guard case .packet(let event) = output else {
            Issue.record("expected a packet")
            return
        }
        let reply = try SocketIOPacketEncoder.encode(.ack(event.arguments, ackId: 456))
        #expect(reply == SocketIOWirePacket(text: #"3456[1,"2",{"3":[false]}]"#))
    }

    @Test("a binary ack comes back as an ACK with its bytes")
    func decodesBinaryAck() throws {
        let wire = SocketIOWirePacket(text: #"61-/admin,1[{"_placeholder":true,"num":0}]"#, attachments: [[0xFF]])
        #expect(try receive(wire) == .ack([.binary([0xFF])], namespace: "/admin", ackId: 1))
    }

    @Test(
        "binary payloads round-trip through encoder and decoder",
        arguments: [
            SocketIOPacket.event("baz", [.binary([1, 2, 3, 4])]),
            .event(
                "upload", [["name": "a.png", "data": .binary(Array(0...255))], .binary([])], namespace: "/files",
                ackId: 3),
            .event("deep", [[[[.binary([1])]]], ["k": ["j": .binary([2]), "i": [.binary([3]), "x"]]]]),
            .ack([.binary([9, 9]), 1, "two"], namespace: "/n", ackId: 42),
            .event("ten", (0..<10).map { .binary([UInt8($0)]) }),
        ]
    )
    func roundTrips(packet: SocketIOPacket) throws {
        let wire = try SocketIOPacketEncoder.encode(packet)
        #expect(wire.attachments.count == packet.data?.binaryCount)
        #expect(try receive(wire) == packet)
    }

    @Test("attachments are numbered depth-first, in the order they appear in the text")
    func numbersDepthFirst() throws {
        let wire = try SocketIOPacketEncoder.encode(
            .event("order", [["b": .binary([2]), "a": [.binary([3])]], .binary([4])]))
        #expect(
            wire.text
                == #"53-["order",{"b":{"_placeholder":true,"num":0},"a":[{"_placeholder":true,"num":1}]},{"_placeholder":true,"num":2}]"#
        )
        #expect(wire.attachments == [[2], [3], [4]])
    }

    @Test(
        "rejects placeholders that do not point at a received attachment",
        arguments: [
            #"52-["x",{"_placeholder":true,"num":2}]"#,
            #"52-["x",{"_placeholder":true,"num":-1}]"#,
            #"52-["x",{"_placeholder":true,"num":0.5}]"#,
            #"52-["x",{"_placeholder":true,"num":"0"}]"#,
            #"52-["x",{"_placeholder":true}]"#,
            #"52-["x",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1,"extra":1},{"_placeholder":true,"num":7}]"#,
        ]
    )
    func rejectsBadPlaceholders(text: String) throws {
        var decoder = SocketIOPacketDecoder()
        #expect(try decoder.decode(text: text) == .needMoreData)
        #expect(try decoder.decode(binary: [1]) == .needMoreData)
        #expect(throws: SocketIODecodingError.invalidPlaceholder) { try decoder.decode(binary: [2]) }
        #expect(!decoder.isAwaitingAttachments)
    }

    @Test("an object whose _placeholder is not true stays an ordinary object")
    func keepsLookalikes() throws {
        let wire = SocketIOWirePacket(
            text: #"51-["x",{"_placeholder":false,"num":0},{"_placeholder":true,"num":0}]"#,
            attachments: [[7]]
        )
        #expect(try receive(wire) == .event("x", [["_placeholder": false, "num": 0], .binary([7])]))
    }

    @Test("enforces maxAttachments, however long the count is")
    func limitsAttachments() {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: SocketIODecodingError.tooManyAttachments(limit: 10)) { try decoder.decode(text: #"511-["x"]"#) }
        #expect(throws: SocketIODecodingError.tooManyAttachments(limit: 10)) {
            try decoder.decode(text: "5" + String(repeating: "9", count: 1000) + #"-["x"]"#)
        }
        var strict = SocketIOPacketDecoder(maxAttachments: 2)
        let three =
            #"53-["hello",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},{"_placeholder":true,"num":2}]"#
        #expect(throws: SocketIODecodingError.tooManyAttachments(limit: 2)) { try strict.decode(text: three) }
        #expect(!strict.isAwaitingAttachments)
    }

    @Test("text while attachments are expected, or bytes nobody announced, are protocol errors")
    func rejectsOutOfOrderMessages() throws {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: SocketIODecodingError.unexpectedBinary) { try decoder.decode(binary: [1]) }
        #expect(try decoder.decode(text: #"51-["x",{"_placeholder":true,"num":0}]"#) == .needMoreData)
        #expect(throws: SocketIODecodingError.unexpectedText) { try decoder.decode(text: #"2["y"]"#) }
    }

    @Test("reset drops a half-received packet, and decoding resumes (socket.io-parser destroy())")
    func resets() throws {
        var decoder = SocketIOPacketDecoder()
        #expect(try decoder.decode(text: #"51-["hello"]"#) == .needMoreData)
        decoder.reset()
        #expect(try decoder.decode(text: #"2["hello"]"#) == .packet(.event("hello")))
    }

    @Test("an attachment no placeholder mentions is accepted and dropped, as in Node")
    func ignoresUnusedAttachments() throws {
        let wire = SocketIOWirePacket(text: #"51-["hello"]"#, attachments: [[1, 2]])
        #expect(try receive(wire) == .event("hello"))
    }

    @Test("a placeholder as the event name is rejected before any attachment arrives")
    func rejectsBinaryEventName() {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: SocketIODecodingError.invalidPayload(.binaryEvent)) {
            try decoder.decode(text: #"51-[{"_placeholder":true,"num":0}]"#)
        }
        #expect(throws: SocketIODecodingError.invalidPayload(.binaryAck)) {
            try decoder.decode(text: #"61-{"_placeholder":true,"num":0}"#)
        }
    }
}
