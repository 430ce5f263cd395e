// SPDX-License-Identifier: MIT

import SIOJSON
import Testing

@Suite("JSON parser (RFC 8259, JSON.parse behaviour)")
struct JSONParserTests {
    @Test(
        "parses every kind of value",
        arguments: [
            ("null", JSON.null),
            ("true", .bool(true)),
            ("false", .bool(false)),
            ("0", .number(0)),
            ("-0", .number(-0.0)),
            ("42", .number(42)),
            ("-17", .number(-17)),
            ("1.5", .number(1.5)),
            ("1e3", .number(1000)),
            ("1E+3", .number(1000)),
            ("2.5e-3", .number(0.0025)),
            ("123456789012345678", .number(123_456_789_012_345_680)),
            ("9007199254740993", .number(9_007_199_254_740_992)),
            ("0.1", .number(0.1)),
            ("\"\"", .string("")),
            ("\"hello\"", .string("hello")),
            ("[]", .array([])),
            ("{}", .object([:])),
            ("[1,\"a\",null,true]", [1, "a", .null, true]),
            ("{\"a\":{\"b\":[{}]}}", ["a": ["b": [.object([:])]]]),
            (" \t\r\n[ 1 , 2 ]\n ", [1, 2]),
        ] as [(String, JSON)]
    )
    func parsesValues(text: String, expected: JSON) throws {
        #expect(try JSON.parse(text) == expected)
    }

    @Test("keeps -0 negative, as JSON.parse does")
    func keepsNegativeZero() throws {
        #expect(try JSON.parse("-0").doubleValue?.sign == .minus)
    }

    @Test("a number too large for a Double becomes infinity, as in JSON.parse")
    func overflowsToInfinity() throws {
        #expect(try JSON.parse("1e400") == .number(.infinity))
        #expect(try JSON.parse("-1e400") == .number(-.infinity))
    }

    @Test(
        "decodes escapes and unicode",
        arguments: [
            (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
            (#""\u0041\u00e9\u4E2D""#, "Aé中"),
            (#""\ud83d\ude00""#, "😀"),
            (#""\uD83D\uDE00x""#, "😀x"),
            ("\"héllo wörld 中文 😀\"", "héllo wörld 中文 😀"),
            (#""a\u0000b""#, "a\u{0}b"),
            ("\"\u{2028}\u{2029}\"", "\u{2028}\u{2029}"),
        ]
    )
    func decodesStrings(text: String, expected: String) throws {
        #expect(try JSON.parse(text) == .string(expected))
    }

    /// JavaScript accepts lone surrogates; a Swift String cannot hold one, so it becomes U+FFFD.
    @Test(
        "replaces lone surrogates with U+FFFD instead of failing",
        arguments: [
            (#""\ud800""#, "\u{FFFD}"),
            (#""\udc00""#, "\u{FFFD}"),
            (#""\ud800x""#, "\u{FFFD}x"),
            (#""\ud800\u0041""#, "\u{FFFD}A"),
            (#""\ud800\ud800\udc00""#, "\u{FFFD}\u{10000}"),
            (#""\ude00\ud83d""#, "\u{FFFD}\u{FFFD}"),
        ]
    )
    func replacesLoneSurrogates(text: String, expected: String) throws {
        #expect(try JSON.parse(text) == .string(expected))
    }

    @Test("keeps object keys in order; a repeated key keeps its first place and its last value")
    func keepsKeyOrder() throws {
        let value = try JSON.parse(#"{"z":1,"a":2,"m":3,"a":4}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["a"] == 4)
        #expect(value.serialized() == #"{"z":1,"a":4,"m":3}"#)
    }

    @Test(
        "rejects invalid JSON with the reason and byte offset",
        arguments: [
            ("", JSONParseError(.unexpectedEndOfInput, at: 0)),
            ("   ", JSONParseError(.unexpectedEndOfInput, at: 3)),
            ("abc", JSONParseError(.unexpectedByte(UInt8(ascii: "a")), at: 0)),
            ("[1,]", JSONParseError(.unexpectedByte(UInt8(ascii: "]")), at: 3)),
            ("{\"a\":1,}", JSONParseError(.unexpectedByte(UInt8(ascii: "}")), at: 7)),
            ("{a:1}", JSONParseError(.unexpectedByte(UInt8(ascii: "a")), at: 1)),
            ("{'a':1}", JSONParseError(.unexpectedByte(UInt8(ascii: "'")), at: 1)),
            ("{\"a\" 1}", JSONParseError(.unexpectedByte(UInt8(ascii: "1")), at: 5)),
            ("[1 2]", JSONParseError(.unexpectedByte(UInt8(ascii: "2")), at: 3)),
            ("[1", JSONParseError(.unexpectedEndOfInput, at: 2)),
            ("{\"a\":", JSONParseError(.unexpectedEndOfInput, at: 5)),
            ("\"abc", JSONParseError(.unexpectedEndOfInput, at: 4)),
            ("\"a\\", JSONParseError(.unexpectedEndOfInput, at: 3)),
            ("1 2", JSONParseError(.unexpectedByte(UInt8(ascii: "2")), at: 2)),
            ("[]x", JSONParseError(.unexpectedByte(UInt8(ascii: "x")), at: 2)),
            ("01", JSONParseError(.invalidNumber, at: 0)),
            ("-01", JSONParseError(.invalidNumber, at: 0)),
            ("1.", JSONParseError(.invalidNumber, at: 0)),
            (".5", JSONParseError(.unexpectedByte(UInt8(ascii: ".")), at: 0)),
            ("+1", JSONParseError(.unexpectedByte(UInt8(ascii: "+")), at: 0)),
            ("-", JSONParseError(.invalidNumber, at: 0)),
            ("1e", JSONParseError(.invalidNumber, at: 0)),
            ("1e+", JSONParseError(.invalidNumber, at: 0)),
            ("[-x]", JSONParseError(.invalidNumber, at: 1)),
            ("NaN", JSONParseError(.unexpectedByte(UInt8(ascii: "N")), at: 0)),
            ("Infinity", JSONParseError(.unexpectedByte(UInt8(ascii: "I")), at: 0)),
            ("-Infinity", JSONParseError(.invalidNumber, at: 0)),
            ("tru", JSONParseError(.unexpectedEndOfInput, at: 3)),
            ("nul1", JSONParseError(.unexpectedByte(UInt8(ascii: "1")), at: 3)),
            ("True", JSONParseError(.unexpectedByte(UInt8(ascii: "T")), at: 0)),
            (#""\x""#, JSONParseError(.invalidEscape, at: 1)),
            (#""\u12G4""#, JSONParseError(.invalidEscape, at: 1)),
            (#""\u12""#, JSONParseError(.invalidEscape, at: 1)),
            ("\"a\nb\"", JSONParseError(.unexpectedByte(0x0A), at: 2)),
            ("\"a\\n\tb\"", JSONParseError(.unexpectedByte(0x09), at: 4)),
            ("\u{FEFF}1", JSONParseError(.unexpectedByte(0xEF), at: 0)),
            ("/* c */ 1", JSONParseError(.unexpectedByte(UInt8(ascii: "/")), at: 0)),
        ]
    )
    func rejectsInvalidJSON(text: String, expected: JSONParseError) {
        #expect(throws: expected) { try JSON.parse(text) }
    }

    @Test("rejects invalid UTF-8 inside strings instead of repairing it")
    func rejectsInvalidUTF8() {
        let overlongSlash: [UInt8] = [0x22, 0x61, 0xC0, 0xAF, 0x22]
        #expect(throws: JSONParseError(.invalidUTF8, at: 0)) { try JSON.parse(overlongSlash) }
        let loneContinuation: [UInt8] = [0x5B, 0x22, 0x5C, 0x6E, 0x80, 0x22, 0x5D]
        #expect(throws: JSONParseError(.invalidUTF8, at: 1)) { try JSON.parse(loneContinuation) }
        let encodedSurrogate: [UInt8] = [0x22, 0xED, 0xA0, 0x80, 0x22]
        #expect(throws: JSONParseError(.invalidUTF8, at: 0)) { try JSON.parse(encodedSurrogate) }
    }

    @Test("accepts nesting up to the depth limit and rejects one level more")
    func enforcesDepthLimit() throws {
        let limit = JSONParser.defaultMaxDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try JSON.parse(deepest).arrayValue?.count == 1)
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(throws: JSONParseError(.tooDeep(limit: limit), at: limit)) { try JSON.parse(tooDeep) }
        let objects = String(repeating: #"{"a":"#, count: 3) + "1" + String(repeating: "}", count: 3)
        #expect(throws: JSONParseError(.tooDeep(limit: 2), at: 10)) { try JSON.parse(objects, maxDepth: 2) }
    }

    @Test("a hostile million-level nesting fails fast instead of overflowing the stack")
    func survivesHostileNesting() {
        let hostile = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(throws: JSONParseError(.tooDeep(limit: 512), at: 512)) { try JSON.parse(hostile) }
    }

    @Test("error descriptions name the byte and the offset")
    func describesErrors() {
        #expect(JSONParseError(.unexpectedByte(0x61), at: 3).description == "unexpected byte 'a' (0x61) at offset 3")
        #expect(JSONParseError(.unexpectedByte(0x0A), at: 2).description == "unexpected byte (0x0A) at offset 2")
        #expect(
            JSONParseError(.tooDeep(limit: 512), at: 9).description == "JSON nested deeper than 512 levels at offset 9")
    }

    @Test("parses from an offset inside a larger buffer, reporting offsets into that buffer")
    func parsesFromOffset() throws {
        var parser = JSONParser(bytes: Array(#"42["a",1]"#.utf8), startIndex: 2)
        #expect(try parser.parseDocument(as: JSON.self) == ["a", 1])
        var broken = JSONParser(bytes: Array("42[x]".utf8), startIndex: 2)
        #expect(throws: JSONParseError(.unexpectedByte(UInt8(ascii: "x")), at: 3)) {
            try broken.parseDocument(as: JSON.self)
        }
    }

    @Test("objects with many keys switch to a hash index and still find every key")
    func findsKeysInLargeObjects() throws {
        let members = (0..<100).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let value = try JSON.parse("{" + members + ",\"k7\":\"again\"}")
        #expect(value.objectValue?.count == 100)
        #expect(value["k99"] == 99)
        #expect(value["k7"] == "again")
        #expect(value.objectValue?.keys.last == "k99")
    }
}
