// SPDX-License-Identifier: MIT

import SIOServer

/// `/api/rooms...`, `/api/direct` and `/api/messages...`: rooms, membership, the history of a room, and the
/// edit history (versions) of a message.
enum RoomRoutes {
    static func install(on router: APIRouter, chat: ChatService) {
        router.add("GET", "/api/rooms", access: .user) { request in
            .ok(["rooms": .array(try chat.rooms(for: request.currentUser).map(\.json))])
        }

        router.add("POST", "/api/rooms", access: .user) { request in
            let body = try request.body()
            let room = try chat.createRoom(
                request.origin, name: try body.requiredString("name"), topic: try body.optionalString("topic") ?? "")
            return .created(["room": room.json])
        }

        router.add("GET", "/api/rooms/:id", access: .user) { request in
            let room = try chat.visibleRoom(request.parameter("id"), for: request.currentUser)
            let online = try chat.presence(roomID: room.id)
            return .ok(["room": room.json, "online": .array(online.map(\.json))])
        }

        router.add("PATCH", "/api/rooms/:id", access: .user) { request in
            let body = try request.body()
            let room = try chat.updateRoom(
                request.origin, roomID: request.parameter("id"), name: try body.optionalString("name"),
                topic: try body.optionalString("topic"))
            return .ok(["room": room.json])
        }

        router.add("DELETE", "/api/rooms/:id", access: .user) { request in
            try chat.deleteRoom(request.origin, roomID: request.parameter("id"))
            return .noContent
        }

        router.add("POST", "/api/rooms/:id/join", access: .user) { request in
            let (room, messages) = try chat.joinRoom(request.origin, roomID: request.parameter("id"))
            return .ok(["room": room.json, "messages": .array(messages.map(\.json))])
        }

        router.add("POST", "/api/rooms/:id/leave", access: .user) { request in
            try chat.leaveRoom(request.origin, roomID: request.parameter("id"))
            return .noContent
        }

        router.add("POST", "/api/direct", access: .user) { request in
            let room = try chat.openDirectRoom(request.origin, with: try request.body().requiredString("name"))
            return .ok(["room": room.json])
        }

        router.add("GET", "/api/rooms/:id/messages", access: .user) { request in
            // Non-nil: a default is given.
            let limit = try request.queryInt("limit", in: 1...Limits.maxPageSize, default: Limits.defaultPageSize)!
            let before = try request.queryInt("before", in: 1...Int.max, default: nil)
            let messages = try chat.history(request.currentUser, roomID: request.parameter("id"), before: before, limit: limit)
            return .ok(["messages": .array(messages.map(\.json)), "hasMore": .bool(messages.count == limit)])
        }

        router.add("POST", "/api/rooms/:id/messages", access: .user) { request in
            let body = try request.body()
            let message = try chat.postMessage(
                request.origin, roomID: request.parameter("id"), text: try body.requiredString("text"),
                clientID: try body.optionalString("clientId"))
            return .created(["message": message.json])
        }

        router.add("DELETE", "/api/messages/:id", access: .user) { request in
            try chat.deleteMessage(request.origin, messageID: request.parameter("id"))
            return .noContent
        }

        router.add("PATCH", "/api/messages/:id", access: .user) { request in
            let text = try request.body().requiredString("text")
            let (message, version) = try chat.editMessage(request.origin, messageID: request.parameter("id"), text: text)
            return .ok(["message": message.json, "version": version.json])
        }

        router.add("GET", "/api/messages/:id/versions", access: .user) { request in
            let versions = try chat.versions(request.currentUser, messageID: request.parameter("id"))
            return .ok(["versions": .array(versions.map(\.json))])
        }

        router.add("DELETE", "/api/messages/:id/versions/:version", access: .user) { request in
            try chat.deleteVersion(request.origin, messageID: request.parameter("id"), versionID: request.parameter("version"))
            return .noContent
        }
    }
}
