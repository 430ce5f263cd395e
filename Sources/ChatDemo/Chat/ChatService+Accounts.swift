// SPDX-License-Identifier: MIT

import SIOJSON

/// The account events of the seed documents: audiobookshelf's `user_added` / `user_removed` (to admins) and
/// `user_updated` (to the user), and the Localful reference's `user-password-change` and `user-email-change`
/// (to the user's other devices, under the `gid` rule).
extension ChatService {
    /// The user as they see themselves (audiobookshelf's `toJSONForSameUser`): `publicJSON` plus `email`,
    /// which no one else is shown.
    func ownJSON(_ user: User) throws(ChatError) -> JSON {
        let email = try storing("reading an email") { try store.email(userID: user.id) }
        guard case .object(var object) = user.publicJSON else { return user.publicJSON }
        object["email"] = email.map(JSON.string) ?? .null
        return .object(object)
    }

    /// A new account exists: admins get `user_added` with the public user.
    func userRegistered(_ user: User) {
        sink?.emit("user_added", user.publicJSON, to: .admins, except: nil)
    }

    /// The user changed their password: their other devices get `user-password-change` `{"id"}` (a client may
    /// log out there, or ask for the password again). The password never travels in an event.
    func passwordChanged(_ origin: Origin) {
        sink?.emit("user-password-change", ["id": .number(Double(origin.user.id))], to: .user(origin.user.id), except: origin)
    }

    /// Sets (or, with `nil`, removes) the user's email address: `user-email-change` `{"id","email"}` to their
    /// other devices, and `user_updated` with their own JSON to all of their sockets.
    func changeEmail(_ origin: Origin, email: String?) throws(ChatError) -> JSON {
        if let email { try Limits.checkEmail(email) }
        let user = origin.user
        guard try storing("changing an email", { try store.setEmail(userID: user.id, email) }) else {
            throw .notFound("user \(user.id) not found")
        }
        logger.info("\(user.name) \(email == nil ? "removed" : "changed") their email address")
        sink?.emit(
            "user-email-change", ["id": .number(Double(user.id)), "email": email.map(JSON.string) ?? .null],
            to: .user(user.id), except: origin)
        return try announceUserUpdated(user)
    }

    /// `user_updated` with the user's own JSON to every socket of theirs (as audiobookshelf's `clientEmitter`);
    /// returns that JSON.
    @discardableResult
    func announceUserUpdated(_ user: User) throws(ChatError) -> JSON {
        let json = try ownJSON(user)
        sink?.emit("user_updated", json, to: .user(user.id), except: nil)
        return json
    }
}
