// SPDX-License-Identifier: MIT

import SIOJSON
import SIOMessagePack
import SIOServer

/// Socket.IO arguments to MessagePack and back, with the rules of JavaScript and notepack, so that the peer (a
/// client of the msgpack parser, or a Node server on the other side of Redis) sees the values a Node server would
/// have sent. Both the msgpack parser and the Redis adapter (SIORedis) encode their packets through it.
///
/// - A number is a JavaScript number: a whole one (`3`, `-0`, `1e15`) is written as the smallest integer
///   format, anything else (`1.5`, `NaN`, `Infinity`) as float 64 (notepack `encode.js`).
/// - Bytes are `bin`, whose Node decoding is a Buffer: binary arguments travel untouched.
/// - Reading back, every integer becomes a `.number`; a map key that is not a string becomes the string
///   JavaScript would make of it (`1` -> `"1"`), and a composite key is dropped.
/// - A timestamp extension (type -1: what notepack 3 writes for a `Date`) becomes the ISO 8601 string that
///   `JSON.stringify` would give the Date (`"2000-06-13T00:00:00.000Z"`), which is what a Node server's
///   clients would receive. Other extensions (notepack 2's `undefined` included) become `null`.
extension MessagePackValue {
    package init(_ value: SocketIOValue) {
        switch value {
        case .null: self = .nil
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = MessagePackValue(javaScriptNumber: number)
        case .string(let text): self = .string(text)
        case .binary(let bytes): self = .binary(bytes)
        case .array(let elements): self = .array(elements.map(MessagePackValue.init))
        case .object(let object):
            self = .map(object.map { MessagePackPair(key: .string($0.key), value: MessagePackValue($0.value)) })
        }
    }

    /// notepack's choice for a JavaScript number: integral and finite means an integer format.
    package init(javaScriptNumber number: Double) {
        if number.isFinite, number.rounded(.down) == number {
            if number >= -9_223_372_036_854_775_808.0, number < 9_223_372_036_854_775_808.0 {
                self = .int(Int64(number))
                return
            }
            if number >= 0, number < 18_446_744_073_709_551_616.0 {
                self = .uint(UInt64(number))
                return
            }
        }
        self = .float(number)
    }
}

extension SocketIOValue {
    package init(_ value: MessagePackValue) {
        switch value {
        case .nil: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .number(Double(number))
        case .uint(let number): self = .number(Double(number))
        case .float(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .binary(let bytes): self = .binary(bytes)
        case .array(let elements): self = .array(elements.map(SocketIOValue.init))
        case .map(let pairs):
            var object = SocketIOObject(minimumCapacity: pairs.count)
            for pair in pairs {
                guard let key = pair.key.javaScriptPropertyKey else { continue }
                object[key] = SocketIOValue(pair.value)
            }
            self = .object(object)
        case .extension(let type, let data):
            self = type == -1 ? MessagePackTimestamp(data)?.javaScriptJSON.map(SocketIOValue.string) ?? .null : .null
        }
    }
}

extension MessagePackValue {
    /// `String(key)` in JavaScript, for the scalar keys a map can have.
    var javaScriptPropertyKey: String? {
        switch self {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .uint(let number): return String(number)
        case .float(let number): return JSON.number(number).serialized()
        case .bool(let flag): return flag ? "true" : "false"
        case .nil: return "null"
        case .binary, .array, .map, .extension: return nil
        }
    }
}

/// The MessagePack timestamp extension (type -1; spec, "Timestamp extension type"): 32-bit seconds, or
/// 30-bit nanoseconds and 34-bit seconds in 64 bits, or 32-bit nanoseconds and 64-bit signed seconds.
struct MessagePackTimestamp: Sendable, Hashable {
    var seconds: Int64
    var nanoseconds: UInt32

    init?(_ data: [UInt8]) {
        func number(_ range: Range<Int>) -> UInt64 { data[range].reduce(0) { $0 << 8 | UInt64($1) } }
        switch data.count {
        case 4:
            seconds = Int64(number(0..<4))
            nanoseconds = 0
        case 8:
            let packed = number(0..<8)
            nanoseconds = UInt32(packed >> 34)
            seconds = Int64(packed & 0x3_ffff_ffff)
        case 12:
            nanoseconds = UInt32(number(0..<4))
            seconds = Int64(bitPattern: number(4..<12))
        default:
            return nil
        }
    }

    /// The farthest a JavaScript Date reaches from 1970, in milliseconds: 10^8 days (ECMA-262 §21.4.1.1).
    static let maxJavaScriptMilliseconds: Int64 = 8_640_000_000_000_000

    /// `Date.prototype.toJSON()` of notepack's `new Date(seconds * 1e3 + nanoseconds / 1e6)`:
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC, a year outside 0...9999 as `±YYYYYY` (ECMA-262 §21.4.1.32).
    /// `nil` past the range of a Date, where JavaScript has an Invalid Date, which `toJSON` writes as null.
    var javaScriptJSON: String? {
        // Checked first, so that the arithmetic below cannot overflow whatever 64-bit seconds arrive.
        guard seconds.magnitude <= UInt64(Self.maxJavaScriptMilliseconds / 1000 + 1) else { return nil }
        var time = seconds * 1000 + Int64(nanoseconds / 1_000_000)
        if time < 0, nanoseconds % 1_000_000 != 0 { time += 1 }  // the Date constructor cuts toward zero
        guard time.magnitude <= UInt64(Self.maxJavaScriptMilliseconds) else { return nil }
        let days = time >= 0 ? time / 86_400_000 : (time - 86_399_999) / 86_400_000
        let millisecond = time - days * 86_400_000
        let (year, month, day) = Self.civilDate(daysSince1970: days)
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value.magnitude)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let yearText = (0...9999).contains(year) ? padded(year, 4) : (year < 0 ? "-" : "+") + padded(year, 6)
        let clock = [millisecond / 3_600_000, millisecond / 60_000 % 60, millisecond / 1000 % 60].map { padded($0, 2) }
        return "\(yearText)-\(padded(month, 2))-\(padded(day, 2))T\(clock.joined(separator: ":")).\(padded(millisecond % 1000, 3))Z"
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date
    /// Algorithms", `civil_from_days`): shift to eras of 400 years starting on March 1st, where leap days fall
    /// at the end of the year.
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
