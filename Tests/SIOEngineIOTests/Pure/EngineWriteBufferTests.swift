// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO

@Suite("Engine.IO write buffer")
struct EngineWriteBufferTests {
    /// `4m0`, `4m1`, ...: three bytes each on the wire.
    static func messages(_ range: Range<Int>) -> [EnginePacket] {
        range.map { EnginePacket.message("m\($0 % 10)") }
    }

    @Test("counts the packets and the polling text bytes that wait")
    func totals() {
        var buffer = EngineWriteBuffer()
        buffer.append(.message("hello"))
        buffer.append(EnginePacket(message: .binary([1, 2, 3, 4])))
        #expect(buffer.count == 2)
        #expect(buffer.byteCount == "4hello".utf8.count + "bAQIDBA==".utf8.count)
        _ = buffer.popFront(maxBytes: 1_000, maxPackets: 1)
        #expect(buffer.count == 1)
        #expect(buffer.byteCount == "bAQIDBA==".utf8.count)
    }

    @Test("takes what fits in one response, separators counted, and at least one packet")
    func popFront() {
        var buffer = EngineWriteBuffer()
        buffer.append(contentsOf: Self.messages(0..<5))
        // "4m0\u{1E}4m1" is 7 bytes; a third packet would make 11.
        #expect(buffer.popFront(maxBytes: 10, maxPackets: 16) == Self.messages(0..<2))
        #expect(buffer.popFront(maxBytes: 1_000, maxPackets: 2) == Self.messages(2..<4))
        #expect(buffer.popFront(maxBytes: 0, maxPackets: 0) == Self.messages(4..<5))
        #expect(buffer.isEmpty)
        #expect(buffer.popFront(maxBytes: 1_000, maxPackets: 16) == [])
    }

    @Test("gives every packet exactly once, in order, across compactions and appends between takes")
    func order() {
        var buffer = EngineWriteBuffer()
        var taken: [EnginePacket] = []
        var next = 0
        for round in 0..<200 {
            let added = round % 7 * 13
            buffer.append(contentsOf: Self.messages(next..<next + added))
            next += added
            taken += buffer.popFront(maxBytes: 1_000_000, maxPackets: 16)
        }
        taken += buffer.popAll()
        #expect(taken == Self.messages(0..<next))
        #expect(buffer.isEmpty && buffer.count == 0 && buffer.byteCount == 0)
    }

    @Test("empties at once with removeAll")
    func removeAll() {
        var buffer = EngineWriteBuffer()
        buffer.append(contentsOf: Self.messages(0..<100))
        buffer.removeAll()
        #expect(buffer.isEmpty && buffer.byteCount == 0)
        #expect(buffer.popAll() == [])
    }
}

@Suite("Engine.IO session: write buffer bound")
struct EngineSessionWriteBufferBoundTests {
    static func bounded(packets: Int = 10, bytes: Int = 1_000) -> EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.maxBufferedPackets = packets
        configuration.maxBufferedBytes = bytes
        configuration.maxPayload = 100
        return configuration
    }

    @Test("closes with transport error, counted, once more packets wait than maxBufferedPackets")
    func packetBound() {
        var machine = openedSession(configuration: Self.bounded(packets: 10))
        for _ in 0..<10 { #expect(machine.send([.text("a")]) == []) }
        #expect(machine.send([.text("a")]) == [.writeBufferFull, .closeTransport(.polling), .closeSession(.transportError)])
        #expect(machine.isClosed)
        #expect(machine.send([.text("a")]) == [])
    }

    @Test("closes with transport error once more bytes wait than maxBufferedBytes (never less than maxPayload)")
    func byteBound() {
        var machine = openedSession(configuration: Self.bounded(packets: 1_000, bytes: 10))
        // The byte bound is raised to maxPayload, 100: "4" + 49 bytes twice is exactly 100.
        let text = String(repeating: "x", count: 49)
        #expect(machine.send([.text(text), .text(text)]) == [])
        #expect(machine.send([.text("")]) == [.writeBufferFull, .closeTransport(.polling), .closeSession(.transportError)])
    }

    @Test("answers a pending GET with 1 when one batch overflows the buffer past what the GET carries")
    func overflowWithPendingGET() {
        var machine = openedSession(configuration: Self.bounded(packets: 3))
        _ = machine.transportReady()
        let batch = [EngineMessage](repeating: .text("a"), count: 20)
        #expect(
            machine.send(batch) == [
                .send([EnginePacket](repeating: .message("a"), count: 16), on: .polling), .writeBufferFull,
                .closeTransport(.polling), .closeSession(.transportError),
            ])
    }

    @Test("counts the ping it queues for a client that does not poll")
    func pingCounts() {
        var machine = openedSession(configuration: Self.bounded(packets: 2))
        _ = machine.send([.text("a"), .text("b")])
        #expect(machine.timerFired(now: .seconds(25)) == [.writeBufferFull, .closeTransport(.polling), .closeSession(.transportError)])
    }

    @Test("never closes a client that polls, however much passes through")
    func pollingClientStays() {
        var machine = openedSession(configuration: Self.bounded(packets: 20))
        var received = 0
        for _ in 0..<100 {
            _ = machine.send([EngineMessage](repeating: .text("a"), count: 16))
            for action in machine.transportReady() {
                if case .send(let packets, _) = action { received += packets.count }
            }
        }
        #expect(received == 1_600)
        #expect(!machine.isClosed)
    }
}
