// SPDX-License-Identifier: MIT

extension ChatService {
    /// A message `user` may see (its room is visible to them); 404 otherwise, so other rooms cannot be probed.
    func visibleMessage(_ messageID: Int, for user: User) throws(ChatError) -> Message {
        let message = try storing("reading a message") { try store.message(id: messageID) }
        guard let message, (try? visibleRoom(message.roomID, for: user)) != nil else {
            throw .notFound("message \(messageID) not found")
        }
        return message
    }

    /// Edits a message (its author, still a member of the room): the new text becomes a version of the
    /// message, and the room's subscribers get `version-create` `{"version","message"}`, except the
    /// originating device. At `Limits.maxVersionsPerMessage` versions the edit is refused with 409.
    func editMessage(_ origin: Origin, messageID: Int, text: String) throws(ChatError) -> (Message, MessageVersion) {
        try Limits.checkMessageText(text)
        let message = try visibleMessage(messageID, for: origin.user)
        guard message.authorID == origin.user.id else {
            throw refuse(.forbidden("only the author may edit a message"), origin, "editing message \(messageID)")
        }
        _ = try memberRoom(message.roomID, for: origin, "editing message \(messageID)")
        let count = try storing("counting versions") { try store.versionCount(messageID: messageID) }
        guard count < Limits.maxVersionsPerMessage else {
            throw .conflict("message \(messageID) has \(count) versions, the limit; delete one before editing again")
        }
        let edited = try storing("editing a message") { try store.editMessage(id: messageID, text: text) }
        guard let (updated, version) = edited else { throw .notFound("message \(messageID) not found") }
        sink?.emit(
            "version-create", ["version": version.json, "message": updated.json],
            to: .subscribers(roomID: updated.roomID), except: origin)
        return (updated, version)
    }

    /// The versions of a message, oldest first, for a member of its room.
    func versions(_ user: User, messageID: Int) throws(ChatError) -> [MessageVersion] {
        let message = try visibleMessage(messageID, for: user)
        _ = try memberRoom(message.roomID, for: Origin(user: user, groupID: nil), "reading message \(messageID)")
        return try storing("reading versions") { try store.versions(messageID: messageID) }
    }

    /// Deletes a version from a message's history (its author or an admin); the message keeps its text. The
    /// room's subscribers get `version-delete` `{"id","messageId","roomId"}`, except the originating device.
    func deleteVersion(_ origin: Origin, messageID: Int, versionID: Int) throws(ChatError) {
        let message = try visibleMessage(messageID, for: origin.user)
        let version = try storing("reading a version") { try store.version(id: versionID) }
        guard let version, version.messageID == messageID else {
            throw .notFound("version \(versionID) of message \(messageID) not found")
        }
        guard message.authorID == origin.user.id || origin.user.isAdmin else {
            throw refuse(.forbidden("only the author or an admin may delete a version"), origin, "deleting version \(versionID)")
        }
        _ = try storing("deleting a version") { try store.deleteVersion(id: versionID) }
        sink?.emit(
            "version-delete",
            ["id": .number(Double(versionID)), "messageId": .number(Double(messageID)), "roomId": .number(Double(message.roomID))],
            to: .subscribers(roomID: message.roomID), except: origin)
    }
}
