// SPDX-License-Identifier: MIT

/// Why an acknowledgement requested with `socket.emit(..., ack:)` or `emitWithAck` did not arrive.
public enum AckError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The timeout set with `socket.timeout(_:)` expired first. Node's message: `operation has timed out`.
    case timedOut
    /// The socket disconnected while the acknowledgement was pending.
    ///
    /// Node's server never calls such a callback (and an awaited `emitWithAck` without a timeout never settles);
    /// a Swift continuation must be resumed exactly once, so we fail it instead, with the message the official
    /// client uses in the same situation (socket.io-client `socket.ts` `_clearAcks`).
    case disconnected

    /// The client's wording: `operation has timed out`, `socket has been disconnected`.
    public var description: String {
        switch self {
        case .timedOut: return "operation has timed out"
        case .disconnected: return "socket has been disconnected"
        }
    }
}

/// Why a broadcast with an acknowledgement (`io.timeout(.seconds(5)).emit(..., ack:)`) did not collect every answer.
public enum BroadcastAckError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The timeout expired before every receiver answered. `responses` holds the answers that did arrive,
    /// as Node passes them next to the error (`broadcast-operator.ts` `emit`).
    case timedOut(responses: [[SocketIOValue]])

    /// Node's wording.
    public var description: String { "operation has timed out" }
}

/// Emitting an event named like one of Socket.IO's own (`connect`, `disconnect`, ...; `SocketIOPacket.reservedEventNames`).
/// Clients would treat it as a protocol error, so Node throws `"<name>" is a reserved event name`. The `async`
/// emitters throw this; the others return `false` and send nothing.
public struct ReservedEventNameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The refused name (`connect`, `disconnect`, ...).
    public var name: String

    /// The error for `name`.
    public init(name: String) {
        self.name = name
    }

    /// Node's wording: `"connect" is a reserved event name`.
    public var description: String { "\"\(name)\" is a reserved event name" }
}
