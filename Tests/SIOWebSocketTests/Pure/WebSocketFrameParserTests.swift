// SPDX-License-Identifier: MIT

import Testing

@testable import SIOWebSocket
import SIOTestSupport

struct WebSocketFrameParserTests {
    /// Feeds `bytes` in the given pieces and collects every frame, calling `nextFrame` after each piece.
    private func parse(
        _ pieces: [[UInt8]], role: WebSocketRole, maxFrameSize: Int = 1 << 20
    ) throws(WebSocketProtocolError) -> [WebSocketFrame] {
        var parser = WebSocketFrameParser(role: role, maxFrameSize: maxFrameSize)
        var frames: [WebSocketFrame] = []
        for piece in pieces {
            parser.append(piece)
            while case .frame(let frame) = try parser.nextFrame() {
                frames.append(frame)
            }
        }
        return frames
    }

    private func parse(_ bytes: [UInt8], role: WebSocketRole) throws(WebSocketProtocolError) -> [WebSocketFrame] {
        try parse([bytes], role: role)
    }

    // MARK: RFC 6455 §5.7 examples

    @Test("decodes the RFC 6455 §5.7 unmasked text frame as a client")
    func unmaskedHello() throws {
        #expect(try parse([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], role: .client) == [.text("Hello")])
    }

    @Test("decodes and unmasks the RFC 6455 §5.7 masked text frame as a server")
    func maskedHello() throws {
        let bytes: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        #expect(try parse(bytes, role: .server) == [.text("Hello")])
    }

    @Test("decodes the RFC 6455 §5.7 fragmented text as two frames, FIN clear then set")
    func fragmented() throws {
        let frames = try parse([0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F], role: .client)
        #expect(
            frames == [
                WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)),
                WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8)),
            ])
    }

    @Test("decodes the RFC 6455 §5.7 unmasked ping and masked pong")
    func pingAndPong() throws {
        let hello = Array("Hello".utf8)
        #expect(try parse([0x89, 0x05] + hello, role: .client) == [.ping(hello)])
        let pong: [UInt8] = [0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        #expect(try parse(pong, role: .server) == [.pong(hello)])
    }

    @Test("decodes the RFC 6455 §5.7 256-byte and 64 KiB binary frames")
    func extendedLengths() throws {
        let small = [UInt8](repeating: 7, count: 256)
        #expect(try parse([0x82, 0x7E, 0x01, 0x00] + small, role: .client) == [.binary(small)])
        let large = (0..<65536).map { UInt8(truncatingIfNeeded: $0) }
        let header: [UInt8] = [0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00]
        #expect(try parse(header + large, role: .client) == [.binary(large)])
    }

    // MARK: Bytes split anywhere

    @Test("parses a stream fed one byte at a time")
    func byteByByte() throws {
        let frames: [WebSocketFrame] = [
            .text("Hello"), .ping([1, 2, 3]), .binary([UInt8](repeating: 9, count: 300)), .close(code: .goingAway),
        ]
        let stream = frames.flatMap { clientBytes($0) }
        #expect(try parse(stream.map { [$0] }, role: .server) == frames)
    }

    @Test("parses the same frames whatever the split points", arguments: [1, 2, 3, 1000] as [UInt64])
    func randomSplits(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        // Every length form and its edges; odd lengths so that frames start at every key phase.
        let frames: [WebSocketFrame] = [0, 1, 7, 125, 126, 127, 200, 65535, 65536, 3, 70001].enumerated().map {
            let payload = (0..<$1).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            return WebSocketFrame(fin: $0 % 3 != 0, opcode: .binary, payload: payload)
        }
        let stream = frames.flatMap { clientBytes($0, key: .random(using: &generator)) }
        let pieces = randomSplit(stream, maxPiece: 3000, using: &generator)
        #expect(try parse(pieces, role: .server) == frames)
    }

    @Test("needs more data until the last header byte, then until the last payload byte")
    func needMoreData() throws {
        var parser = WebSocketFrameParser(role: .server, maxFrameSize: 1024)
        let bytes = clientBytes(.text("Hello"))  // 2 header + 4 key + 5 payload
        for byte in bytes.dropLast() {
            parser.append([byte])
            #expect(try parser.nextFrame() == .needMoreData)
        }
        parser.append([bytes.last!])
        #expect(try parser.nextFrame() == .frame(.text("Hello")))
        #expect(try parser.nextFrame() == .needMoreData)
    }

    @Test("shows the unmasked part of a frame whose payload is still arriving")
    func frameInProgress() throws {
        var parser = WebSocketFrameParser(role: .server, maxFrameSize: 1024)
        parser.append(clientBytes(.text("Hello")).dropLast(2))
        #expect(try parser.nextFrame() == .needMoreData)
        let partial = try #require(parser.frameInProgress)
        #expect(partial.opcode == .text)
        #expect(partial.length == 5)
        #expect(Array(partial.received) == Array("Hel".utf8))
    }

    // MARK: Header rules (§5.1, §5.2, §5.5)

    @Test(
        "refuses a frame header that breaks a rule, as soon as the bad byte arrives",
        arguments: [
            // RSV1, RSV2, RSV3: no extension was negotiated.
            ([0b1100_0001, 0b1000_0000], WebSocketProtocolError.reservedBitsSet),
            ([0b1010_0001, 0b1000_0000], .reservedBitsSet),
            ([0b1001_0001, 0b1000_0000], .reservedBitsSet),
            // Reserved opcodes 0x3 and 0xB.
            ([0b1000_0011, 0b1000_0000], .unknownOpcode(3)),
            ([0b1000_1011, 0b1000_0000], .unknownOpcode(11)),
            // A client frame without MASK.
            ([0b1000_0001, 0b0000_0000], .unmaskedFrameFromClient),
            // A ping without FIN, and a ping announcing 126 bytes.
            ([0b0000_1001, 0b1000_0000], .fragmentedControlFrame),
            ([0b1000_1001, 0b1111_1110], .controlFrameTooLong),
            // A 64-bit length with the top bit set.
            ([0b1000_0010, 0b1111_1111, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4], .invalidPayloadLength),
        ])
    func headerRules(bytes: [UInt8], error: WebSocketProtocolError) {
        #expect(throws: error) { try parse(bytes, role: .server) }
    }

    @Test("refuses a masked frame from the server")
    func maskedServerFrame() {
        #expect(throws: WebSocketProtocolError.maskedFrameFromServer) {
            try parse(clientBytes(.text("Hello")), role: .client)
        }
    }

    @Test("refuses a frame above the maximum from its header alone, before any payload arrives")
    func frameTooLarge() {
        // 127 + 2^40: announces a terabyte, sends nothing more.
        let header: [UInt8] = [0x82, 0xFF, 0, 0, 0, 0x01, 0, 0, 0, 0, 1, 2, 3, 4]
        #expect(throws: WebSocketProtocolError.frameTooLarge) { try parse([header], role: .server) }
        let justOver = WebSocketFrame.binary([UInt8](repeating: 0, count: 1025)).encodedHeader(maskingKey: rfcKey)
        #expect(throws: WebSocketProtocolError.frameTooLarge) {
            try parse([justOver], role: .server, maxFrameSize: 1024)
        }
        let atMax = clientBytes(.binary([UInt8](repeating: 0, count: 1024)))
        #expect(throws: Never.self) { try parse([atMax], role: .server, maxFrameSize: 1024) }
    }

    @Test("accepts a control frame of exactly 125 bytes")
    func controlFrameAtLimit() throws {
        let payload = [UInt8](repeating: 1, count: 125)
        #expect(try parse(clientBytes(.ping(payload)), role: .server) == [.ping(payload)])
    }
}
