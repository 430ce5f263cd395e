// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Dispatch
import Synchronization
import Testing

@Suite("Online users, counted for the whole process")
struct OnlineUsersTests {
    @Test("a user is online from their first socket to their last, and only those two changes are reported")
    func firstAndLast() {
        let online = OnlineUsers()
        #expect(online.socketConnected(userID: 7))
        #expect(!online.socketConnected(userID: 7))
        #expect(online.userIDs == [7] && online.isOnline(7))
        #expect(!online.socketDisconnected(userID: 7))
        #expect(online.isOnline(7))
        #expect(online.socketDisconnected(userID: 7))
        #expect(online.userIDs.isEmpty && !online.isOnline(7))
    }

    @Test("a disconnect of a user who has no socket counted reports nothing and changes nothing")
    func unknownDisconnect() {
        let online = OnlineUsers()
        #expect(!online.socketDisconnected(userID: 3))
        #expect(online.socketConnected(userID: 3))
    }

    @Test("sockets of the same users connecting and leaving on many threads at once report each user online and offline once")
    func manyThreads() {
        let online = OnlineUsers()
        let cameOnline = Atomic(0), wentOffline = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<200 where online.socketConnected(userID: (thread + index) % 3) {
                cameOnline.add(1, ordering: .relaxed)
            }
        }
        #expect(cameOnline.load(ordering: .relaxed) == 3 && online.userIDs == [0, 1, 2])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<200 where online.socketDisconnected(userID: (thread + index) % 3) {
                wentOffline.add(1, ordering: .relaxed)
            }
        }
        #expect(wentOffline.load(ordering: .relaxed) == 3 && online.userIDs.isEmpty)
    }
}
