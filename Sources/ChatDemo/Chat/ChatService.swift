// SPDX-License-Identifier: MIT

import SIOServer

/// Every change to the chat goes through here, whether it came over HTTP or Socket.IO: the rules (limits,
/// membership, who may delete what), the store, and the events that tell the sockets.
///
/// One place for the rules means the two APIs cannot drift apart: posting a message over HTTP and over
/// Socket.IO store the same row, create the same notifications and broadcast the same `message-create`.
/// Each method checks, writes (one transaction), then emits; it emits only after the write committed, so a
/// socket never hears about something the store does not have.
///
/// Errors a client caused are `ChatError`s; a failing store is logged and reported as `internalError`.
/// Confined to the event loop (see `ChatStore` for why).
final class ChatService {
    let store: ChatStore
    let logger: Logger
    /// Set once the realtime layer exists (it needs the service too); until then nothing is emitted.
    var sink: (any ChatEventSink)?

    init(store: ChatStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Runs a store call, turning anything that is not a `ChatError` into a logged `internalError`.
    func storing<T>(_ what: String, _ body: () throws -> T) throws(ChatError) -> T {
        do {
            return try body()
        } catch let error as ChatError {
            throw error
        } catch {
            logger.error("store failure while \(what): \(error)")
            throw .internalError
        }
    }

    /// Logs a refused action at `warn` (an admin listening at level 3 sees attempts to do what one may not).
    func refuse(_ error: ChatError, _ origin: Origin, _ what: String) -> ChatError {
        logger.warn("refused \(what) by \(origin.user.name) (#\(origin.user.id)): \(error.message)")
        return error
    }

    // MARK: Rooms

    /// The rooms `user` sees: every public room and their direct rooms.
    func rooms(for user: User) throws(ChatError) -> [ChatRoom] {
        try storing("listing rooms") { try store.rooms(visibleTo: user.id) }
    }

    /// A room `user` may see (public, or direct with them in it); 404 otherwise, so direct rooms of others
    /// cannot be probed.
    func visibleRoom(_ roomID: Int, for user: User) throws(ChatError) -> ChatRoom {
        let room = try storing("reading a room") { () -> ChatRoom? in
            guard let room = try store.room(id: roomID) else { return nil }
            if room.kind == .direct, try !store.isMember(roomID: roomID, userID: user.id) { return nil }
            return room
        }
        guard let room else { throw .notFound("room \(roomID) not found") }
        return room
    }

    /// The room, if `user` is a member; 404 if they cannot see it, 403 if they can but are not in it.
    func memberRoom(_ roomID: Int, for origin: Origin, _ what: String) throws(ChatError) -> ChatRoom {
        let room = try visibleRoom(roomID, for: origin.user)
        guard try storing("checking membership", { try store.isMember(roomID: roomID, userID: origin.user.id) }) else {
            throw refuse(.forbidden("not a member of room \(roomID)"), origin, what)
        }
        return room
    }

    func createRoom(_ origin: Origin, name rawName: String, topic: String) throws(ChatError) -> ChatRoom {
        let name = try Limits.roomName(rawName)
        try Limits.checkTopic(topic)
        let room = try storing("creating a room") { try store.createRoom(name: name, topic: topic, creator: origin.user) }
        logger.info("\(origin.user.name) created room #\(room.id) '\(room.name)'")
        sink?.emit("room-create", ["room": room.json], to: .everyone, except: origin)
        try announceMemberships(of: origin.user, except: origin)
        sink?.membershipChanged(userID: origin.user.id, joined: [room.id], left: [])
        return room
    }

    /// Renames a room or changes its topic: its creator or an admin; direct rooms cannot be renamed.
    func updateRoom(_ origin: Origin, roomID: Int, name rawName: String?, topic: String?) throws(ChatError) -> ChatRoom {
        let room = try visibleRoom(roomID, for: origin.user)
        guard room.kind == .public else { throw .badRequest("a direct conversation cannot be renamed") }
        guard room.createdBy == origin.user.id || origin.user.isAdmin else {
            throw refuse(.forbidden("only the room's creator or an admin may change it"), origin, "updating room \(roomID)")
        }
        let name = try rawName.map { (raw) throws(ChatError) in try Limits.roomName(raw) }
        if let topic { try Limits.checkTopic(topic) }
        let updated = try storing("updating a room") { try store.updateRoom(id: roomID, name: name, topic: topic) }
        guard let updated else { throw .notFound("room \(roomID) not found") }
        sink?.emit("room-update", ["room": updated.json], to: .everyone, except: origin)
        return updated
    }

    /// Deletes a room with its messages: its creator or an admin.
    func deleteRoom(_ origin: Origin, roomID: Int) throws(ChatError) {
        let room = try visibleRoom(roomID, for: origin.user)
        guard room.createdBy == origin.user.id || origin.user.isAdmin else {
            throw refuse(.forbidden("only the room's creator or an admin may delete it"), origin, "deleting room \(roomID)")
        }
        let audience = try roomListAudience(room)
        _ = try storing("deleting a room") { try store.deleteRoom(id: roomID) }
        logger.info("\(origin.user.name) deleted room #\(roomID) '\(room.name)'")
        sink?.emit("room-delete", ["id": .number(Double(roomID))], to: audience, except: origin)
        sink?.roomDeleted(roomID)
    }

    /// Joins a public room and returns it with its latest messages (the history shown on join).
    func joinRoom(_ origin: Origin, roomID: Int) throws(ChatError) -> (room: ChatRoom, messages: [Message]) {
        let room = try visibleRoom(roomID, for: origin.user)
        let joined = try storing("joining a room") { try store.join(roomID: roomID, userID: origin.user.id) }
        let messages = try history(origin.user, roomID: roomID, before: nil, limit: Limits.defaultPageSize)
        if joined {
            try announceMemberships(of: origin.user, except: origin)
            sink?.membershipChanged(userID: origin.user.id, joined: [roomID], left: [])
        }
        return (try visibleRoom(room.id, for: origin.user), messages)
    }

    func leaveRoom(_ origin: Origin, roomID: Int) throws(ChatError) {
        let room = try visibleRoom(roomID, for: origin.user)
        guard room.kind == .public else { throw .badRequest("a direct conversation cannot be left") }
        guard try storing("leaving a room", { try store.leave(roomID: roomID, userID: origin.user.id) }) else { return }
        try announceMemberships(of: origin.user, except: origin)
        sink?.membershipChanged(userID: origin.user.id, joined: [], left: [roomID])
    }

    /// The direct conversation with `otherName`, created on first use (both users get `room-create`).
    func openDirectRoom(_ origin: Origin, with otherName: String) throws(ChatError) -> ChatRoom {
        let other = try storing("finding a user") { try store.user(named: otherName) }
        guard let other else { throw .notFound("no user named '\(otherName)'") }
        guard other.id != origin.user.id else { throw .badRequest("a direct conversation needs another user") }
        let (room, created) = try storing("opening a direct room") { try store.directRoom(between: origin.user, and: other) }
        if created {
            sink?.emit("room-create", ["room": room.json], to: .users([origin.user.id, other.id]), except: origin)
            try announceMemberships(of: origin.user, except: origin)
            try announceMemberships(of: other, except: nil)
            sink?.membershipChanged(userID: origin.user.id, joined: [room.id], left: [])
            sink?.membershipChanged(userID: other.id, joined: [room.id], left: [])
        }
        return room
    }

    /// Who receives the room-list events of `room`: everyone for a public room, its members for a direct one.
    func roomListAudience(_ room: ChatRoom) throws(ChatError) -> Audience {
        guard room.kind == .direct else { return .everyone }
        return .users(try storing("listing members") { try store.members(of: room.id).map(\.id) })
    }

    /// The members of `roomID` with a connected socket: the room's presence list.
    func presence(roomID: Int) throws(ChatError) -> [User] {
        let online = sink?.onlineUserIDs ?? []
        return try storing("reading presence") { try store.members(of: roomID) }.filter { online.contains($0.id) }
    }
}
