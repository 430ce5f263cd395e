// SPDX-License-Identifier: MIT

import SIOJSON
import Testing

@Suite("JSON serializer (byte-exact JSON.stringify)")
struct JSONSerializerTests {
    /// Expected texts are what Node's `JSON.stringify(x)` prints.
    @Test(
        "prints numbers exactly as JavaScript does",
        arguments: [
            (0.0, "0"),
            (-0.0, "0"),
            (1, "1"),
            (-1, "-1"),
            (100, "100"),
            (1.5, "1.5"),
            (-1.5, "-1.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0 / 3.0, "0.3333333333333333"),
            (123.456, "123.456"),
            (1e15, "1000000000000000"),
            (1e16, "10000000000000000"),
            (9_007_199_254_740_991, "9007199254740991"),
            (9_007_199_254_740_992, "9007199254740992"),
            (1.2345678901234568e20, "123456789012345680000"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (2e22, "2e+22"),
            (-1e21, "-1e+21"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (0.000001, "0.000001"),
            (0.00001, "0.00001"),
            (0.0001, "0.0001"),
            (1.5e-6, "0.0000015"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (-1e-7, "-1e-7"),
            (1.2345678e-16, "1.2345678e-16"),
            (Double.leastNonzeroMagnitude, "5e-324"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (1_700_000_000_123, "1700000000123"),
            (.nan, "null"),
            (.infinity, "null"),
            (-.infinity, "null"),
        ] as [(Double, String)]
    )
    func printsNumbers(value: Double, expected: String) {
        #expect(JSON.number(value).serialized() == expected)
    }

    @Test(
        "escapes strings exactly as JSON.stringify does",
        arguments: [
            ("plain", #""plain""#),
            ("", #""""#),
            ("say \"hi\"", #""say \"hi\"""#),
            ("back\\slash", #""back\\slash""#),
            ("/slash/", #""/slash/""#),
            ("\u{08}\u{0C}\n\r\t", #""\b\f\n\r\t""#),
            ("\u{00}\u{01}\u{1F}", #""\u0000\u0001\u001f""#),
            ("\u{0B}", #""\u000b""#),
            ("\u{7F}", "\"\u{7F}\""),
            ("héllo 中文 😀", "\"héllo 中文 😀\""),
            ("\u{2028}\u{2029}", "\"\u{2028}\u{2029}\""),
            ("<script>", #""<script>""#),
        ]
    )
    func escapesStrings(value: String, expected: String) {
        #expect(JSON.string(value).serialized() == expected)
    }

    @Test("writes containers without whitespace, keys in insertion order")
    func writesContainers() {
        let value: JSON = ["b": [1, "two", .null, true, false], "a": ["nested": [:]], "": []]
        #expect(value.serialized() == #"{"b":[1,"two",null,true,false],"a":{"nested":{}},"":[]}"#)
        #expect(JSON.array([]).serialized() == "[]")
        #expect(JSON.object([:]).serialized() == "{}")
        #expect(JSON.null.description == "null")
    }

    @Test("escapes object keys like string values")
    func escapesKeys() {
        let value: JSON = ["a\"b\n": 1]
        #expect(value.serialized() == #"{"a\"b\n":1}"#)
    }

    @Test(
        "parse then serialize gives back canonical JSON.stringify text",
        arguments: [
            (#"{ "a" : [ 1.0, 2.50, -0, 1E2 ] }"#, #"{"a":[1,2.5,0,100]}"#),
            (#""\u0041\/\u00e9""#, #""A/é""#),
            (#"[1e-7,1e21,123456789012345678901234567890]"#, #"[1e-7,1e+21,1.2345678901234568e+29]"#),
            (#"{"sid":"oSO0OpakMV_3jnilAAAA"}"#, #"{"sid":"oSO0OpakMV_3jnilAAAA"}"#),
            (#"["\ud83d\ude00","\u001F"]"#, "[\"😀\",\"\\u001f\"]"),
        ]
    )
    func roundTrips(text: String, expected: String) throws {
        #expect(try JSON.parse(text).serialized() == expected)
    }

    @Test("serializedBytes matches serialized")
    func bytesMatchText() {
        let value: JSON = ["k": "v", "n": 1.25]
        #expect(value.serializedBytes() == Array(value.serialized().utf8))
    }
}
