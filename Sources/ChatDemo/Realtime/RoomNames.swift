// SPDX-License-Identifier: MIT

import SIOServer

/// The Socket.IO rooms the app puts sockets in. Rooms are how the server addresses groups of sockets, and a
/// socket leaves all of them when it disconnects, so none of these need cleaning up.
///
/// | room                    | members                                             | used for                         |
/// |-------------------------|-----------------------------------------------------|----------------------------------|
/// | `sio:authenticated`     | every authenticated socket (joined by `Authenticator`) | `admin_message`, room-list events |
/// | `user:<id>`             | every socket of one user                            | user events, notifications       |
/// | `gid:<id>:<gid>`        | the sockets of one device of one user               | leaving out the originating device |
/// | `room:<id>`             | the sockets subscribed to a chat room (`subscribe`) | message events, typing, presence |
/// | `admins`                | the sockets of admins                               | `user_online`, `user_offline`    |
///
/// The device room includes the user id so that a `gid` can only ever leave out sockets of the same user.
enum RoomNames {
    static func user(_ id: Int) -> Room { "user:\(id)" }
    static func device(userID: Int, groupID: String) -> Room { "gid:\(userID):\(groupID)" }
    static func chat(_ roomID: Int) -> Room { "room:\(roomID)" }
    static let admins: Room = "admins"
    static let chatPrefix = "room:"

    /// The chat room id of a `room:<id>` name.
    static func chatRoomID(_ room: Room) -> Int? {
        guard room.hasPrefix(chatPrefix) else { return nil }
        return Int(room.dropFirst(chatPrefix.count))
    }
}
