// SPDX-License-Identifier: MIT

import SIOJSON
import SIOServer

/// Registers the app's event handlers on a socket with the error handling every event shares.
///
/// A handler gets the socket's session and its first argument, and returns the acknowledgement's payload.
/// - The socket must be authenticated (`Authenticator` already drops the events of pending sockets; this is
///   the second lock).
/// - `admin: true` handlers check the store that the user is an admin *now*; a refusal is logged.
/// - A `ChatError` (a wrong payload shape, a limit, a refusal) is acknowledged as
///   `{"error":"...","status":4xx}` when the client asked for an acknowledgement, and only logged (debug)
///   otherwise: a bad event never crashes the server and never reaches the store half-checked.
struct EventHandlerRegistry {
    let socket: Socket
    let hub: RealtimeHub

    typealias Handler = (_ session: SocketSession, _ argument: SocketIOValue?) throws -> SocketIOValue

    func on(_ event: String, admin: Bool = false, _ handler: @escaping Handler) {
        let socket = socket
        socket.on(event) { [unowned hub] arguments, ack in
            let logger = hub.logger
            guard let session = hub.session(of: socket) else {
                ack?(SocketIOValue(ChatError.unauthorized("not authenticated").json))
                return
            }
            do {
                if admin { try hub.chat.requireAdmin(session.origin, "sending \(event)") }
                let reply = try handler(session, arguments.first)
                ack?(reply)
            } catch let error as ChatError {
                if let ack { ack(SocketIOValue(error.json)) } else {
                    logger.debug("\(event) from \(session.user.name) ignored: \(error.message)")
                }
            } catch {
                logger.error("\(event) from \(session.user.name) failed: \(error)")
                ack?(SocketIOValue(ChatError.internalError.json))
            }
        }
    }
}

extension SocketIOValue {
    /// The argument as an object; 400 naming the event's expected shape otherwise.
    func object(_ shape: String) throws(ChatError) -> SocketIOObject {
        guard case .object(let object) = self else { throw .badRequest("expected \(shape)") }
        return object
    }
}

extension Optional where Wrapped == SocketIOValue {
    /// The event's argument as an object; 400 naming the expected shape when it is missing or not an object.
    func object(_ shape: String) throws(ChatError) -> SocketIOObject {
        guard let value = self else { throw .badRequest("expected \(shape)") }
        return try value.object(shape)
    }
}

extension OrderedObject where Value == SocketIOValue {
    /// A whole, positive number member (ids); 400 naming the member otherwise.
    func requiredID(_ key: String) throws(ChatError) -> Int {
        guard let value = self[key]?.intValue, value > 0 else { throw .badRequest("'\(key)' must be a positive whole number") }
        return value
    }

    func requiredString(_ key: String) throws(ChatError) -> String {
        guard let value = self[key] else { throw .badRequest("'\(key)' is required") }
        guard let text = value.stringValue else { throw .badRequest("'\(key)' must be a string") }
        return text
    }

    func optionalString(_ key: String) throws(ChatError) -> String? {
        guard let value = self[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw .badRequest("'\(key)' must be a string") }
        return text
    }
}
