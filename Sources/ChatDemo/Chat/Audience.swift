// SPDX-License-Identifier: MIT

/// Who receives a server event. `ChatService` decides the audience of every event; the realtime layer
/// (`RealtimeHub`) maps it to Socket.IO rooms.
enum Audience: Sendable, Hashable {
    /// Every socket of one user (all their devices and tabs).
    case user(Int)
    /// Every socket of these users.
    case users([Int])
    /// The sockets subscribed to a chat room (`subscribe`): message events and typing.
    case subscribers(roomID: Int)
    /// Every socket of an admin.
    case admins
    /// Every authenticated socket.
    case everyone
}
