// SPDX-License-Identifier: MIT

/// A JSON value (RFC 8259), shaped like what JavaScript's `JSON.parse` returns.
///
/// Socket.IO payloads are JSON, and we build without Foundation, so the value type is ours. It follows
/// JavaScript rather than Swift habits, because the other side of every connection is usually JavaScript:
/// - Every number is a `Double`, like a JS `number`. Integers up to 2^53 are exact and print without `.0`.
/// - Objects keep their key order (`JSONObject`), as JS objects do.
/// - `serialized()` prints exactly what `JSON.stringify` prints, byte for byte.
///
/// ```swift
/// let auth: JSON = ["token": "abc", "retries": 3]
/// auth["token"]?.stringValue      // "abc"
/// auth.serialized()               // {"token":"abc","retries":3}
/// try JSON.parse(#"[1,"two"]"#)   // .array([.number(1), .string("two")])
/// ```
///
/// Binary data is not JSON. Socket.IO payloads that may carry bytes use `SocketIOValue` (in SIOServer), which is this
/// same tree plus a `.binary` leaf.
public enum JSON: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number; JSON has one number type, a double in JavaScript (RFC 8259 §6).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSON])
    /// An object; its members keep their order, as `JSON.stringify` writes them.
    case object(JSONObject)
}

/// A JSON object: string keys in insertion order, with O(1) average lookup.
public typealias JSONObject = OrderedObject<JSON>

extension JSON: JSONParsable {}

// MARK: - Reading values

extension JSON {
    /// The member `key` when this is an object that has it; otherwise `nil`.
    public subscript(key: String) -> JSON? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array and the index is in range; otherwise `nil`.
    public subscript(index: Int) -> JSON? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// True for `null`.
    public var isNull: Bool { self == .null }

    /// The value of `true` or `false`, else `nil`.
    public var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The value of a number, else `nil`.
    public var doubleValue: Double? {
        guard case .number(let value) = self else { return nil }
        return value
    }

    /// The number as an `Int`, only when it is a whole number that fits (`2.0` -> 2, `2.5` -> nil).
    public var intValue: Int? {
        guard case .number(let value) = self else { return nil }
        return Int(exactly: value)
    }

    /// The value of a string, else `nil`.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The elements of an array, else `nil`.
    public var arrayValue: [JSON]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The members of an object, in order, else `nil`.
    public var objectValue: JSONObject? {
        guard case .object(let value) = self else { return nil }
        return value
    }
}

// MARK: - Writing values

extension JSON: CustomStringConvertible {
    /// The text `JSON.stringify` would produce: no whitespace, integers without `.0`, minimal escapes.
    public func serialized() -> String {
        var serializer = JSONSerializer()
        serializer.write(self)
        return serializer.string
    }

    /// The same text as `serialized()`, as UTF-8 bytes.
    public func serializedBytes() -> [UInt8] {
        var serializer = JSONSerializer()
        serializer.write(self)
        return serializer.bytes
    }

    /// The value as compact JSON text (RFC 8259), as `JSON.stringify` writes it.
    public var description: String { serialized() }
}

// MARK: - Literals: `let payload: JSON = ["name": "ada", "tags": [1, 2.5, true]]`

extension JSON: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `true` / `false` literals.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Integer literals (JSON numbers are doubles, as in JavaScript).
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// Floating-point literals.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// String literals.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Array literals.
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    /// Dictionary literals; the members keep the order written.
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(JSONObject(elements)) }
}

extension JSON {
    /// Parses one JSON text (RFC 8259), as JavaScript's `JSON.parse` does: for an application's own routes and files
    /// (Socket.IO arguments arrive parsed already). Nesting deeper than `JSONParser.defaultMaxDepth` (512) levels is
    /// refused, so a hostile document cannot exhaust the stack; the error names the byte offset of the problem.
    public static func parse(_ text: some StringProtocol) throws(JSONParseError) -> JSON {
        try parse(Array(text.utf8), maxDepth: JSONParser.defaultMaxDepth)
    }

    /// The same from UTF-8 bytes, such as a request body. Invalid UTF-8 inside a string is an error, not a repair.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSON {
        try parse(bytes, maxDepth: JSONParser.defaultMaxDepth)
    }
}
