// SPDX-License-Identifier: MIT

import SIOJSON

/// Where `ChatService` sends what happened, so that sockets learn about it.
///
/// A protocol so that the service does not depend on Socket.IO: the app plugs in `RealtimeHub`, and
/// tests can plug in a recorder.
protocol ChatEventSink: AnyObject {
    /// Sends `event` with one argument to `audience`, leaving out the sockets of `origin`'s device.
    func emit(_ event: String, _ payload: JSON, to audience: Audience, except origin: Origin?)

    /// `userID` joined or left rooms: their sockets stop receiving the rooms they left, and the rooms'
    /// presence lists change.
    func membershipChanged(userID: Int, joined: [Int], left: [Int])

    /// A room was deleted: its subscribers are unsubscribed.
    func roomDeleted(_ roomID: Int)

    /// A user became or stopped being an admin: their sockets join or leave the admins.
    func adminRightsChanged(_ user: User)

    /// A user was deleted: their sockets are disconnected.
    func userDeleted(_ userID: Int)

    /// The ids of the users with at least one connected socket.
    var onlineUserIDs: Set<Int> { get }
}
