// SPDX-License-Identifier: MIT

import SIOMessagePack
import SIOTestSupport
import Testing

@Suite("MessagePack encoder and decoder")
struct MessagePackTests {
    /// Values and the bytes notepack.io 3 writes for them: the smallest format, unsigned formats for
    /// non-negative integers, float 64 for every float (msgpack spec "Formats"; cross-checked with
    /// msgpack-python 1.1, which picks the same formats for these values).
    static let vectors: [(value: MessagePackValue, bytes: String)] = [
        (.nil, "c0"),
        (.bool(false), "c2"),
        (.bool(true), "c3"),
        (.int(0), "00"),
        (.int(127), "7f"),
        (.int(128), "cc 80"),
        (.int(255), "cc ff"),
        (.int(256), "cd 01 00"),
        (.int(65535), "cd ff ff"),
        (.int(65536), "ce 00 01 00 00"),
        (.int(4_294_967_295), "ce ff ff ff ff"),
        (.int(4_294_967_296), "cf 00 00 00 01 00 00 00 00"),
        (.uint(UInt64.max), "cf ff ff ff ff ff ff ff ff"),
        (.int(-1), "ff"),
        (.int(-32), "e0"),
        (.int(-33), "d0 df"),
        (.int(-128), "d0 80"),
        (.int(-129), "d1 ff 7f"),
        (.int(-32768), "d1 80 00"),
        (.int(-32769), "d2 ff ff 7f ff"),
        (.int(-2_147_483_648), "d2 80 00 00 00"),
        (.int(-2_147_483_649), "d3 ff ff ff ff 7f ff ff ff"),
        (.float(1.5), "cb 3f f8 00 00 00 00 00 00"),
        (.float(-0.1), "cb bf b9 99 99 99 99 99 9a"),
        (.string(""), "a0"),
        (.string("foo"), "a3 66 6f 6f"),
        (.string("é"), "a2 c3 a9"),
        (.string(String(repeating: "a", count: 32)), "d9 20 " + Array(repeating: "61", count: 32).joined(separator: " ")),
        (.binary([]), "c4 00"),
        (.binary([1, 2]), "c4 02 01 02"),
        (.array([]), "90"),
        (.array([.int(1), .string("a")]), "92 01 a1 61"),
        (.object([:]), "80"),
        // notepack's README example: encode({foo: 'bar'})
        (.object(["foo": .string("bar")]), "81 a3 66 6f 6f a3 62 61 72"),
        (.extension(type: -1, data: [0x39, 0x45, 0x79, 0x80]), "d6 ff 39 45 79 80"),
        (.extension(type: 5, data: [1, 2, 3]), "c7 03 05 01 02 03"),
    ]

    @Test("encodes each value with notepack's format", arguments: vectors)
    func encodes(_ vector: (value: MessagePackValue, bytes: String)) {
        #expect(MessagePackEncoder.encode(vector.value) == hex(vector.bytes))
    }

    @Test("decodes the bytes back to the value", arguments: vectors)
    func decodes(_ vector: (value: MessagePackValue, bytes: String)) throws {
        #expect(try MessagePackDecoder.decode(hex(vector.bytes)) == vector.value)
    }

    /// Formats notepack never writes but other encoders do: the decoder reads them as the same values.
    static let otherFormats: [(bytes: String, value: MessagePackValue)] = [
        ("d0 05", .int(5)),
        ("cd 00 01", .int(1)),
        ("ca 3f c0 00 00", .float(1.5)),
        ("da 00 01 61", .string("a")),
        ("db 00 00 00 01 61", .string("a")),
        ("c5 00 01 ff", .binary([0xff])),
        ("dc 00 01 c0", .array([.nil])),
        ("de 00 01 a1 61 01", .object(["a": .int(1)])),
        ("81 01 c3", .map([MessagePackPair(key: .int(1), value: .bool(true))])),
    ]

    @Test("reads every format of the spec, not only notepack's", arguments: otherFormats)
    func decodesOtherFormats(_ vector: (bytes: String, value: MessagePackValue)) throws {
        #expect(try MessagePackDecoder.decode(hex(vector.bytes)) == vector.value)
    }

    @Test("uses 16- and 32-bit lengths for long strings, bytes, arrays and maps")
    func encodesLongContainers() throws {
        let bytes = [UInt8](repeating: 7, count: 300)
        #expect(Array(MessagePackEncoder.encode(.binary(bytes)).prefix(3)) == hex("c5 01 2c"))
        #expect(Array(MessagePackEncoder.encode(.string(String(repeating: "x", count: 70_000))).prefix(5)) == hex("db 00 01 11 70"))
        let array = MessagePackValue.array(Array(repeating: .nil, count: 16))
        #expect(Array(MessagePackEncoder.encode(array).prefix(3)) == hex("dc 00 10"))
        let map = MessagePackValue.map((0..<16).map { MessagePackPair(key: .int(Int64($0)), value: .nil) })
        #expect(Array(MessagePackEncoder.encode(map).prefix(3)) == hex("de 00 10"))
        for value in [MessagePackValue.binary(bytes), array, map] {
            #expect(try MessagePackDecoder.decode(MessagePackEncoder.encode(value)) == value)
        }
    }

    static let malformed: [(bytes: String, error: MessagePackError)] = [
        ("", .unexpectedEnd),
        ("c1", .unknownFormat(0xc1)),
        ("a3 66 6f", .unexpectedEnd),
        ("cd 01", .unexpectedEnd),
        ("92 01", .unexpectedEnd),
        ("dd ff ff ff ff", .unexpectedEnd),
        ("c6 ff ff ff ff 00", .unexpectedEnd),
        ("a1 ff", .invalidUTF8),
        ("01 02", .trailingBytes(1)),
        ("91 91 91 c0", .tooDeep(limit: 2)),
    ]

    @Test("refuses truncated, lying, or over-nested input without allocating for it", arguments: malformed)
    func refusesMalformedInput(_ vector: (bytes: String, error: MessagePackError)) {
        #expect(throws: vector.error) { try MessagePackDecoder.decode(hex(vector.bytes), maxDepth: 2) }
    }
}
