// SPDX-License-Identifier: MIT

import Testing

@testable import SIOWebSocket
import SIOTestSupport

/// The encoder, checked against the examples of RFC 6455 §5.7 byte for byte.
struct WebSocketFrameTests {
    @Test("encodes a single-frame unmasked text message (RFC 6455 §5.7)")
    func unmaskedHello() {
        #expect(WebSocketFrame.text("Hello").encoded() == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
    }

    @Test("encodes a single-frame masked text message (RFC 6455 §5.7)")
    func maskedHello() {
        #expect(
            WebSocketFrame.text("Hello").encoded(maskingKey: rfcKey)
                == [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
    }

    @Test("encodes a fragmented unmasked text message (RFC 6455 §5.7)")
    func fragmentedHello() {
        let first = WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8))
        let last = WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8))
        #expect(first.encoded() == [0x01, 0x03, 0x48, 0x65, 0x6C])
        #expect(last.encoded() == [0x80, 0x02, 0x6C, 0x6F])
    }

    @Test("encodes an unmasked ping and a masked pong (RFC 6455 §5.7)")
    func pingAndPong() {
        let hello = Array("Hello".utf8)
        #expect(WebSocketFrame.ping(hello).encoded() == [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(
            WebSocketFrame.pong(hello).encoded(maskingKey: rfcKey)
                == [0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
    }

    @Test("writes 256 bytes as 126 plus a 16-bit length (RFC 6455 §5.7)")
    func header256() {
        let frame = WebSocketFrame.binary([UInt8](repeating: 0xAB, count: 256))
        #expect(frame.encodedHeader() == [0x82, 0x7E, 0x01, 0x00])
        #expect(frame.encoded().count == 4 + 256)
    }

    @Test("writes 64 KiB as 127 plus a 64-bit length (RFC 6455 §5.7)")
    func header64KiB() {
        let frame = WebSocketFrame.binary([UInt8](repeating: 0, count: 65536))
        #expect(frame.encodedHeader() == [0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00])
    }

    /// The boundaries between the three length forms, as bits of byte 1 (FlyingFox's WSFrameEncoderTests style).
    @Test(
        "uses the shortest length form at each boundary",
        arguments: [
            (0, [0b0000_0000]), (125, [0b0111_1101]),
            (126, [0b0111_1110, 0x00, 0x7E]), (65535, [0b0111_1110, 0xFF, 0xFF]),
            (65536, [0b0111_1111, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00]),
        ])
    func lengthForms(length: Int, lengthBytes: [UInt8]) {
        let frame = WebSocketFrame.binary([UInt8](repeating: 0, count: length))
        #expect(frame.encodedHeader() == [0b1000_0010] + lengthBytes)
        #expect(
            frame.encodedHeader(maskingKey: rfcKey) == [0b1000_0010, lengthBytes[0] | 0b1000_0000]
                + lengthBytes.dropFirst() + [0x37, 0xFA, 0x21, 0x3D])
    }

    @Test("sets FIN and the opcode in byte 0")
    func firstByte() {
        #expect(WebSocketFrame(fin: false, opcode: .binary).encodedHeader()[0] == 0b0000_0010)
        #expect(WebSocketFrame(fin: true, opcode: .continuation).encodedHeader()[0] == 0b1000_0000)
        #expect(WebSocketFrame.close(code: nil).encodedHeader()[0] == 0b1000_1000)
        #expect(WebSocketFrame.pong().encodedHeader()[0] == 0b1000_1010)
    }

    @Test("puts the close code big-endian before the reason")
    func closePayload() {
        #expect(WebSocketFrame.close(code: .normalClosure).payload == [0x03, 0xE8])
        #expect(WebSocketFrame.close(code: .goingAway, reason: "bye").payload == [0x03, 0xE9, 0x62, 0x79, 0x65])
        #expect(WebSocketFrame.close(code: nil).payload == [])
    }

    @Test("cuts a long close reason at a whole character so the payload fits in 125 bytes")
    func closeReasonIsTruncated() throws {
        let reason = String(repeating: "a", count: 122) + "é"  // 122 + 2 bytes: one too many
        let frame = WebSocketFrame.close(code: .normalClosure, reason: reason)
        #expect(frame.payload.count == 124)
        #expect(try frame.closeStatus()?.reason == String(repeating: "a", count: 122))
    }

    @Test("reads back the code and reason of a close frame")
    func closeStatusRoundTrip() throws {
        let status = try WebSocketFrame.close(code: WebSocketCloseCode(rawValue: 4000), reason: "κόσμε").closeStatus()
        #expect(status?.code.rawValue == 4000)
        #expect(status?.reason == "κόσμε")
        #expect(try WebSocketFrame.close(code: nil).closeStatus() == nil)
    }

    @Test("masks 8 bytes at a time exactly as the byte-by-byte definition, at any offset and length")
    func maskingMatchesDefinition() {
        var generator = SplitMix64(seed: 6455)
        for _ in 0..<200 {
            let key = WebSocketMaskingKey.random(using: &generator)
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let lower = Int.random(in: 0...bytes.count, using: &generator)
            let upper = Int.random(in: lower...bytes.count, using: &generator)
            let offset = Int.random(in: 0...7, using: &generator)
            var fast = bytes
            key.apply(to: &fast, in: lower..<upper, payloadOffset: offset)
            var slow = bytes
            for index in lower..<upper {
                slow[index] ^= key[offset + index - lower]
            }
            #expect(fast == slow)
        }
    }
}
