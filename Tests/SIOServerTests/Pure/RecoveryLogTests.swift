// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOServer
import Testing

@Suite("Connection state recovery log (socket.io-adapter SessionAwareAdapter), on an injected clock")
struct RecoveryLogTests {
    private let configuration = ConnectionStateRecovery(
        maxDisconnectionDuration: .seconds(10), maxPackets: 3, maxBytes: 1 << 20, maxSessions: 2)

    private func log(_ configuration: ConnectionStateRecovery? = nil) -> RecoveryLog {
        RecoveryLog(configuration: configuration ?? self.configuration, epoch: "ep")
    }

    @discardableResult
    private func emit(
        _ log: inout RecoveryLog, _ text: String, to rooms: Set<Room> = [], except: Set<Room> = [],
        volatile: Bool = false, ackId: Int? = nil, at now: Duration = .zero
    ) -> SocketIOPacket {
        let options = BroadcastOptions(rooms: rooms, except: except, flags: BroadcastFlags(volatile: volatile))
        return log.append(.event("chat", [.string(text)], ackId: ackId), options: options, now: now) {
            (try? DefaultSocketIOParser().encode($0)) ?? []
        }.packet
    }

    private func session(_ pid: String, rooms: Set<Room> = ["sid-1", "lobby"]) -> RecoverableSession {
        RecoverableSession(sid: "sid-1", pid: pid, rooms: rooms, data: ["name": "ada"])
    }

    private func texts(_ entries: [RecoveryEntry]) -> [String] {
        entries.compactMap { $0.packet.arguments.first?.stringValue }
    }

    @Test("a replayable event gets its offset as its last argument, on the wire too; offsets increase")
    func appendsOffsets() {
        var log = log()
        let first = emit(&log, "a")
        let second = emit(&log, "b")
        #expect(first.arguments == ["a", "ep1"])
        #expect(second.arguments == ["b", "ep2"])
        #expect(log.packets.first?.messages == [.text(#"2["chat","a","ep1"]"#)])
        #expect(log.sequence(of: "ep2") == 2)
        #expect(log.sequence(of: "other2") == nil)
    }

    @Test("events with an acknowledgement and volatile events get no offset and are not kept")
    func skipsAcksAndVolatile() {
        var log = log()
        #expect(emit(&log, "asks", ackId: 4).arguments == ["asks"])
        #expect(emit(&log, "tick", volatile: true).arguments == ["tick"])
        #expect(log.packets.isEmpty)
    }

    @Test("a known pid with an offset in the log is recovered once, with the later packets it would have received")
    func restoresMissedPacketsOnce() {
        var log = log(ConnectionStateRecovery(maxDisconnectionDuration: .seconds(10)))
        emit(&log, "seen", to: ["lobby"])
        log.persist(session("p1"), now: .seconds(1))
        emit(&log, "lobby", to: ["lobby"])
        emit(&log, "elsewhere", to: ["kitchen"])
        emit(&log, "everyone")
        emit(&log, "not to me", except: ["sid-1"])
        emit(&log, "direct", to: ["sid-1"])
        let taken = log.takeSession(pid: "p1", offset: "ep1", now: .seconds(2))
        #expect(taken?.0.sid == "sid-1")
        #expect(taken?.0.data == ["name": "ada"])
        #expect(taken?.1 == 1)
        let missed = log.packets(after: 1, for: ["sid-1", "lobby"])
        #expect(texts(missed?.entries ?? []) == ["lobby", "everyone", "direct"])
        #expect(missed?.through == 6)
        #expect(log.takeSession(pid: "p1", offset: "ep1", now: .seconds(2)) == nil)
    }

    @Test("an unknown pid, a foreign offset or a session past the window is not recovered")
    func refusesUnknownOrExpired() {
        var log = log()
        emit(&log, "a")
        log.persist(session("p1"), now: .zero)
        #expect(log.takeSession(pid: "nobody", offset: "ep1", now: .seconds(1)) == nil)
        #expect(log.takeSession(pid: "p1", offset: "zz1", now: .seconds(1)) == nil)
        #expect(log.takeSession(pid: "p1", offset: "ep9", now: .seconds(1)) == nil)
        #expect(log.takeSession(pid: "p1", offset: "ep1", now: .seconds(11)) == nil)
        #expect(log.sessions.isEmpty)
    }

    @Test("at the packet bound the oldest goes, and an offset before it is a gap: not recovered, never partial")
    func dropsOldestPacketsAndRefusesGaps() {
        var log = log()
        for text in ["1", "2", "3", "4", "5"] { emit(&log, text) }
        #expect(texts(Array(log.packets)) == ["3", "4", "5"])
        log.persist(session("p1"), now: .zero)
        log.persist(session("p2"), now: .zero)
        #expect(log.packets(after: 1, for: ["sid-1"]) == nil)
        #expect(log.takeSession(pid: "p1", offset: "ep1", now: .zero) == nil)
        let taken = log.takeSession(pid: "p2", offset: "ep2", now: .zero)
        #expect(taken?.1 == 2)
        #expect(texts(log.packets(after: 2, for: ["sid-1"])?.entries ?? []) == ["3", "4", "5"])
    }

    @Test("at the byte bound the oldest packets go until the rest fit")
    func boundsBytes() {
        var log = log(ConnectionStateRecovery(maxPackets: 100, maxBytes: 40))
        for text in ["1", "2", "3"] { emit(&log, text) }
        #expect(texts(Array(log.packets)) == ["2", "3"])
        #expect(log.byteCount == 38)
    }

    @Test("packets and sessions older than the window are dropped; the newest sessions survive the session bound")
    func expiresByTimeAndBoundsSessions() {
        var log = log()
        emit(&log, "old", at: .zero)
        log.persist(session("p1"), now: .zero)
        log.persist(session("p2"), now: .seconds(5))
        log.persist(session("p3"), now: .seconds(6))
        #expect(Set(log.sessions.keys) == ["p2", "p3"])
        emit(&log, "new", at: .seconds(11))
        #expect(texts(Array(log.packets)) == ["new"])
        log.prune(now: .seconds(16))
        #expect(Set(log.sessions.keys) == ["p3"])
    }

    @Test("restore filtering: in one of the target rooms (or no target), and in none of the excluded ones")
    func filtersByRooms() {
        let entry = { (rooms: Set<Room>, except: Set<Room>) in
            RecoveryEntry(
                sequence: 1, packet: .event("e"), messages: [], options: BroadcastOptions(rooms: rooms, except: except),
                emittedAt: .zero, byteCount: 0)
        }
        #expect(entry([], []).isFor(rooms: ["a"]))
        #expect(entry(["a", "b"], []).isFor(rooms: ["b"]))
        #expect(!entry(["c"], []).isFor(rooms: ["a", "b"]))
        #expect(!entry([], ["b"]).isFor(rooms: ["a", "b"]))
        #expect(!entry(["a"], ["sid"]).isFor(rooms: ["a", "sid"]))
    }
}
