// SPDX-License-Identifier: MIT

import SIOJSON

/// A refusal the client caused, with the HTTP status it maps to and a message that names the problem.
///
/// The same error answers an HTTP request (`{"error":"..."}` with `status`) and a Socket.IO event's
/// acknowledgement (`{"error":"...","status":403}`), so the two APIs word their refusals identically.
struct ChatError: Error, Sendable, Hashable, CustomStringConvertible {
    let status: Int
    let message: String
    /// Seconds after which trying again can succeed (429, 503): sent as `Retry-After` (RFC 9110 §10.2.3).
    let retryAfter: Int?

    init(_ status: Int, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }

    static func badRequest(_ message: String) -> ChatError { ChatError(400, message) }
    static func unauthorized(_ message: String) -> ChatError { ChatError(401, message) }
    static func forbidden(_ message: String) -> ChatError { ChatError(403, message) }
    static func notFound(_ message: String) -> ChatError { ChatError(404, message) }
    static func conflict(_ message: String) -> ChatError { ChatError(409, message) }
    static func tooLarge(_ message: String) -> ChatError { ChatError(413, message) }
    /// Too many attempts from one account or address (RFC 6585 §4): wait `seconds` before the next.
    static func tooManyRequests(_ message: String, retryAfter seconds: Int) -> ChatError {
        ChatError(429, message, retryAfter: seconds)
    }
    /// The server cannot take this now (its password queue is full), but may in `seconds`.
    static func unavailable(_ message: String, retryAfter seconds: Int) -> ChatError {
        ChatError(503, message, retryAfter: seconds)
    }
    /// Something broke on our side (the disk, the database); the details go to the log, not the client.
    static let internalError = ChatError(500, "internal error, see the server log")

    /// `{"error":"room 3 not found","status":404}`: what an acknowledgement carries.
    var json: JSON { ["error": .string(message), "status": .number(Double(status))] }

    var description: String { "\(status) \(message)" }
}
