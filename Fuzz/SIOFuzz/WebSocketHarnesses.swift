// SPDX-License-Identifier: MIT

import SIOWebSocket

extension FuzzHarness {
    /// A configuration byte, then any bytes as the stream a WebSocket endpoint receives.
    static let webSocket = FuzzHarness(
        name: "websocket",
        summary: "WebSocketStateMachine (frame parser, assembler, close codes, permessage-deflate); split-invariant; what it sends is valid"
    ) { input in
        guard let setup = input.first else { return }
        let role: WebSocketRole = setup & 1 == 0 ? .server : .client
        // Bits 1-2 pick the frame limit, bits 3-4 the message limit: small ones let short inputs reach 1009.
        let frameSizes = [125, 300, 1 << 16, 1 << 24]
        let messageSizes = [64, 239, 1 << 16, 1 << 24]
        let configuration = WebSocketStateMachine.Configuration(
            maxFrameSize: frameSizes[Int(setup >> 1 & 3)], maxMessageSize: messageSizes[Int(setup >> 3 & 3)])
        // Bit 5: permessage-deflate negotiated, so RSV1 frames are inflated (bounded by the message limit).
        let deflate = setup & 0b0010_0000 != 0 ? PerMessageDeflate() : nil
        let stream = Array(input.dropFirst())
        Feeding.checkSplitInvariance(stream, "WebSocketStateMachine") { pieces in
            WebSocketFuzzing.outcome(pieces, role: role, configuration: configuration, deflate: deflate)
        }
        let outcome = WebSocketFuzzing.outcome([stream[...]], role: role, configuration: configuration, deflate: deflate)
        for action in outcome.actions { WebSocketFuzzing.checkRoundTrip(action, role: role, deflate: deflate) }
        WebSocketFuzzing.checkClosePayload(Array(stream.prefix(WebSocketFrame.maxControlPayload)))
    }

    /// Any bytes as UTF-8 text arriving in pieces (RFC 6455 §8.1).
    static let utf8 = FuzzHarness(
        name: "utf8", summary: "UTF8Validator against the standard library's decoder; fails at the same byte; split-invariant"
    ) { input in
        UTF8Fuzzing.check(input)
    }
}

enum WebSocketFuzzing {
    /// What an endpoint observably did with a stream.
    struct Outcome: Equatable {
        var actions: [WebSocketAction] = []
        var state = WebSocketStateMachine.State.open
        var failure: WebSocketProtocolError?
        var peerCloseCode: WebSocketCloseCode?
        var peerCloseReason: String?
    }

    static func outcome(
        _ pieces: [ArraySlice<UInt8>], role: WebSocketRole,
        configuration: WebSocketStateMachine.Configuration = .init(), deflate: PerMessageDeflate? = nil
    ) -> Outcome {
        var machine = WebSocketStateMachine(role: role, configuration: configuration, deflate: deflate)
        var outcome = Outcome()
        for piece in pieces {
            machine.append(piece)
            while let action = machine.nextAction() { outcome.actions.append(action) }
        }
        (outcome.state, outcome.failure) = (machine.state, machine.failure)
        (outcome.peerCloseCode, outcome.peerCloseReason) = (machine.peerClose?.code, machine.peerClose?.reason)
        return outcome
    }

    /// A delivered message, sent back as one frame, is delivered again; a frame we send is one the peer accepts.
    static func checkRoundTrip(_ action: WebSocketAction, role: WebSocketRole, deflate: PerMessageDeflate? = nil) {
        switch action {
        case .deliver(let message):
            let again = outcome(
                [encode(message.frame, from: role == .server ? .client : .server)[...]], role: role, deflate: deflate)
            invariant(again.actions == [.deliver(message)], "\(message) sent again gives \(again)")
        case .sendFrame(let frame):
            let peer: WebSocketRole = role == .server ? .client : .server
            let received = outcome([encode(frame, from: role)[...]], role: peer)
            invariant(received.failure == nil, "the peer refuses our \(frame): \(received)")
            if frame.opcode == .close, let status = try? frame.closeStatus() {
                invariant(
                    received.peerCloseCode == status.code && received.peerCloseReason == status.reason,
                    "our close \(status) arrives as \(received)")
            }
        case .closeConnection:
            break
        }
    }

    /// A close payload that reads, written again from its code and reason, gives the same bytes (RFC 6455 §5.5.1).
    static func checkClosePayload(_ payload: [UInt8]) {
        guard let status = try? WebSocketFrame(opcode: .close, payload: payload).closeStatus() else { return }
        let rewritten = WebSocketFrame.close(code: status.code, reason: status.reason).payload
        invariant(rewritten == payload, "close payload \(payload) is written again as \(rewritten)")
    }

    /// The frame as `sender` puts it on the wire: a client masks (RFC 6455 §5.3), a server does not.
    static func encode(_ frame: WebSocketFrame, from sender: WebSocketRole) -> [UInt8] {
        frame.encoded(maskingKey: sender == .client ? WebSocketMaskingKey(0x37, 0xfa, 0x21, 0x3d) : nil)
    }
}

enum UTF8Fuzzing {
    static func check(_ input: [UInt8]) {
        let expected = (String(validating: input, as: UTF8.self) != nil)
        var whole = UTF8Validator()
        let valid = whole.validate(input) && whole.isComplete
        invariant(valid == expected, "UTF8Validator says \(valid), the standard library \(expected), for \(input)")

        // Fed byte by byte, the validator must refuse exactly at the first byte no valid text can continue with.
        var bytewise = UTF8Validator()
        let refusedAt = input.indices.first { !bytewise.validate([input[$0]]) }
        let expectedAt = firstImpossibleByte(input)
        invariant(refusedAt == expectedAt, "refused at \(String(describing: refusedAt)), expected \(String(describing: expectedAt))")

        Feeding.checkSplitInvariance(input, "UTF8Validator") { pieces in
            var validator = UTF8Validator()
            let results = pieces.map { validator.validate($0) }
            return [!results.contains(false), validator.isComplete]
        }
    }

    /// The index of the first byte after which `input` can no longer become valid UTF-8, per the standard
    /// library's decoder: the lead byte when it cannot start a character, else the byte that ends the
    /// maximal valid subpart (Unicode §3.9, U+FFFD substitution). `nil` when every prefix may still be valid.
    static func firstImpossibleByte(_ input: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = input.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error(let length):
                let lead = input[offset]
                let canLead = (0xC2...0xF4).contains(lead)
                guard canLead else { return offset }
                return offset + length < input.count ? offset + length : nil
            }
        }
    }
}
