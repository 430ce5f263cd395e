// SPDX-License-Identifier: MIT

/// A tree type the JSON parser can build: `JSON` itself, or SIOServer's `SocketIOValue` (JSON plus binary leaves).
///
/// Why a protocol? A Socket.IO event arrives as JSON text, but the handler receives `SocketIOValue`
/// arguments. Parsing into `JSON` and then converting would build every tree twice. The parser is generic
/// instead, and writes the tree the caller asks for in one pass.
///
/// An enum with matching cases conforms with an empty extension, because enum cases can satisfy
/// static requirements (SE-0280): `case bool(Bool)` is the witness for `static func bool(_:)`.
package protocol JSONParsable: Sendable, Hashable {
    static var null: Self { get }
    static func bool(_ value: Bool) -> Self
    static func number(_ value: Double) -> Self
    static func string(_ value: String) -> Self
    static func array(_ elements: [Self]) -> Self
    static func object(_ members: OrderedObject<Self>) -> Self
}

extension JSONParsable {
    /// Parses one JSON text (RFC 8259): a single value, with optional whitespace around it.
    ///
    /// Throws `JSONParseError`, which names the byte offset of the problem in `text.utf8`.
    package static func parse(
        _ text: some StringProtocol,
        maxDepth: Int = JSONParser.defaultMaxDepth
    ) throws(JSONParseError) -> Self {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    /// Parses one JSON text from UTF-8 bytes. Invalid UTF-8 inside a string is an error, not a repair.
    package static func parse(_ bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONParseError)
        -> Self
    {
        var parser = JSONParser(bytes: bytes, startIndex: 0, maxDepth: maxDepth)
        return try parser.parseDocument(as: Self.self)
    }
}
