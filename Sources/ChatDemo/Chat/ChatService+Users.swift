// SPDX-License-Identifier: MIT

import SIOJSON

extension ChatService {
    /// `{"user":{...},"rooms":[1,4],"email":"..."}`: the `user-update` payload and the answer of `GET /api/me`
    /// (both only ever reach the user themselves, so the email may be in it).
    func profile(_ user: User) throws(ChatError) -> JSON {
        let roomIDs = try storing("listing memberships") { try store.roomIDs(of: user.id) }
        let email = try storing("reading an email") { try store.email(userID: user.id) }
        return ["user": user.json, "rooms": .array(roomIDs.map { .number(Double($0)) }), "email": email.map(JSON.string) ?? .null]
    }

    /// Tells the user's other devices that their profile or memberships changed (`user-update`).
    func announceMemberships(of user: User, except origin: Origin?) throws(ChatError) {
        sink?.emit("user-update", try profile(user), to: .user(user.id), except: origin)
    }

    /// Every user, with whether they are online now.
    func directory() throws(ChatError) -> JSON {
        let online = sink?.onlineUserIDs ?? []
        let users = try storing("listing users") { try store.users() }
        return .array(users.map { user in
            var json = user.json
            if case .object(var object) = json {
                object["online"] = .bool(online.contains(user.id))
                json = .object(object)
            }
            return json
        })
    }

    /// Grants or revokes admin rights (admins only; an admin cannot demote themselves, so there is always
    /// at least one). The user's sockets get `user-update`.
    func setAdmin(_ origin: Origin, userID: Int, isAdmin: Bool) throws(ChatError) -> User {
        try requireAdmin(origin, "changing admin rights")
        guard userID != origin.user.id || isAdmin else { throw .badRequest("an admin cannot remove their own admin rights") }
        let user = try storing("changing admin rights") { try store.setAdmin(userID: userID, isAdmin) }
        guard let user else { throw .notFound("user \(userID) not found") }
        logger.info("\(origin.user.name) \(isAdmin ? "granted" : "revoked") admin rights of \(user.name)")
        sink?.adminRightsChanged(user)
        try announceMemberships(of: user, except: nil)
        try announceUserUpdated(user)
        return user
    }

    /// Deletes an account: the user themselves, or an admin. The user's sockets get `user-delete`, then are
    /// disconnected; their messages stay, under their name.
    func deleteUser(_ origin: Origin, userID: Int) throws(ChatError) {
        guard userID == origin.user.id || origin.user.isAdmin else {
            throw refuse(.forbidden("only an admin may delete another account"), origin, "deleting user \(userID)")
        }
        let user = try storing("finding a user") { try store.user(id: userID) }
        guard let user else { throw .notFound("user \(userID) not found") }
        let roomIDs = try storing("listing memberships") { try store.roomIDs(of: userID) }
        _ = try storing("deleting a user") { try store.deleteUser(id: userID) }
        logger.info("\(origin.user.name) deleted the account of \(user.name) (#\(userID))")
        sink?.emit("user-delete", ["id": .number(Double(userID))], to: .user(userID), except: nil)
        sink?.emit("user_removed", user.publicJSON, to: .admins, except: nil)
        sink?.membershipChanged(userID: userID, joined: [], left: roomIDs)
        sink?.userDeleted(userID)
    }

    /// Refuses (403, logged) unless the user is an admin *now*: the store is asked, not the token, so a
    /// revoked admin loses their rights at once.
    func requireAdmin(_ origin: Origin, _ what: String) throws(ChatError) {
        let current = try storing("checking admin rights") { try store.user(id: origin.user.id) }
        guard current?.isAdmin == true else { throw refuse(.forbidden("admins only"), origin, what) }
    }
}
