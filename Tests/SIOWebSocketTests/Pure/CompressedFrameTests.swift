// SPDX-License-Identifier: MIT

import SIOEngineIO
@testable import SIOWebSocket
import Testing

/// RSV1 and compressed messages through the frame parser and the state machine (RFC 7692 §6, §7.2.3.1).
@Suite struct CompressedFrameTests {
    static func machine(maxMessageSize: Int = 1 << 20) -> WebSocketStateMachine {
        WebSocketStateMachine(
            role: .server, configuration: .init(maxFrameSize: 1 << 20, maxMessageSize: maxMessageSize),
            deflate: PerMessageDeflate())
    }

    @Test func aCompressedFrameIsWrittenWithRSV1() {
        let frame = WebSocketFrame(opcode: .text, payload: hex("f248cdc9c90700"), compressed: true)
        #expect(hexString(frame.encoded()) == "c107f248cdc9c90700")
    }

    @Test func theCompressedHelloOfSection7231IsDelivered() {
        var machine = Self.machine()
        let bytes = clientBytes(WebSocketFrame(opcode: .text, payload: hex("f248cdc9c90700"), compressed: true))
        #expect(machine.actions(for: bytes) == [.deliver(.text("Hello"))])
    }

    @Test func aFragmentedCompressedMessageIsInflatedWhole() {
        // §7.2.3.1: "0x41 0x03 0xf2 0x48 0xcd" then "0x80 0x04 0xc9 0xc9 0x07 0x00".
        var machine = Self.machine()
        let first = clientBytes(WebSocketFrame(fin: false, opcode: .text, payload: hex("f248cd"), compressed: true))
        let last = clientBytes(WebSocketFrame(opcode: .continuation, payload: hex("c9c90700")))
        #expect(machine.actions(for: first) == [])
        #expect(machine.actions(for: last) == [.deliver(.text("Hello"))])
    }

    @Test func rsv1OnAContinuationOrControlFrameFailsWith1002() {
        var machine = Self.machine()
        let first = clientBytes(WebSocketFrame(fin: false, opcode: .text, payload: hex("f248cd"), compressed: true))
        let last = clientBytes(WebSocketFrame(opcode: .continuation, payload: hex("c9c90700"), compressed: true))
        #expect(machine.actions(for: first + last) == failure(.reservedBitsSet))
        var pinged = Self.machine()
        #expect(pinged.actions(for: clientBytes(WebSocketFrame(opcode: .ping, compressed: true))) == failure(.reservedBitsSet))
    }

    @Test func aZipBombClosesWith1009() {
        var machine = Self.machine(maxMessageSize: 1_000_000)
        let bomb = Deflater(format: .raw(windowBits: 15)).compressMessage([UInt8](repeating: 0x20, count: 10_000_000))
        let actions = machine.actions(for: clientBytes(WebSocketFrame(opcode: .text, payload: bomb, compressed: true)))
        #expect(actions == failure(.messageTooLarge))
        #expect(WebSocketProtocolError.messageTooLarge.closeCode.rawValue == 1009)
    }

    @Test func compressedTextThatIsNotUTF8FailsWith1007() {
        var machine = Self.machine()
        let payload = Deflater(format: .raw(windowBits: 15)).compressMessage([0x48, 0xC3])
        let actions = machine.actions(for: clientBytes(WebSocketFrame(opcode: .text, payload: payload, compressed: true)))
        #expect(actions == failure(.invalidUTF8))
    }
}
