// SPDX-License-Identifier: MIT

import SIOServer

/// The admin-only events. A non-admin's attempt is refused (`{"error":"admins only","status":403}` when an
/// acknowledgement was asked) and logged at `warn`, which is exactly what an admin's log listener shows.
///
/// | event                 | payload                         | effect                                                         |
/// |-----------------------|---------------------------------|----------------------------------------------------------------|
/// | `message_all_users`   | `{"message":"..."}` or a string | `admin_message` with the text (a string) to everyone           |
/// | `set_log_listener`    | `{"level":1...4}` or a number   | `log` events at or above that level, to this socket            |
/// | `remove_log_listener` | none                            | stops them                                                     |
/// | `fetch_daily_logs`    | `{"date":"YYYY-MM-DD"}` or none | answers `daily_logs` `[log events]`, the day's (also the ack)  |
///
/// The payloads are audiobookshelf's (server/SocketAuthority.js, server/Logger.js): see `LogRecord.eventJSON`.
enum AdminSocketEvents {
    static func install(on socket: Socket, hub: RealtimeHub) {
        let events = EventHandlerRegistry(socket: socket, hub: hub)
        let logger = hub.logger

        events.on("message_all_users", admin: true) { session, argument in
            let text = argument?.stringValue ?? argument?["message"]?.stringValue
            guard let text, Limits.adminMessageLength.contains(text.count) else {
                throw ChatError.badRequest(#"expected {"message":"..."} with 1 to 1000 characters"#)
            }
            // The message alone, a string, as audiobookshelf's SocketAuthority sends it (`payload.message || ''`).
            hub.auth.emitAuthenticated("admin_message", .string(text))
            logger.info("\(session.user.name) sent a message to all users")
            return ["ok": true]
        }

        events.on("set_log_listener", admin: true) { session, argument in
            let number = argument?.intValue ?? argument?["level"]?.intValue
            guard let number, let level = LogLevel(rawValue: number) else {
                throw ChatError.badRequest(#"expected {"level":1...4} (1 debug, 2 info, 3 warn, 4 error)"#)
            }
            // Delivered on this socket's loop, whichever loop logged the record.
            logger.addListener(id: socket.id, level: level, on: hub.io.loop) { record in
                socket.emit("log", SocketIOValue(record.eventJSON))
            }
            logger.info("\(session.user.name) listens to the log at level \(level.rawValue) (\(level.name))")
            return ["ok": true, "level": .number(Double(level.rawValue))]
        }

        events.on("remove_log_listener", admin: true) { _, _ in
            ["ok": .bool(logger.removeListener(id: socket.id))]
        }

        events.on("fetch_daily_logs", admin: true) { _, argument in
            let date = argument?.stringValue ?? argument?["date"]?.stringValue ?? logger.today
            guard isDay(date) else { throw ChatError.badRequest(#"expected {"date":"YYYY-MM-DD"}"#) }
            let payload = SocketIOValue.array(logger.records(day: date).map { SocketIOValue($0.eventJSON) })
            socket.emit("daily_logs", payload)
            return payload
        }
    }

    /// `YYYY-MM-DD` and nothing else: the date names a file, so it must never hold a path.
    private static func isDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in index == 4 || index == 7 || (byte >= 0x30 && byte <= 0x39) }
    }
}
