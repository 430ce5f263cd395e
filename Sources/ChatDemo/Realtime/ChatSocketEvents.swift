// SPDX-License-Identifier: MIT

import Foundation
import SIOServer

/// The chat's client-to-server events (docs/chatdemo.md has the full table).
///
/// | event            | payload                                  | acknowledgement                              |
/// |------------------|------------------------------------------|----------------------------------------------|
/// | `subscribe`      | `{"rooms":[1,2]}` or `{"vaults":[1,2]}`  | `{"rooms":[1,2],"refused":[]}` (same key)    |
/// | `send-message`   | `{"roomId":1,"text":"hi","clientId":"x"}`| `{"id":7,"message":{...}}` after the COMMIT  |
/// | `delete-message` | `{"id":7}`                               | `{"ok":true}`                                |
/// | `typing`         | `{"roomId":1,"typing":true}`             | none (volatile, best effort)                 |
/// | `join-room`      | `{"roomId":1}`                           | `{"room":{...},"messages":[...]}`            |
/// | `leave-room`     | `{"roomId":1}`                           | `{"ok":true}`                                |
/// | `ping`           | anything                                 | `{"timestamp":...}`, and a `pong` event      |
enum ChatSocketEvents {
    static func install(on socket: Socket, hub: RealtimeHub) {
        let events = EventHandlerRegistry(socket: socket, hub: hub)
        let chat = hub.chat

        // Each subscribe replaces the previous set: leave the chat rooms not named, join the new ones.
        // Only rooms the user is a member of are accepted; the others are listed as refused. The Localful
        // reference's `{"vaults":[...]}` is accepted too (a vault is a room here; its ids may come as strings),
        // and answered under the key that was used.
        events.on("subscribe") { session, argument in
            let object = try argument.object(#"{"rooms":[ids]} or {"vaults":[ids]}"#)
            let key = object["rooms"] == nil && object["vaults"] != nil ? "vaults" : "rooms"
            guard let list = object[key]?.arrayValue else { throw ChatError.badRequest("'\(key)' must be an array of room ids") }
            guard list.count <= Limits.maxSubscriptions else {
                throw ChatError.badRequest("at most \(Limits.maxSubscriptions) rooms per subscribe")
            }
            let requested = try list.map { (value) throws(ChatError) -> Int in
                guard let id = value.intValue ?? value.stringValue.flatMap({ Int($0) }), id > 0 else {
                    throw .badRequest("'\(key)' must be an array of room ids")
                }
                return id
            }
            let memberOf = Set(try chat.storing("listing memberships") { try chat.store.roomIDs(of: session.user.id) })
            let accepted = Array(Set(requested.filter(memberOf.contains))).sorted()
            let refused = Array(Set(requested.filter { !memberOf.contains($0) })).sorted()
            let wanted = Set(accepted.map(RoomNames.chat))
            for room in socket.rooms where RoomNames.chatRoomID(room) != nil && !wanted.contains(room) { socket.leave(room) }
            socket.join(Array(wanted))
            for roomID in accepted {
                if let presence = hub.presencePayload(roomID) { socket.emit("presence", presence) }
            }
            return [key: .array(accepted.map { .number(Double($0)) }), "refused": .array(refused.map { .number(Double($0)) })]
        }

        // The acknowledgement is sent only now, after postMessage's COMMIT returned: an acknowledged
        // message is on disk. Its id is the stored id.
        events.on("send-message") { session, argument in
            let object = try argument.object(#"{"roomId":id,"text":"...","clientId":"optional"}"#)
            let message = try chat.postMessage(
                session.origin, roomID: try object.requiredID("roomId"), text: try object.requiredString("text"),
                clientID: try object.optionalString("clientId"))
            return ["id": .number(Double(message.id)), "message": SocketIOValue(message.json)]
        }

        events.on("delete-message") { session, argument in
            try chat.deleteMessage(session.origin, messageID: try argument.object(#"{"id":id}"#).requiredID("id"))
            return ["ok": true]
        }

        // Volatile both ways: a lost typing indicator does not matter, so it is dropped rather than queued
        // for a slow client. Only subscribers of the room may send it; the sender's device does not get it back.
        events.on("typing") { session, argument in
            let object = try argument.object(#"{"roomId":id,"typing":true}"#)
            let roomID = try object.requiredID("roomId")
            guard socket.rooms.contains(RoomNames.chat(roomID)) else {
                throw ChatError.forbidden("subscribe to room \(roomID) before sending typing")
            }
            let payload: SocketIOValue = [
                "roomId": .number(Double(roomID)), "user": SocketIOValue(session.user.json),
                "typing": .bool(object["typing"]?.boolValue ?? true),
            ]
            hub.io.to(RoomNames.chat(roomID))
                .except(RoomNames.device(userID: session.user.id, groupID: session.claims.groupID))
                .volatile.emit("typing", payload)
            return ["ok": true]
        }

        events.on("join-room") { session, argument in
            let (room, messages) = try chat.joinRoom(session.origin, roomID: try argument.object(#"{"roomId":id}"#).requiredID("roomId"))
            return ["room": SocketIOValue(room.json), "messages": .array(messages.map { SocketIOValue($0.json) })]
        }

        events.on("leave-room") { session, argument in
            try chat.leaveRoom(session.origin, roomID: try argument.object(#"{"roomId":id}"#).requiredID("roomId"))
            return ["ok": true]
        }

        // A liveness check at the application level (Engine.IO's own ping is invisible to the page).
        events.on("ping") { _, _ in
            let reply: SocketIOValue = ["timestamp": .number(Double(chat.store.clock()))]
            socket.emit("pong", reply)
            return reply
        }
    }
}
