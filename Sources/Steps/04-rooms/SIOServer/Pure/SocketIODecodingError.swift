// SPDX-License-Identifier: MIT

import SIOJSON

/// Why an incoming Socket.IO packet was rejected. Every case means the same thing to the server: the
/// peer broke the protocol, so close the connection with the reason "parse error" (spec: "If that's not
/// the case, then the receiver MUST close the connection").
package enum SocketIODecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first character is not `0`-`6` (or the text is empty). The test suite sends `4abc` (type `a`).
    case unknownPacketType
    /// A BINARY_EVENT/BINARY_ACK without a `<digits>-` count, or with a count of 0 (`5`, `51`, `50-`, `5a-`).
    case illegalAttachments
    /// More attachments than the decoder allows (`maxAttachments`, 10 by default as in socket.io-parser).
    case tooManyAttachments(limit: Int)
    /// An ack id larger than 2^53 - 1. A JavaScript peer cannot represent it exactly, so it could never
    /// be matched to its callback.
    case invalidAckId
    /// The payload is not valid JSON (`42abc`).
    case invalidJSON(JSONParseError)
    /// Valid JSON of the wrong shape for the packet type (`42{}`, `2["connect"]`, `0[]`, `1{}`, `2[]`).
    case invalidPayload(SocketIOPacketType)
    /// A `{"_placeholder":true,"num":N}` whose `num` is not an index into the received attachments.
    case invalidPlaceholder
    /// A text packet arrived while the attachments of a binary packet were still expected.
    case unexpectedText
    /// A binary message arrived without a binary packet announcing it.
    case unexpectedBinary

    package var description: String {
        switch self {
        case .unknownPacketType: return "unknown packet type"
        case .illegalAttachments: return "illegal attachments"
        case .tooManyAttachments(let limit): return "too many attachments (limit \(limit))"
        case .invalidAckId: return "invalid ack id"
        case .invalidJSON(let error): return "invalid payload: \(error)"
        case .invalidPayload(let type): return "invalid payload for packet type \(type)"
        case .invalidPlaceholder: return "illegal attachments: placeholder does not match an attachment"
        case .unexpectedText: return "got plaintext data when reconstructing a packet"
        case .unexpectedBinary: return "got binary data when not reconstructing a packet"
        }
    }
}
