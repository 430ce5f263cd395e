// SPDX-License-Identifier: MIT

import Synchronization

/// Who is online in this process: the number of authenticated sockets of each user, whichever event loop
/// each socket is on.
///
/// A user's tabs and devices may each land on a different loop (connections are dealt to the loops in turn),
/// so no loop alone can tell "their first socket" or "their last one". Every loop's `RealtimeHub` counts here
/// instead, under one lock, and the answer of each change decides the `user_online` / `user_offline` events:
/// exactly one loop sees a user come online, and exactly one sees them go offline.
///
/// With `--redis`, the count stays per process: presence lists and `user_online` describe this process's
/// sockets, as docs/deploy.md says.
final class OnlineUsers: Sendable {
    private let sockets = Mutex<[Int: Int]>([:])

    /// Counts one more socket of `userID`; true when it is their first (they just came online).
    func socketConnected(userID: Int) -> Bool {
        sockets.withLock { counts in
            counts[userID, default: 0] += 1
            return counts[userID] == 1
        }
    }

    /// Counts one socket of `userID` fewer; true when it was their last (they just went offline).
    func socketDisconnected(userID: Int) -> Bool {
        sockets.withLock { counts in
            guard let count = counts[userID] else { return false }
            counts[userID] = count > 1 ? count - 1 : nil
            return count == 1
        }
    }

    /// The number of authenticated sockets of each online user (audiobookshelf's `connections`).
    var connections: [Int: Int] { sockets.withLock { $0 } }

    /// The users with at least one authenticated socket.
    var userIDs: Set<Int> { sockets.withLock { Set($0.keys) } }

    func isOnline(_ userID: Int) -> Bool { sockets.withLock { $0[userID] != nil } }
}
