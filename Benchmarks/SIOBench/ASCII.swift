// SPDX-License-Identifier: MIT

/// Byte-level helpers for building and checking Socket.IO packets without `String`.
///
/// The load generator writes and checks hundreds of thousands of packets per second on one core,
/// the same core budget the server under test competes for. Formatting through `String` and
/// parsing through a JSON decoder would cost more than the server's own work per message and
/// would cap the numbers we measure; appending digits to a reused byte buffer and comparing bytes
/// costs almost nothing. The contract of the benchmark makes this exact: every peer must answer
/// with the very bytes we sent (compact JSON, ASCII only), so a byte comparison is the check.
enum ASCII {
    static let zero = UInt8(ascii: "0")

    /// Appends `value` in decimal, writing the digits in place (no intermediate `String`).
    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        precondition(value >= 0, "only counters are formatted")
        var width = 1
        var power = 10
        while power <= value, width < 18 {
            width += 1
            power &*= 10
        }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(zero, count: width))
        var rest = value
        var index = start + width - 1
        while rest > 0 {
            buffer[index] = zero + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// Appends the bytes of a static text.
    static func append(_ text: StaticString, to buffer: inout [UInt8]) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    /// Reads a run of decimal digits starting at `index`: the value and the index after the run,
    /// or `nil` if there is no digit there (or the run is absurdly long).
    static func decimal(in bytes: ArraySlice<UInt8>, at index: Int) -> (value: Int, end: Int)? {
        var value = 0
        var position = index
        while position < bytes.endIndex, bytes[position] &- zero < 10 {
            value = value &* 10 &+ Int(bytes[position] &- zero)
            position += 1
            if position - index > 18 { return nil }
        }
        return position == index ? nil : (value, position)
    }

    /// True when `bytes` holds `expected` starting at `index`.
    static func matches(_ bytes: ArraySlice<UInt8>, at index: Int, _ expected: [UInt8]) -> Bool {
        guard index >= bytes.startIndex, bytes.endIndex - index >= expected.count else { return false }
        return bytes[index..<index + expected.count].elementsEqual(expected)
    }

    /// True when `bytes` holds `expected` starting at `index` (static text).
    static func matches(_ bytes: ArraySlice<UInt8>, at index: Int, _ expected: StaticString) -> Bool {
        expected.withUTF8Buffer { pattern in
            guard index >= bytes.startIndex, bytes.endIndex - index >= pattern.count else { return false }
            return bytes[index..<index + pattern.count].elementsEqual(pattern)
        }
    }
}
