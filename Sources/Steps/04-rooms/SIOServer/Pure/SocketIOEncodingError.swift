// SPDX-License-Identifier: MIT

/// Why a packet cannot be written in the Socket.IO v5 text format. These are programming errors in the
/// caller. We report them instead of sending bytes the other side would reject.
package enum SocketIOEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A namespace must start with `/` and must not contain a comma: the comma ends the namespace on the
    /// wire and has no escape (spec "Packet encoding" notes).
    case invalidNamespace(String)
    /// Ack ids are non-negative integers.
    case invalidAckId(Int)
    /// Only EVENT and ACK can carry attachments. CONNECT, DISCONNECT and CONNECT_ERROR cannot hold bytes.
    case binaryNotAllowed(SocketIOPacketType)

    package var description: String {
        switch self {
        case .invalidNamespace(let namespace):
            return "invalid namespace \"\(namespace)\": must start with \"/\" and must not contain a comma"
        case .invalidAckId(let id):
            return "invalid ack id \(id): must not be negative"
        case .binaryNotAllowed(let type):
            return "packet type \(type) cannot carry binary data"
        }
    }
}
