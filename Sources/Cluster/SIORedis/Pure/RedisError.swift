// SPDX-License-Identifier: MIT

/// Why a command got no reply, or an error reply.
package enum RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not connected when the command was sent; it was not written.
    case notConnected
    /// The connection dropped after the command was written and before its reply.
    case connectionLost
    /// Redis answered with an error, e.g. `ERR unknown command`.
    case server(String)

    /// A sentence for logs.
    package var description: String {
        switch self {
        case .notConnected: return "not connected to Redis"
        case .connectionLost: return "connection to Redis lost before the reply"
        case .server(let message): return message
        }
    }
}
