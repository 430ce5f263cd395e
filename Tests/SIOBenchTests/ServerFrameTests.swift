// SPDX-License-Identifier: MIT

import SIOWebSocket
import Testing
@testable import SIOBench

@Suite("Server frames and client frames")
struct ServerFrameTests {
    @Test("finds an unmasked text frame in place")
    func textFrame() throws {
        let bytes: [UInt8] = [0x81, 0x03] + Array("42x".utf8) + [0x89, 0x00]
        let frame = try #require(try ServerFrame.parse(bytes[...], at: 0))
        #expect(frame.fin && frame.opcode == .text)
        #expect(Array(bytes[frame.payload]) == Array("42x".utf8))
        let ping = try #require(try ServerFrame.parse(bytes[...], at: frame.payload.upperBound))
        #expect(ping.opcode == .ping && ping.payload.isEmpty)
    }

    @Test("waits for the rest of a frame cut anywhere", arguments: 0..<134)
    func incomplete(cut: Int) throws {
        let payload = [UInt8](repeating: 0x61, count: 130)
        let bytes: [UInt8] = [0x81, 126, 0, 130] + payload
        #expect(try ServerFrame.parse(bytes[..<cut], at: 0) == nil)
        let frame = try #require(try ServerFrame.parse(bytes[...], at: 0))
        #expect(frame.payload == 4..<134)
    }

    @Test("reads the 64-bit length form")
    func longLength() throws {
        let bytes: [UInt8] = [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0] + [UInt8](repeating: 7, count: 65_536)
        let frame = try #require(try ServerFrame.parse(bytes[...], at: 0))
        #expect(frame.opcode == .binary && frame.payload.count == 65_536)
    }

    @Test("refuses a masked frame from a server (RFC 6455 §5.1)")
    func masked() {
        #expect(throws: ServerFrame.Failure.self) { try ServerFrame.parse([0x81, 0x81, 1, 2, 3, 4, 5][...], at: 0) }
    }

    @Test("refuses reserved bits and unknown opcodes")
    func reserved() {
        #expect(throws: ServerFrame.Failure.self) { try ServerFrame.parse([0xC1, 0x00][...], at: 0) }
        #expect(throws: ServerFrame.Failure.self) { try ServerFrame.parse([0x83, 0x00][...], at: 0) }
    }

    @Test("a client frame decodes with the server's own parser", arguments: [0, 5, 125, 126, 70_000])
    func clientFrameRoundTrip(length: Int) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var buffer: [UInt8] = [9, 9]
        var random = SplitMix64(seed: 42)
        ClientFrameWriter.append(opcode: .text, payload: payload, to: &buffer, random: &random)
        var parser = WebSocketFrameParser(role: .server, maxFrameSize: 1 << 20)
        parser.append(buffer.dropFirst(2))
        guard case .frame(let frame) = try parser.nextFrame() else {
            Issue.record("no frame")
            return
        }
        #expect(frame.opcode == .text && frame.fin)
        #expect(frame.payload == payload)
    }
}
