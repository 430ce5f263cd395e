// SPDX-License-Identifier: MIT

import Testing

@testable import SIOWebSocket

struct WebSocketStateMachineTests {
    /// Runs a server-side machine over client frames, all in one read.
    private func serverActions(_ frames: [WebSocketFrame], configuration: WebSocketStateMachine.Configuration = .init())
        -> [WebSocketAction]
    {
        var machine = WebSocketStateMachine(role: .server, configuration: configuration)
        return machine.actions(for: frames.flatMap { clientBytes($0) })
    }

    private func closeFrame(rawCode: UInt16, reason: [UInt8] = []) -> WebSocketFrame {
        WebSocketFrame(opcode: .close, payload: [UInt8(rawCode >> 8), UInt8(rawCode & 0xFF)] + reason)
    }

    // MARK: Messages and control frames

    @Test("delivers a text and a binary message")
    func deliversMessages() {
        #expect(
            serverActions([.text("Hello"), .binary([1, 2, 3])])
                == [.deliver(.text("Hello")), .deliver(.binary([1, 2, 3]))])
    }

    @Test("joins fragments and answers a ping slipped between them (RFC 6455 §5.4)")
    func fragmentsWithPing() {
        let actions = serverActions([
            WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)),
            .ping(Array("are you there".utf8)),
            WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8)),
        ])
        #expect(actions == [.sendFrame(.pong(Array("are you there".utf8))), .deliver(.text("Hello"))])
    }

    @Test("ignores a pong")
    func ignoresPong() {
        #expect(serverActions([.pong([1]), .text("after")]) == [.deliver(.text("after"))])
    }

    @Test("delivers a message whose frames arrive one byte per read")
    func byteByByte() {
        var machine = WebSocketStateMachine(role: .server)
        let bytes = [
            WebSocketFrame(fin: false, opcode: .text, payload: Array("κό".utf8)),
            WebSocketFrame(opcode: .continuation, payload: Array("σμε".utf8)),
        ].flatMap { clientBytes($0) }
        let actions = bytes.flatMap { machine.actions(for: [$0]) }
        #expect(actions == [.deliver(.text("κόσμε"))])
    }

    @Test("as a client, delivers unmasked server frames and fails on a masked one")
    func clientRole() {
        var machine = WebSocketStateMachine(role: .client)
        #expect(machine.actions(for: WebSocketFrame.text("hi").encoded()) == [.deliver(.text("hi"))])
        #expect(machine.actions(for: clientBytes(.text("hi"))) == failure(.maskedFrameFromServer))
    }

    // MARK: Failing the connection (§7.1.7)

    @Test(
        "fails the connection with the error's close code",
        arguments: [
            ([WebSocketFrame(opcode: .continuation, payload: [1])], WebSocketProtocolError.unexpectedContinuation),
            ([WebSocketFrame(fin: false, opcode: .text), .text("new")], .expectedContinuation),
            ([WebSocketFrame(fin: false, opcode: .binary), .binary([])], .expectedContinuation),
            ([WebSocketFrame(opcode: .text, payload: [0xC0, 0xAF])], .invalidUTF8),
            ([WebSocketFrame(opcode: .text, payload: [0xE2, 0x82])], .invalidUTF8),  // ends inside a character
        ])
    func failures(frames: [WebSocketFrame], error: WebSocketProtocolError) {
        #expect(serverActions(frames) == failure(error))
    }

    @Test("maps errors to close codes 1002, 1007 and 1009")
    func closeCodes() {
        #expect(WebSocketProtocolError.reservedBitsSet.closeCode.rawValue == 1002)
        #expect(WebSocketProtocolError.invalidUTF8.closeCode.rawValue == 1007)
        #expect(WebSocketProtocolError.invalidCloseReason.closeCode.rawValue == 1007)
        #expect(WebSocketProtocolError.frameTooLarge.closeCode.rawValue == 1009)
        #expect(WebSocketProtocolError.messageTooLarge.closeCode.rawValue == 1009)
    }

    @Test("fails with 1002 on an unmasked client frame and reads nothing after it")
    func unmaskedThenNothing() {
        var machine = WebSocketStateMachine(role: .server)
        #expect(machine.actions(for: WebSocketFrame.text("x").encoded()) == failure(.unmaskedFrameFromClient))
        #expect(machine.state == .closed)
        #expect(machine.failure == .unmaskedFrameFromClient)
        #expect(machine.actions(for: clientBytes(.text("later"))) == [])
    }

    @Test("delivers the message that came before a bad frame in the same read")
    func deliversBeforeFailing() {
        var machine = WebSocketStateMachine(role: .server)
        let bytes = clientBytes(.text("first")) + [0b1100_0001, 0b1000_0000, 1, 2, 3, 4]
        #expect(machine.actions(for: bytes) == [.deliver(.text("first"))] + failure(.reservedBitsSet))
    }

    @Test("lets the application answer a message before a bad frame from the same read fails the connection")
    func answerBeforeFailing() {
        var machine = WebSocketStateMachine(role: .server)
        machine.append(clientBytes(.text("echo me")) + [0b1000_0101, 0b1000_0000, 1, 2, 3, 4])  // opcode 5
        #expect(machine.nextAction() == .deliver(.text("echo me")))
        #expect(machine.send(.text("echo me")) == .text("echo me"))
        #expect(machine.nextAction() == .sendFrame(.close(code: .protocolError, reason: "unknown opcode 5")))
        #expect(machine.nextAction() == .closeConnection)
        #expect(machine.nextAction() == nil)
        #expect(machine.send(.text("too late")) == nil)
    }

    @Test("fails with 1009 when the fragments together exceed the maximum message size")
    func messageTooLarge() {
        let configuration = WebSocketStateMachine.Configuration(maxFrameSize: 1000, maxMessageSize: 1500)
        let fragment = [UInt8](repeating: 0, count: 1000)
        let frames = [
            WebSocketFrame(fin: false, opcode: .binary, payload: fragment),
            WebSocketFrame(opcode: .continuation, payload: fragment),
        ]
        let actions = serverActions(frames, configuration: configuration)
        #expect(actions == failure(.messageTooLarge))
    }

    @Test("fails with 1009 on a frame above the maximum frame size")
    func frameTooLarge() {
        let configuration = WebSocketStateMachine.Configuration(maxFrameSize: 200, maxMessageSize: 1000)
        let actions = serverActions([.binary([UInt8](repeating: 0, count: 201))], configuration: configuration)
        #expect(actions == failure(.frameTooLarge))
    }

    @Test("with a 100-byte limit, answers a 125-byte ping and closes a 101-byte message with 1009 (RFC 6455 §5.5)")
    func smallLimitLetsControlFramesThrough() {
        let configuration = WebSocketStateMachine.Configuration(maxFrameSize: 100, maxMessageSize: 100)
        let ping = [UInt8](repeating: 7, count: WebSocketFrame.maxControlPayload)
        let actions = serverActions(
            [.ping(ping), .text(String(repeating: "a", count: 100)), .text(String(repeating: "a", count: 101))],
            configuration: configuration)
        #expect(
            actions == [.sendFrame(.pong(ping)), .deliver(.text(String(repeating: "a", count: 100)))]
                + failure(.frameTooLarge))
    }

    @Test("a limit of zero or less refuses every non-empty message with 1009 instead of stopping the process")
    func nonPositiveLimits() {
        for limit in [0, -1, Int.min] {
            let configuration = WebSocketStateMachine.Configuration(maxFrameSize: limit, maxMessageSize: limit)
            #expect(serverActions([.ping([1]), .binary([1])], configuration: configuration)
                == [.sendFrame(.pong([1]))] + failure(.frameTooLarge))
        }
    }

    @Test("a frame announcing nearly Int.max bytes after a fragment closes with 1009, with no overflow")
    func hugeAnnouncedLengthAfterFragment() {
        let configuration = WebSocketStateMachine.Configuration(maxFrameSize: .max, maxMessageSize: .max)
        var machine = WebSocketStateMachine(role: .server, configuration: configuration)
        let fragment = clientBytes(WebSocketFrame(fin: false, opcode: .binary, payload: [1]))
        // A continuation header announcing 2^63 - 1 bytes (§5.2: 127, then 8 bytes), masked, no payload yet.
        let header: [UInt8] = [0x80, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4]
        #expect(machine.actions(for: fragment + header) == failure(.messageTooLarge))
    }

    // MARK: Fail fast on UTF-8 (Autobahn 6.4)

    /// Autobahn 6.4.2: "κόσμε" then `F4`, which is valid so far; the next fragment starts with `90`,
    /// which makes it a code point above U+10FFFF. The server must fail on fragment 2, without fragment 3.
    @Test("fails on the fragment where the text becomes invalid, not at the end of the message (Autobahn 6.4.2)")
    func failFastAcrossFragments() {
        var machine = WebSocketStateMachine(role: .server)
        let first = WebSocketFrame(fin: false, opcode: .text, payload: hex("cebae1bdb9cf83cebcceb5f4"))
        #expect(machine.actions(for: clientBytes(first)) == [])
        let second = WebSocketFrame(fin: false, opcode: .continuation, payload: [0x90])
        #expect(machine.actions(for: clientBytes(second)) == failure(.invalidUTF8))
    }

    /// Autobahn 6.4.4: the same bytes in one frame, sent in chops. The chop holding `90` must fail at once.
    @Test("fails inside a frame whose payload is still arriving (Autobahn 6.4.4)")
    func failFastInsideAFrame() {
        var machine = WebSocketStateMachine(role: .server)
        let payload = hex("cebae1bdb9cf83cebcceb5f4") + [0x90, 0x80, 0x80] + Array("edited".utf8)
        let bytes = clientBytes(WebSocketFrame(opcode: .text, payload: payload))
        let headerLength = 6
        #expect(machine.actions(for: bytes[..<(headerLength + 12)]) == [])
        #expect(machine.actions(for: bytes[(headerLength + 12)..<(headerLength + 13)]) == failure(.invalidUTF8))
    }

    // MARK: The closing handshake (§5.5.1, §7)

    @Test("answers an empty close with 1000 and closes the connection (Autobahn 7.3.1)")
    func emptyClose() {
        var machine = WebSocketStateMachine(role: .server)
        let actions = machine.actions(for: clientBytes(.close(code: nil)))
        #expect(actions == [.sendFrame(.close(code: .normalClosure)), .closeConnection])
        #expect(machine.state == .closed)
        #expect(machine.peerClose?.code == nil)
    }

    @Test(
        "echoes every close code that may be sent (Autobahn 7.7.x)",
        arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999] as [UInt16])
    func echoesValidCodes(code: UInt16) {
        let actions = serverActions([closeFrame(rawCode: code, reason: Array("bye".utf8))])
        #expect(actions == [.sendFrame(.close(code: WebSocketCloseCode(rawValue: code))), .closeConnection])
    }

    @Test(
        "fails with 1002 on a close code that must not be sent (Autobahn 7.9.x)",
        arguments: [0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535] as [UInt16])
    func refusesInvalidCodes(code: UInt16) {
        #expect(serverActions([closeFrame(rawCode: code)]) == failure(.invalidCloseCode(code)))
    }

    @Test("fails with 1002 on a close payload of one byte (Autobahn 7.3.2)")
    func oneByteClose() {
        #expect(serverActions([WebSocketFrame(opcode: .close, payload: [0x03])]) == failure(.closePayloadTooShort))
    }

    @Test("fails with 1007 on a close reason that is not UTF-8 (Autobahn 7.5.1)")
    func invalidCloseReason() {
        let frame = closeFrame(rawCode: 1000, reason: hex("cebae1bdb9cf83cebcceb5eda080656469746564"))
        #expect(serverActions([frame]) == failure(.invalidCloseReason))
    }

    @Test("echoes a close with a 123-byte reason and fails on a 124-byte one (Autobahn 7.3.5, 7.3.6)")
    func closeReasonLength() {
        let longest = closeFrame(rawCode: 1000, reason: [UInt8](repeating: 0x2A, count: 123))
        #expect(serverActions([longest]) == [.sendFrame(.close(code: .normalClosure)), .closeConnection])
        let tooLong = closeFrame(rawCode: 1000, reason: [UInt8](repeating: 0x2A, count: 124))
        #expect(serverActions([tooLong]) == failure(.controlFrameTooLong))
    }

    @Test("discards everything after the peer's close: no message, no pong (Autobahn 7.1.3, 7.1.4)")
    func nothingAfterClose() {
        let actions = serverActions([.close(code: .normalClosure), .ping([1]), .text("late")])
        #expect(actions == [.sendFrame(.close(code: .normalClosure)), .closeConnection])
    }

    @Test("after our close, still delivers data, sends no pong, and closes when the peer's close arrives")
    func weCloseFirst() {
        var machine = WebSocketStateMachine(role: .server)
        #expect(machine.close(code: .goingAway, reason: "shutdown") == .close(code: .goingAway, reason: "shutdown"))
        #expect(machine.state == .closing)
        #expect(machine.close() == nil)
        #expect(machine.send(.text("more")) == nil)
        #expect(machine.ping() == nil)
        let inFlight = machine.actions(for: clientBytes(.ping([1])) + clientBytes(.text("in flight")))
        #expect(inFlight == [.deliver(.text("in flight"))])
        #expect(machine.actions(for: clientBytes(.close(code: .goingAway))) == [.closeConnection])
        #expect(machine.state == .closed)
        #expect(machine.peerClose?.code == .goingAway)
    }

    @Test("while closing, a protocol error closes the connection without a second close frame")
    func errorWhileClosing() {
        var machine = WebSocketStateMachine(role: .server)
        _ = machine.close()
        #expect(machine.actions(for: WebSocketFrame.text("unmasked").encoded()) == [.closeConnection])
    }

    @Test("sends messages and pings as single frames while open")
    func sending() {
        let machine = WebSocketStateMachine(role: .server)
        #expect(machine.send(.text("hi")) == .text("hi"))
        #expect(machine.send(.binary([1])) == .binary([1]))
        #expect(machine.ping([7]) == .ping([7]))
    }
}
