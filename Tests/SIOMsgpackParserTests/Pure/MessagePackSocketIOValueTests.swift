// SPDX-License-Identifier: MIT

import SIOMessagePack
import SIOMsgpackParser
import SIOServer
import SIOTestSupport
import Testing

@Suite("Socket.IO values in MessagePack")
struct MessagePackSocketIOValueTests {
    /// What notepack writes for a JavaScript number: integral and finite means an integer format (`-0` too:
    /// `Math.floor(-0) === -0`), anything else float 64.
    static let numbers: [(number: Double, bytes: String)] = [
        (0, "00"),
        (-0.0, "00"),
        (42, "2a"),
        (-7, "f9"),
        (1e15, "cf 00 03 8d 7e a4 c6 80 00"),
        (-1e15, "d3 ff fc 72 81 5b 39 80 00"),
        (1.5, "cb 3f f8 00 00 00 00 00 00"),
        (.infinity, "cb 7f f0 00 00 00 00 00 00"),
        (1e300, "cb 7e 37 e4 3c 88 00 75 9c"),
    ]

    @Test("numbers are written as notepack writes JavaScript numbers", arguments: numbers)
    func writesNumbers(_ vector: (number: Double, bytes: String)) {
        #expect(MessagePackEncoder.encode(MessagePackValue(SocketIOValue.number(vector.number))) == hex(vector.bytes))
    }

    @Test("a whole tree round-trips, bytes included")
    func roundTrips() throws {
        let value: SocketIOValue = ["name": "ada", "age": 36, "ratio": 0.5, "tags": ["a", .null, true], "avatar": .binary([0, 1, 255])]
        let bytes = MessagePackEncoder.encode(MessagePackValue(value))
        #expect(SocketIOValue(try MessagePackDecoder.decode(bytes)) == value)
    }

    @Test("integers of every width come back as numbers")
    func readsIntegersAsNumbers() throws {
        #expect(SocketIOValue(try MessagePackDecoder.decode(hex("d0 05"))) == .number(5))
        #expect(SocketIOValue(try MessagePackDecoder.decode(hex("cf ff ff ff ff ff ff ff ff"))) == .number(Double(UInt64.max)))
    }

    @Test("map keys that are not strings become the strings JavaScript makes of them")
    func namesNonStringKeys() throws {
        let map = MessagePackValue.map([
            MessagePackPair(key: .int(1), value: .string("one")),
            MessagePackPair(key: .bool(true), value: .nil),
            MessagePackPair(key: .array([]), value: .nil),
        ])
        #expect(SocketIOValue(map) == ["1": "one", "true": .null])
    }

    /// notepack 3 writes a `Date` as the timestamp extension; a Node server's clients would receive the Date
    /// as `JSON.stringify` writes it, so that is what our clients get too.
    static let timestamps: [(bytes: String, text: String)] = [
        ("d6 ff 39 45 79 80", "2000-06-13T00:00:00.000Z"),  // notepack's README: new Date('2000-06-13T00:00:00.000Z')
        ("d6 ff 00 00 00 00", "1970-01-01T00:00:00.000Z"),
        ("d7 ff 77 35 94 00 00 00 00 00", "1970-01-01T00:00:00.500Z"),  // 500,000,000 ns in the upper 30 bits
        ("c7 0c ff 00 00 00 00 ff ff ff ff ff ff ff ff", "1969-12-31T23:59:59.000Z"),
        ("d6 ff 5e 0b e1 00", "2020-01-01T00:00:00.000Z"),
        ("d6 ff 38 6d 43 80", "2000-01-01T00:00:00.000Z"),
        ("d6 ff 38 6d 43 7f", "1999-12-31T23:59:59.000Z"),
        ("d6 ff 38 bb 0c 00", "2000-02-29T00:00:00.000Z"),  // a leap day
        ("d6 ff 38 bc 5d 80", "2000-03-01T00:00:00.000Z"),
        ("d6 ff f4 d4 1f 80", "2100-03-01T00:00:00.000Z"),  // 2100 is not a leap year
        ("c7 0c ff 00 00 00 00 ff ff ff ff 7c 55 81 80", "1900-01-01T00:00:00.000Z"),
    ]

    @Test("a timestamp extension becomes the ISO 8601 text of Date.toJSON", arguments: timestamps)
    func readsTimestamps(_ vector: (bytes: String, text: String)) throws {
        #expect(SocketIOValue(try MessagePackDecoder.decode(hex(vector.bytes))) == .string(vector.text))
    }

    /// Dates JavaScript writes in its extended formats, and seconds no Date can hold (found with the msgpack
    /// fuzz harness: the smallest 64-bit seconds overflowed the day arithmetic and crashed the reading process).
    static let farTimestamps: [(bytes: String, value: SocketIOValue)] = [
        ("d6 ff ff ff ff ff", "2106-02-07T06:28:15.000Z"),  // 32-bit seconds are unsigned
        ("c7 0c ff 00 00 00 00 ff ff ff f1 86 8b 84 00", "0000-01-01T00:00:00.000Z"),
        ("c7 0c ff 00 00 00 00 ff ff ff f1 86 8a 32 80", "-000001-12-31T00:00:00.000Z"),
        ("c7 0c ff 00 00 00 00 00 00 00 3a ff f4 41 80", "+010000-01-01T00:00:00.000Z"),
        ("c7 0c ff 00 00 00 00 00 00 07 db a8 21 80 00", "+275760-09-13T00:00:00.000Z"),  // the last valid Date
        ("c7 0c ff 00 00 00 01 ff ff ff ff ff ff ff ff", "1969-12-31T23:59:59.001Z"),  // -999.999999 ms, cut toward zero
        ("c7 0c ff 00 00 00 00 00 00 07 db a8 21 80 01", .null),  // one second past it: an Invalid Date
        ("c7 0c ff 00 00 00 00 80 00 00 00 00 00 00 00", .null),
        ("c7 0c ff ff ff ff ff 7f ff ff ff ff ff ff ff", .null),
    ]

    @Test(
        "a timestamp far from 1970 reads as JavaScript writes it, and one no Date can hold as null",
        arguments: farTimestamps)
    func readsFarTimestamps(_ vector: (bytes: String, value: SocketIOValue)) throws {
        #expect(SocketIOValue(try MessagePackDecoder.decode(hex(vector.bytes))) == vector.value)
    }

    @Test("other extensions, notepack 2's undefined among them, become null")
    func readsOtherExtensionsAsNull() throws {
        #expect(SocketIOValue(try MessagePackDecoder.decode(hex("d4 00 00"))) == .null)
        #expect(SocketIOValue(try MessagePackDecoder.decode(hex("c7 02 07 01 02"))) == .null)
    }
}
