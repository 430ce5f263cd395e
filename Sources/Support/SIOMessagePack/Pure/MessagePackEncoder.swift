// SPDX-License-Identifier: MIT

/// Writes MessagePack the way `notepack.io` 3 does (the encoder of the official Redis adapter), so that
/// our bytes equal a Node server's bytes for the same value.
///
/// Each value takes the smallest format that holds it (spec, "Formats"):
///
/// | value                       | format                               | example               |
/// |-----------------------------|--------------------------------------|-----------------------|
/// | 0 ... 127                   | positive fixint                      | `7f`                  |
/// | -32 ... -1                  | negative fixint                      | `e0` for -32          |
/// | 128 ... 2^64-1              | uint 8 / 16 / 32 / 64                | `cc 80` for 128       |
/// | -2^63 ... -33               | int 8 / 16 / 32 / 64                 | `d0 df` for -33       |
/// | any float                   | float 64 (notepack never writes float 32) | `cb 3f f8 00 …` for 1.5 |
/// | string of 0 ... 31 bytes    | fixstr, then str 8 / 16 / 32         | `a3 66 6f 6f` "foo"   |
/// | bytes                       | bin 8 / 16 / 32                      | `c4 02 01 02`         |
/// | array / map of 0 ... 15     | fixarray / fixmap, then 16 / 32      | `92 01 02`, `80`      |
///
/// Note that notepack writes non-negative integers with the *unsigned* formats (`cc`, `cd`...) and negative
/// ones with the signed formats, never `d0 05` for 5.
package enum MessagePackEncoder {
    package static func encode(_ value: MessagePackValue) -> [UInt8] {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return bytes
    }

    package static func append(_ value: MessagePackValue, to bytes: inout [UInt8]) {
        switch value {
        case .nil: bytes.append(0xc0)
        case .bool(let flag): bytes.append(flag ? 0xc3 : 0xc2)
        case .int(let number): appendInteger(number, to: &bytes)
        case .uint(let number): appendUnsigned(number, to: &bytes)
        case .float(let number):
            bytes.append(0xcb)
            appendBigEndian(number.bitPattern, byteCount: 8, to: &bytes)
        case .string(let text):
            let utf8 = Array(text.utf8)
            appendLength(utf8.count, fix: (0xa0, 31), formats: (0xd9, 0xda, 0xdb), to: &bytes)
            bytes.append(contentsOf: utf8)
        case .binary(let data):
            appendLength(data.count, fix: nil, formats: (0xc4, 0xc5, 0xc6), to: &bytes)
            bytes.append(contentsOf: data)
        case .array(let elements):
            appendCount(elements.count, fix: 0x90, formats: (0xdc, 0xdd), to: &bytes)
            for element in elements { append(element, to: &bytes) }
        case .map(let pairs):
            appendCount(pairs.count, fix: 0x80, formats: (0xde, 0xdf), to: &bytes)
            for pair in pairs {
                append(pair.key, to: &bytes)
                append(pair.value, to: &bytes)
            }
        case .extension(let type, let data):
            appendExtension(type: type, data: data, to: &bytes)
        }
    }

    private static func appendInteger(_ number: Int64, to bytes: inout [UInt8]) {
        if number >= 0 { return appendUnsigned(UInt64(number), to: &bytes) }
        switch number {
        case -32 ... -1: bytes.append(UInt8(bitPattern: Int8(number)))
        case Int64(Int8.min) ... -33: appendFormat(0xd0, UInt64(bitPattern: number), byteCount: 1, to: &bytes)
        case Int64(Int16.min) ... -129: appendFormat(0xd1, UInt64(bitPattern: number), byteCount: 2, to: &bytes)
        case Int64(Int32.min) ... -32769: appendFormat(0xd2, UInt64(bitPattern: number), byteCount: 4, to: &bytes)
        default: appendFormat(0xd3, UInt64(bitPattern: number), byteCount: 8, to: &bytes)
        }
    }

    private static func appendUnsigned(_ number: UInt64, to bytes: inout [UInt8]) {
        switch number {
        case 0...0x7f: bytes.append(UInt8(number))
        case 0x80...0xff: appendFormat(0xcc, number, byteCount: 1, to: &bytes)
        case 0x100...0xffff: appendFormat(0xcd, number, byteCount: 2, to: &bytes)
        case 0x1_0000...0xffff_ffff: appendFormat(0xce, number, byteCount: 4, to: &bytes)
        default: appendFormat(0xcf, number, byteCount: 8, to: &bytes)
        }
    }

    /// str and bin: an optional fix form (type bits | length), then 8-, 16- and 32-bit lengths.
    private static func appendLength(
        _ length: Int, fix: (base: UInt8, max: Int)?, formats: (UInt8, UInt8, UInt8), to bytes: inout [UInt8]
    ) {
        if let fix, length <= fix.max {
            bytes.append(fix.base | UInt8(length))
        } else if length <= 0xff {
            appendFormat(formats.0, UInt64(length), byteCount: 1, to: &bytes)
        } else if length <= 0xffff {
            appendFormat(formats.1, UInt64(length), byteCount: 2, to: &bytes)
        } else {
            appendFormat(formats.2, UInt64(length), byteCount: 4, to: &bytes)
        }
    }

    /// array and map: a fix form up to 15 elements, then 16- and 32-bit counts.
    private static func appendCount(_ count: Int, fix: UInt8, formats: (UInt8, UInt8), to bytes: inout [UInt8]) {
        if count <= 15 {
            bytes.append(fix | UInt8(count))
        } else if count <= 0xffff {
            appendFormat(formats.0, UInt64(count), byteCount: 2, to: &bytes)
        } else {
            appendFormat(formats.1, UInt64(count), byteCount: 4, to: &bytes)
        }
    }

    /// fixext 1/2/4/8/16 when the data has one of those sizes, else ext 8/16/32.
    private static func appendExtension(type: Int8, data: [UInt8], to bytes: inout [UInt8]) {
        let fixed: [Int: UInt8] = [1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8]
        if let format = fixed[data.count] {
            bytes.append(format)
        } else if data.count <= 0xff {
            appendFormat(0xc7, UInt64(data.count), byteCount: 1, to: &bytes)
        } else if data.count <= 0xffff {
            appendFormat(0xc8, UInt64(data.count), byteCount: 2, to: &bytes)
        } else {
            appendFormat(0xc9, UInt64(data.count), byteCount: 4, to: &bytes)
        }
        bytes.append(UInt8(bitPattern: type))
        bytes.append(contentsOf: data)
    }

    /// A format byte followed by a big-endian number of `byteCount` bytes (lengths and integers alike).
    private static func appendFormat(_ format: UInt8, _ value: UInt64, byteCount: Int, to bytes: inout [UInt8]) {
        bytes.append(format)
        appendBigEndian(value, byteCount: byteCount, to: &bytes)
    }

    private static func appendBigEndian(_ value: UInt64, byteCount: Int, to bytes: inout [UInt8]) {
        for index in stride(from: byteCount - 1, through: 0, by: -1) {
            bytes.append(UInt8(truncatingIfNeeded: value >> (UInt64(index) * 8)))
        }
    }
}
