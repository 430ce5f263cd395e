// SPDX-License-Identifier: MIT

import SIOJSON
import SIOServer

/// Why a socket was refused, as the client is told: a status borrowed from HTTP and a fixed message.
///
/// Three answers, and only three, whatever went wrong inside:
///
/// | case               | status | message to the client                  | meaning                                   |
/// |--------------------|--------|----------------------------------------|-------------------------------------------|
/// | ``unauthorized(_:)``  | 401 | `Authentication failure socket <id>`   | no usable credential: missing, malformed, badly signed, expired |
/// | ``forbidden(_:)``     | 403 | `Access denied`                        | a genuine token, but this user may not connect (revoked, banned) |
/// | ``internalError(_:)`` | 500 | `Internal server error`                | the check itself failed (a lookup threw)  |
///
/// The split follows RFC 9110: 401 (§15.5.2) says "authenticate (again)", so a client should fetch a new token;
/// 403 (§15.5.4) says "a new token will not help"; 500 (§15.6.1) says "try later". A client can act on the
/// status without parsing prose.
///
/// Why the message never says *what* was wrong with the token (expired? bad signature? `alg: none`?): every
/// detail teaches someone probing the server which forgery came closest. The precise reason is kept in the
/// associated string, for the server's log only. The socket id in the 401 message lets an operator find that
/// log line from a user's bug report.
///
/// ```swift
/// let failure = AuthenticationFailure.unauthorized("token expired at 1700000000")
/// failure.payload(socketID: "Xy...")    // {"status":401,"message":"Authentication failure socket Xy..."}
/// failure.reason                        // "token expired at 1700000000", for the log
/// ```
public enum AuthenticationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// 401: the credential is missing or not valid. The string says which check failed, for the log.
    case unauthorized(String)
    /// 403: the credential is valid, but the application refuses this user. The string is for the log.
    case forbidden(String)
    /// 500: the server could not decide (an authorization lookup failed). The string is for the log.
    case internalError(String)

    /// The HTTP-like status the client receives.
    public var status: Int {
        switch self {
        case .unauthorized: return 401
        case .forbidden: return 403
        case .internalError: return 500
        }
    }

    /// What the client is told: fixed text per status, so nothing about the token leaks.
    public func message(socketID: SocketID) -> String {
        switch self {
        case .unauthorized: return "Authentication failure socket \(socketID)"
        case .forbidden: return "Access denied"
        case .internalError: return "Internal server error"
        }
    }

    /// The object sent to the client: `{"status":401,"message":"Authentication failure socket <id>"}`.
    public func payload(socketID: SocketID) -> JSON {
        ["status": .number(Double(status)), "message": .string(message(socketID: socketID))]
    }

    /// The refusal of a CONNECT packet: its message is the client message and its data the same
    /// `{"status","message"}` object the post-connect events carry, so one client handler reads
    /// `data.status` whichever way the socket authenticated.
    public func connectError(socketID: SocketID) -> ConnectError {
        ConnectError(message(socketID: socketID), data: payload(socketID: socketID))
    }

    /// The precise reason, for the server's log; never sent to the client.
    public var reason: String {
        switch self {
        case .unauthorized(let reason), .forbidden(let reason), .internalError(let reason): return reason
        }
    }

    /// `401 (expired)`: for logs, never sent to the client.
    public var description: String { "\(status) (\(reason))" }
}
