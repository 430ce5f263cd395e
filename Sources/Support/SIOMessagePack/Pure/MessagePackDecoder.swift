// SPDX-License-Identifier: MIT

/// Reads one MessagePack value that fills a whole buffer (a Redis pub/sub payload, a msgpack-parser packet).
///
/// Every format of the spec is accepted, not only those notepack writes: another publisher (a Python or Go
/// emitter) may pick `int 8` for 5 or `float 32` for 1.5, and they mean the same values. Integers come out as
/// `.int` when they fit in `Int64`, `.uint` above that; floats as `.float(Double)`.
///
/// ```swift
/// try MessagePackDecoder.decode([0x92, 0x01, 0xa1, 0x61])    // .array([.int(1), .string("a")])
/// ```
///
/// The input comes from the network, so every length is checked against the bytes that are actually there
/// before anything is allocated, and nesting is limited: a 5-byte payload cannot ask for a 4 GiB array.
package struct MessagePackDecoder {
    package static let defaultMaxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private let maxDepth: Int

    /// Decodes `bytes`, which must hold exactly one value (notepack, too, rejects trailing bytes).
    package static func decode(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(MessagePackError) -> MessagePackValue {
        var decoder = MessagePackDecoder(bytes: bytes, maxDepth: maxDepth)
        let value = try decoder.value(depth: 0)
        guard decoder.index == bytes.count else { throw .trailingBytes(bytes.count - decoder.index) }
        return value
    }

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private mutating func value(depth: Int) throws(MessagePackError) -> MessagePackValue {
        let format = try byte()
        switch format {
        case 0x00...0x7f: return .int(Int64(format))
        case 0x80...0x8f: return try map(count: Int(format & 0x0f), depth: depth)
        case 0x90...0x9f: return try array(count: Int(format & 0x0f), depth: depth)
        case 0xa0...0xbf: return try string(length: Int(format & 0x1f))
        case 0xc0: return .nil
        case 0xc2: return .bool(false)
        case 0xc3: return .bool(true)
        case 0xc4: return .binary(try take(Int(try unsigned(1))))
        case 0xc5: return .binary(try take(Int(try unsigned(2))))
        case 0xc6: return .binary(try take(Int(try unsigned(4))))
        case 0xc7: return try extensionValue(length: Int(try unsigned(1)))
        case 0xc8: return try extensionValue(length: Int(try unsigned(2)))
        case 0xc9: return try extensionValue(length: Int(try unsigned(4)))
        case 0xca: return .float(Double(Float(bitPattern: UInt32(try unsigned(4)))))
        case 0xcb: return .float(Double(bitPattern: try unsigned(8)))
        case 0xcc: return .int(Int64(try unsigned(1)))
        case 0xcd: return .int(Int64(try unsigned(2)))
        case 0xce: return .int(Int64(try unsigned(4)))
        case 0xcf:
            let number = try unsigned(8)
            return number <= UInt64(Int64.max) ? .int(Int64(number)) : .uint(number)
        case 0xd0: return .int(Int64(Int8(truncatingIfNeeded: try unsigned(1))))
        case 0xd1: return .int(Int64(Int16(truncatingIfNeeded: try unsigned(2))))
        case 0xd2: return .int(Int64(Int32(truncatingIfNeeded: try unsigned(4))))
        case 0xd3: return .int(Int64(bitPattern: try unsigned(8)))
        case 0xd4: return try extensionValue(length: 1)
        case 0xd5: return try extensionValue(length: 2)
        case 0xd6: return try extensionValue(length: 4)
        case 0xd7: return try extensionValue(length: 8)
        case 0xd8: return try extensionValue(length: 16)
        case 0xd9: return try string(length: Int(try unsigned(1)))
        case 0xda: return try string(length: Int(try unsigned(2)))
        case 0xdb: return try string(length: Int(try unsigned(4)))
        case 0xdc: return try array(count: Int(try unsigned(2)), depth: depth)
        case 0xdd: return try array(count: Int(try unsigned(4)), depth: depth)
        case 0xde: return try map(count: Int(try unsigned(2)), depth: depth)
        case 0xdf: return try map(count: Int(try unsigned(4)), depth: depth)
        case 0xe0...0xff: return .int(Int64(Int8(bitPattern: format)))
        default: throw .unknownFormat(format)  // 0xc1 is "never used" in the spec
        }
    }

    private mutating func array(count: Int, depth: Int) throws(MessagePackError) -> MessagePackValue {
        guard depth < maxDepth else { throw .tooDeep(limit: maxDepth) }
        // Each element takes at least one byte: a count larger than what is left cannot be true.
        guard count <= bytes.count - index else { throw .unexpectedEnd }
        var elements: [MessagePackValue] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try value(depth: depth + 1)) }
        return .array(elements)
    }

    private mutating func map(count: Int, depth: Int) throws(MessagePackError) -> MessagePackValue {
        guard depth < maxDepth else { throw .tooDeep(limit: maxDepth) }
        guard count <= (bytes.count - index) / 2 else { throw .unexpectedEnd }
        var pairs: [MessagePackPair] = []
        pairs.reserveCapacity(count)
        for _ in 0..<count {
            let key = try value(depth: depth + 1)
            pairs.append(MessagePackPair(key: key, value: try value(depth: depth + 1)))
        }
        return .map(pairs)
    }

    private mutating func string(length: Int) throws(MessagePackError) -> MessagePackValue {
        let utf8 = try take(length)
        guard let text = String(validating: utf8, as: UTF8.self) else { throw .invalidUTF8 }
        return .string(text)
    }

    /// ext formats: a signed type byte, then the data.
    private mutating func extensionValue(length: Int) throws(MessagePackError) -> MessagePackValue {
        let type = Int8(bitPattern: try byte())
        return .extension(type: type, data: try take(length))
    }

    // MARK: Reading bytes

    private mutating func byte() throws(MessagePackError) -> UInt8 {
        guard index < bytes.count else { throw .unexpectedEnd }
        defer { index += 1 }
        return bytes[index]
    }

    /// A big-endian unsigned number of `count` bytes.
    private mutating func unsigned(_ count: Int) throws(MessagePackError) -> UInt64 {
        guard bytes.count - index >= count else { throw .unexpectedEnd }
        var number: UInt64 = 0
        for offset in 0..<count { number = number << 8 | UInt64(bytes[index + offset]) }
        index += count
        return number
    }

    private mutating func take(_ count: Int) throws(MessagePackError) -> [UInt8] {
        guard bytes.count - index >= count else { throw .unexpectedEnd }
        defer { index += count }
        return Array(bytes[index..<index + count])
    }
}
