// SPDX-License-Identifier: MIT

import SIOTestSupport
import SIOWebSocket
import Testing

/// Every way a client can break RFC 6455 ends with the close code §7.4.1 gives it, then a closed TCP connection.
@Suite("WebSocket close codes for broken frames, live")
struct WebSocketFailureTests {
    /// One violation: the bytes the client sends, the error the server must see.
    struct Violation: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let bytes: [UInt8]
        let error: WebSocketProtocolError
    }

    static let key = WebSocketMaskingKey(0x37, 0xFA, 0x21, 0x3D)

    static func masked(_ frame: WebSocketFrame) -> [UInt8] { frame.encoded(maskingKey: key) }

    /// A masked frame whose first header byte is `first` (to set reserved bits or opcodes the model refuses).
    static func masked(firstByte first: UInt8, payload: [UInt8] = []) -> [UInt8] {
        var bytes = masked(WebSocketFrame(opcode: .binary, payload: payload))
        bytes[0] = first
        return bytes
    }

    static let violations: [Violation] = [
        Violation(testDescription: "an unmasked frame (1002)", bytes: WebSocketFrame.text("hi").encoded(), error: .unmaskedFrameFromClient),
        Violation(testDescription: "a reserved bit set (1002)", bytes: masked(firstByte: 0b1100_0010), error: .reservedBitsSet),
        Violation(testDescription: "the reserved opcode 3 (1002)", bytes: masked(firstByte: 0b1000_0011), error: .unknownOpcode(3)),
        Violation(testDescription: "a fragmented ping (1002)", bytes: masked(firstByte: 0b0000_1001), error: .fragmentedControlFrame),
        Violation(
            testDescription: "a ping longer than 125 bytes (1002)",
            bytes: masked(firstByte: 0b1000_1001, payload: [UInt8](repeating: 0, count: 126)), error: .controlFrameTooLong),
        Violation(
            testDescription: "a continuation with nothing to continue (1002)",
            bytes: masked(WebSocketFrame(opcode: .continuation, payload: [1])), error: .unexpectedContinuation),
        Violation(
            testDescription: "a new message inside a fragmented one (1002)",
            bytes: masked(WebSocketFrame(fin: false, opcode: .text, payload: [0x61])) + masked(.text("b")),
            error: .expectedContinuation),
        Violation(
            testDescription: "text that is not UTF-8 (1007)",
            bytes: masked(WebSocketFrame(opcode: .text, payload: [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80])),
            error: .invalidUTF8),
        Violation(
            testDescription: "text cut in the middle of a character at its last fragment (1007)",
            bytes: masked(WebSocketFrame(fin: false, opcode: .text, payload: [0x61])) + masked(WebSocketFrame(opcode: .continuation, payload: [0xE2, 0x82])),
            error: .invalidUTF8),
        Violation(testDescription: "a close payload of one byte (1002)", bytes: masked(WebSocketFrame(opcode: .close, payload: [3])), error: .closePayloadTooShort),
        Violation(
            testDescription: "the close code 1005, which is never sent (1002)",
            bytes: masked(WebSocketFrame(opcode: .close, payload: [0x03, 0xED])), error: .invalidCloseCode(1005)),
        Violation(
            testDescription: "a close reason that is not UTF-8 (1007)",
            bytes: masked(WebSocketFrame(opcode: .close, payload: [0x03, 0xE8, 0xFF])), error: .invalidCloseReason),
        Violation(
            testDescription: "a frame over the size limit (1009)",
            bytes: masked(.binary([UInt8](repeating: 1, count: 2000))), error: .frameTooLarge),
        Violation(
            testDescription: "a message over the size limit, in fragments under it (1009)",
            bytes: masked(WebSocketFrame(fin: false, opcode: .binary, payload: [UInt8](repeating: 1, count: 800)))
                + masked(WebSocketFrame(opcode: .continuation, payload: [UInt8](repeating: 1, count: 800))),
            error: .messageTooLarge),
    ]

    @Test("fails the connection with the right close code", arguments: violations)
    func failsTheConnection(violation: Violation) throws {
        let limits = WebSocketStateMachine.Configuration(maxFrameSize: 1024, maxMessageSize: 1024)
        let server = try WebSocketTestServer(WebSocketConnection.Configuration(limits: limits))
        defer { server.stop() }
        let client = try server.upgradedRawClient()
        try client.send(violation.bytes)
        #expect(try client.readCloseCode() == violation.error.closeCode)
        #expect(client.isClosedByPeer())
        #expect(server.echo.firstCloseEvent() == .failed(violation.error))
    }

    @Test("delivers the message before a bad frame that arrived in the same read (Autobahn 4.1.3)")
    func messageBeforeViolation() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.upgradedRawClient()
        try client.send(Self.masked(.text("first")) + Self.masked(firstByte: 0b1000_0101))
        #expect(try client.readFrame() == .text("first"))
        #expect(try client.readCloseCode() == .protocolError)
    }

    @Test("reports a server that masks its frames as a protocol error to the blocking client")
    func clientRefusesMaskedFrames() throws {
        let server = try TestServer { http in
            http.mount("/masked") { request, _ in
                WebSocketUpgrade.reply(to: request) { socket in
                    socket.connection.write(WebSocketFrame.text("sneaky").encoded(maskingKey: WebSocketFailureTests.key))
                }
            }
        }
        defer { server.stop() }
        let client = try WebSocketClient(port: server.port, path: "/masked")
        #expect(throws: WebSocketClient.Failure.protocolError(.maskedFrameFromServer)) { try client.receive() }
    }
}
