// SPDX-License-Identifier: MIT

/// A whole message, after its fragments were joined (RFC 6455 §5.4, §5.6).
///
/// Applications never see frames: a message split into ten continuation frames with pings in between
/// arrives as one `.text` or `.binary`.
public enum WebSocketMessage: Sendable, Hashable {
    /// A text message; its bytes were checked to be valid UTF-8.
    case text(String)
    /// A binary message: any bytes.
    case binary([UInt8])

    /// The message as one unfragmented frame, ready to encode.
    package var frame: WebSocketFrame {
        switch self {
        case .text(let text): .text(text)
        case .binary(let bytes): .binary(bytes)
        }
    }
}
