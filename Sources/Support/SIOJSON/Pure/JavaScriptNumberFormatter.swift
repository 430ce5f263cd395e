// SPDX-License-Identifier: MIT

/// Prints a `Double` the way JavaScript's `String(number)` does. `JSON.stringify` uses the same rule.
///
/// Both languages print the *shortest* digit string that reads back as the same double, so
/// `0.1 + 0.2` is `0.30000000000000004` in both. They differ in layout:
///
/// | value                   | Swift `description`       | JavaScript              |
/// |-------------------------|---------------------------|-------------------------|
/// | 100                     | `100.0`                   | `100`                   |
/// | 1e16                    | `1e+16`                   | `10000000000000000`     |
/// | 123456789012345680000   | `1.2345678901234568e+20`  | `123456789012345680000` |
/// | 1e21                    | `1e+21`                   | `1e+21`                 |
/// | 0.00001                 | `1e-05`                   | `0.00001`               |
/// | 1e-7                    | `1e-07`                   | `1e-7`                  |
/// | -0                      | `-0.0`                    | `0`                     |
/// | NaN, Infinity           | `nan`, `inf`              | `null` in JSON          |
///
/// So we take Swift's shortest digits and lay them out with the algorithm of ECMA-262 §6.1.6.1.20
/// `Number::toString`: write the value as `0.d1d2...dk × 10^n`, then
/// - `k ≤ n ≤ 21`: the digits, then `n - k` zeros (`123456789012345680000`);
/// - `0 < n ≤ 21`: a decimal point after `n` digits (`1.5`);
/// - `-6 < n ≤ 0`: `0.`, then `-n` zeros, then the digits (`0.00001`);
/// - otherwise exponent form `d.ddde±x` with `x = n - 1` and no padding (`1e-7`, `1.5e+300`).
enum JavaScriptNumberFormatter {
    /// Appends the JSON text of `value` to `output`. Non-finite values print `null`, as in `JSON.stringify`.
    static func append(_ value: Double, to output: inout [UInt8]) {
        guard value.isFinite else {
            output.append(contentsOf: "null".utf8)
            return
        }
        // Whole numbers below 2^53 (counters, ids, timestamps) are the common case: print them as integers.
        if value.rounded(.towardZero) == value, abs(value) < 9_007_199_254_740_992 {
            appendInteger(Int64(value), to: &output)
            return
        }
        let (negative, digits, pointPosition) = shortestDigits(of: value)
        if negative { output.append(UInt8(ascii: "-")) }
        let k = digits.count
        let n = pointPosition
        if k <= n, n <= 21 {
            output.append(contentsOf: digits)
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n, n <= 21 {
            output.append(contentsOf: digits[..<n])
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: digits[n...])
        } else if -6 < n, n <= 0 {
            output.append(contentsOf: "0.".utf8)
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            output.append(contentsOf: digits)
        } else {
            output.append(digits[0])
            if k > 1 {
                output.append(UInt8(ascii: "."))
                output.append(contentsOf: digits[1...])
            }
            output.append(UInt8(ascii: "e"))
            output.append(UInt8(ascii: n - 1 < 0 ? "-" : "+"))
            appendInteger(Int64(abs(n - 1)), to: &output)
        }
    }

    /// Appends the decimal digits of `value` without going through `String`.
    static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        // Digits come out least significant first; write them, then reverse them in place.
        let start = output.count
        var magnitude = value.magnitude
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output[start...].reverse()
    }

    /// Splits Swift's shortest round-trip text (`"-1.2345e-07"`, `"0.0001"`, `"5e-324"`) into its sign, its
    /// significant digits without leading or trailing zeros, and `n` such that the value is `0.digits × 10^n`.
    private static func shortestDigits(of value: Double) -> (negative: Bool, digits: [UInt8], pointPosition: Int) {
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var negative = false
        var digitsBeforePoint = 0
        var seenPoint = false
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in value.description.utf8 {
            switch byte {
            case UInt8(ascii: "-") where inExponent: exponentSign = -1
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case _ where inExponent: exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
            default:
                digits.append(byte)
                if !seenPoint { digitsBeforePoint += 1 }
            }
        }
        var pointPosition = digitsBeforePoint + exponentSign * exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        pointPosition -= leadingZeros
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (negative, digits, pointPosition)
    }
}
