// SPDX-License-Identifier: MIT

/// A strict RFC 8259 JSON parser that reads UTF-8 bytes with an index and builds any `JSONParsable` tree.
///
/// It is a recursive-descent parser: one method per grammar rule (value, object, array, string, number).
/// Choices that matter for a server facing the internet:
/// - **Nesting limit.** Every `[` or `{` recurses, so `[[[[...` a million levels deep would overflow the
///   stack and crash the process. We stop at `maxDepth` (default 512) with `.tooDeep`. (V8 has no fixed
///   limit; it throws a RangeError when its own stack runs out.)
/// - **Strict grammar, like `JSON.parse`.** No trailing commas, no comments, no single quotes, no leading
///   zeros (`01`), no `NaN`/`Infinity`, no raw control characters in strings, nothing after the value.
/// - **Numbers** become `Double`, as in JavaScript. Integers of up to 15 digits are converted directly.
///   Others go through the standard library's correctly rounded conversion. Like `JSON.parse`, a
///   too-large number such as `1e400` becomes infinity. It is not rejected.
/// - **Lone surrogates.** `JSON.parse("\"\\ud800\"")` succeeds in JavaScript and gives a string holding
///   half a surrogate pair. A Swift `String` cannot hold that, so we accept the text (a JS client can send
///   it) and put U+FFFD REPLACEMENT CHARACTER in its place, as a UTF-16 decoder would. A high surrogate
///   followed by `\uDC00`-`\uDFFF` is joined into one scalar (`"\ud83d\ude00"` is 😀).
/// - **UTF-8 is checked**, not repaired: RFC 8259 §8.1 requires UTF-8, and a silent repair would hide bugs.
package struct JSONParser {
    /// Deep enough for any real payload, shallow enough for a small thread stack.
    package static let defaultMaxDepth = 512

    private let bytes: [UInt8]
    private var position: Int
    private let maxDepth: Int
    private var depth = 0
    /// Reused buffer for strings with escapes, so each one does not allocate a new array.
    private var scratch: [UInt8] = []

    /// Prepares to parse `bytes[startIndex...]`. Error offsets are indices into `bytes`.
    package init(bytes: [UInt8], startIndex: Int = 0, maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.bytes = bytes
        self.position = startIndex
        self.maxDepth = maxDepth
    }

    /// Parses a whole JSON text: optional whitespace, one value, optional whitespace, then the end of input.
    package mutating func parseDocument<Value: JSONParsable>(as type: Value.Type = Value.self) throws(JSONParseError)
        -> Value
    {
        skipWhitespace()
        let value: Value = try parseValue()
        skipWhitespace()
        if position < bytes.count { throw JSONParseError(.unexpectedByte(bytes[position]), at: position) }
        return value
    }

    // MARK: Values

    private mutating func parseValue<Value: JSONParsable>() throws(JSONParseError) -> Value {
        guard position < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: position) }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case let byte:
            throw JSONParseError(.unexpectedByte(byte), at: position)
        }
    }

    private mutating func parseObject<Value: JSONParsable>() throws(JSONParseError) -> Value {
        try enterContainer()
        var object = OrderedObject<Value>()
        skipWhitespace()
        if try consumeIf(UInt8(ascii: "}")) {
            depth -= 1
            return .object(object)
        }
        repeat {
            skipWhitespace()
            guard position < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: position) }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw JSONParseError(.unexpectedByte(bytes[position]), at: position)
            }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            // A repeated key keeps its first position and takes the last value, as in JavaScript.
            object[key] = try parseValue() as Value
            skipWhitespace()
        } while try consumeIf(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        depth -= 1
        return .object(object)
    }

    private mutating func parseArray<Value: JSONParsable>() throws(JSONParseError) -> Value {
        try enterContainer()
        var elements: [Value] = []
        skipWhitespace()
        if try consumeIf(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        repeat {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
        } while try consumeIf(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        depth -= 1
        return .array(elements)
    }

    /// Steps over the opening `[` or `{` and enforces the nesting limit.
    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw JSONParseError(.tooDeep(limit: maxDepth), at: position) }
        position += 1
    }

    // MARK: Numbers (RFC 8259 §6: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?)

    private mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let integerStart = position
        guard position < bytes.count, Self.isDigit(bytes[position]) else {
            throw JSONParseError(.invalidNumber, at: start)
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, Self.isDigit(bytes[position]) { throw JSONParseError(.invalidNumber, at: start) }
        } else {
            skipDigits()
        }
        let integerDigits = position - integerStart
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            try requireDigits(numberStart: start)
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            try requireDigits(numberStart: start)
        }
        // Fast path: up to 15 decimal digits always fit exactly in a Double's 53-bit mantissa.
        if isInteger, integerDigits <= 15 {
            var magnitude = 0
            for index in integerStart..<position { magnitude = magnitude * 10 + Int(bytes[index] &- 0x30) }
            return negative ? -Double(magnitude) : Double(magnitude)
        }
        guard let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw JSONParseError(.invalidNumber, at: start)
        }
        return value
    }

    private mutating func requireDigits(numberStart: Int) throws(JSONParseError) {
        guard position < bytes.count, Self.isDigit(bytes[position]) else {
            throw JSONParseError(.invalidNumber, at: numberStart)
        }
        skipDigits()
    }

    private mutating func skipDigits() {
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    // MARK: Strings (RFC 8259 §7)

    /// Reads a string starting at its opening quote. Strings without escapes (the usual case) are
    /// validated and copied in one step, without the scratch buffer.
    private mutating func parseString() throws(JSONParseError) -> String {
        let quote = position
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return try makeString(bytes[start..<(position - 1)], startingAt: quote)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw JSONParseError(.unexpectedByte(byte), at: position) }
            position += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return try makeString(scratch[...], startingAt: quote)
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0..<0x20:
                throw JSONParseError(.unexpectedByte(byte), at: position)
            default:
                scratch.append(byte)
                position += 1
            }
        }
        throw JSONParseError(.unexpectedEndOfInput, at: position)
    }

    private func makeString(_ utf8: ArraySlice<UInt8>, startingAt quote: Int) throws(JSONParseError) -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw JSONParseError(.invalidUTF8, at: quote)
        }
        return string
    }

    /// Decodes one escape sequence at `position` (a backslash) and appends its UTF-8 bytes to `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = position
        guard position + 1 < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: bytes.count) }
        let letter = bytes[position + 1]
        position += 2
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(letter)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            guard let unit = hex4(at: position) else { throw JSONParseError(.invalidEscape, at: escapeStart) }
            position += 4
            UTF8.encode(decodeUTF16Escape(unit), into: { scratch.append($0) })
        default:
            throw JSONParseError(.invalidEscape, at: escapeStart)
        }
    }

    /// Turns a `\uXXXX` code unit into a scalar, joining a surrogate pair written as two escapes.
    /// A lone surrogate becomes U+FFFD (see the type's documentation).
    private mutating func decodeUTF16Escape(_ unit: UInt32) -> Unicode.Scalar {
        switch unit {
        case 0xD800...0xDBFF:
            guard position + 6 <= bytes.count,
                bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u"),
                let low = hex4(at: position + 2), (0xDC00...0xDFFF).contains(low)
            else { return "\u{FFFD}" }
            position += 6
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
        case 0xDC00...0xDFFF:
            return "\u{FFFD}"
        default:
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
    }

    /// The value of four hex digits at `index`, or `nil` if they are missing or not hex.
    private func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: Punctuation and whitespace

    /// RFC 8259 §2: whitespace is space, tab, line feed and carriage return. Nothing else (not even a BOM).
    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        guard try consumeIf(byte) else { throw JSONParseError(.unexpectedByte(bytes[position]), at: position) }
    }

    /// Consumes `byte` if it is next. Running out of input here is always an error: we are inside a value.
    private mutating func consumeIf(_ byte: UInt8) throws(JSONParseError) -> Bool {
        guard position < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: position) }
        guard bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        for offset in 0..<count {
            let index = position + offset
            guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
            let expected = word.utf8Start[offset]
            guard bytes[index] == expected else { throw JSONParseError(.unexpectedByte(bytes[index]), at: index) }
        }
        position += count
    }
}
