// SPDX-License-Identifier: MIT

import Testing

@testable import SIOWebSocket

struct WebSocketMessageAssemblerTests {
    @Test("returns nothing until the final fragment, then the whole message")
    func joinsFragments() throws {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
        let first = try assembler.receive(WebSocketFrame(fin: false, opcode: .binary, payload: [1, 2]))
        #expect(first == nil)
        #expect(assembler.isAssembling)
        let middle = try assembler.receive(WebSocketFrame(fin: false, opcode: .continuation, payload: []))
        #expect(middle == nil)
        let last = try assembler.receive(WebSocketFrame(fin: true, opcode: .continuation, payload: [3]))
        #expect(last == .binary([1, 2, 3]))
        #expect(!assembler.isAssembling)
    }

    @Test("accepts a message of exactly the maximum size and refuses one byte more")
    func sizeLimit() throws {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 4)
        let exact = try assembler.receive(.binary([1, 2, 3, 4]))
        #expect(exact == .binary([1, 2, 3, 4]))
        _ = try assembler.receive(WebSocketFrame(fin: false, opcode: .text, payload: Array("abc".utf8)))
        #expect(throws: WebSocketProtocolError.messageTooLarge) {
            try assembler.receive(WebSocketFrame(opcode: .continuation, payload: Array("de".utf8)))
        }
    }

    @Test("refuses a frame still arriving whose announced length would exceed the maximum")
    func sizeLimitFromHeader() {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 4)
        #expect(throws: WebSocketProtocolError.messageTooLarge) {
            try assembler.inspect(opcode: .binary, length: 5, received: [1][...])
        }
    }

    @Test("checks each byte of a text frame once, whether it was inspected early or not")
    func inspectThenReceive() throws {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
        let payload = Array("κόσμε".utf8)
        try assembler.inspect(opcode: .text, length: payload.count, received: payload[..<3])
        try assembler.inspect(opcode: .text, length: payload.count, received: payload[..<7])
        let message = try assembler.receive(.text("κόσμε"))
        #expect(message == .text("κόσμε"))
        // The validator was reset: the next message starts clean.
        let next = try assembler.receive(.text("ok"))
        #expect(next == .text("ok"))
    }

    @Test("accepts a character split between two fragments")
    func characterSplitBetweenFragments() throws {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        _ = try assembler.receive(WebSocketFrame(fin: false, opcode: .text, payload: Array(euro[..<1])))
        let last = WebSocketFrame(fin: true, opcode: .continuation, payload: Array(euro[1...]))
        let message = try assembler.receive(last)
        #expect(message == .text("€"))
    }

    @Test("does not check binary messages for UTF-8")
    func binaryIsNotText() throws {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
        let message = try assembler.receive(.binary([0xFF, 0xC0]))
        #expect(message == .binary([0xFF, 0xC0]))
    }
}
