// SPDX-License-Identifier: MIT

/// Every way a peer can break RFC 6455, each with the close code we answer it with (§7.4.1).
///
/// When one of these happens we "fail the WebSocket connection" (§7.1.7): send a close frame with
/// `closeCode`, then close the TCP connection. The cases follow the order in which a frame is read.
public enum WebSocketProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    // MARK: The frame header (§5.2)

    /// RSV1, RSV2 or RSV3 is set, but no extension was negotiated that would give them a meaning (or RSV1, the
    /// "compressed" bit of permessage-deflate, is set on a control or continuation frame: RFC 7692 §6).
    case reservedBitsSet
    /// The opcode is one of the reserved values `0x3`...`0x7`, `0xB`...`0xF`.
    case unknownOpcode(UInt8)
    /// A server received a frame without a mask (§5.1: "a server MUST close the connection").
    case unmaskedFrameFromClient
    /// A client received a masked frame (§5.1: "a client MUST close the connection").
    case maskedFrameFromServer
    /// A close, ping or pong frame with FIN clear (§5.5: control frames MUST NOT be fragmented).
    case fragmentedControlFrame
    /// A control frame whose payload is longer than 125 bytes (§5.5).
    case controlFrameTooLong
    /// A 64-bit length with its most significant bit set (§5.2: that bit MUST be 0).
    case invalidPayloadLength
    /// A frame longer than the configured maximum (1009, before any of its payload is stored).
    case frameTooLarge

    // MARK: Messages (§5.4, §5.6)

    /// A continuation frame arrived while no fragmented message was in progress.
    case unexpectedContinuation
    /// A new text or binary frame arrived while a fragmented message was still waiting for its end.
    case expectedContinuation
    /// The message grew past the configured maximum (1009).
    case messageTooLarge
    /// A text message is not valid UTF-8 (1007, §8.1).
    case invalidUTF8
    /// A compressed message (RSV1, RFC 7692 §6) whose payload is not valid DEFLATE data (1007).
    case invalidCompressedData

    // MARK: Close frames (§5.5.1, §7.4)

    /// A close payload of exactly one byte: too long to be empty, too short to hold a code.
    case closePayloadTooShort
    /// A close code that must not be sent on the wire (see `WebSocketCloseCode.isAllowedOnTheWire`).
    case invalidCloseCode(UInt16)
    /// The close reason after the code is not valid UTF-8 (1007).
    case invalidCloseReason

    /// The code to put in the close frame that fails the connection.
    public var closeCode: WebSocketCloseCode {
        switch self {
        case .frameTooLarge, .messageTooLarge: .messageTooBig
        case .invalidUTF8, .invalidCloseReason, .invalidCompressedData: .invalidFramePayloadData
        default: .protocolError
        }
    }

    /// A short reason for the close frame and the logs. Always ASCII and shorter than 123 bytes.
    public var description: String {
        switch self {
        case .reservedBitsSet: "reserved bits set"
        case .unknownOpcode(let opcode): "unknown opcode \(opcode)"
        case .unmaskedFrameFromClient: "client frame not masked"
        case .maskedFrameFromServer: "server frame masked"
        case .fragmentedControlFrame: "fragmented control frame"
        case .controlFrameTooLong: "control frame longer than 125 bytes"
        case .invalidPayloadLength: "payload length has its top bit set"
        case .frameTooLarge: "frame too large"
        case .unexpectedContinuation: "continuation frame without a message to continue"
        case .expectedContinuation: "new message before the previous one ended"
        case .messageTooLarge: "message too large"
        case .invalidUTF8: "text message is not valid UTF-8"
        case .invalidCompressedData: "compressed message is not valid DEFLATE data"
        case .closePayloadTooShort: "close payload of 1 byte"
        case .invalidCloseCode(let code): "invalid close code \(code)"
        case .invalidCloseReason: "close reason is not valid UTF-8"
        }
    }
}
