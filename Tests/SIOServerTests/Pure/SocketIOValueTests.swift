// SPDX-License-Identifier: MIT

import SIOJSON
import SIOServer
import Testing

@Suite("SocketIOValue (JSON plus binary leaves)")
struct SocketIOValueTests {
    @Test("converts from JSON and back when no bytes are inside")
    func convertsToAndFromJSON() {
        let json: JSON = ["name": "ada", "tags": [1, true, .null], "nested": ["k": 2.5]]
        let value = SocketIOValue(json)
        #expect(value == ["name": "ada", "tags": [1, true, .null], "nested": ["k": 2.5]])
        #expect(value.jsonValue == json)
        #expect(SocketIOValue.object(["a": [.binary([1])]]).jsonValue == nil)
        #expect(SocketIOValue.binary([]).jsonValue == nil)
    }

    @Test("counts binary leaves anywhere in the tree")
    func countsBinary() {
        let value: SocketIOValue = [.binary([1]), ["a": .binary([]), "b": [.binary([2]), "x"]], "y"]
        #expect(value.binaryCount == 3)
        #expect(value.containsBinary)
        #expect(!SocketIOValue.string("x").containsBinary)
    }

    @Test("accessors and subscripts work as on JSON, plus binaryValue")
    func accessors() {
        let value: SocketIOValue = ["file": ["name": "a.png", "size": 3, "data": .binary([1, 2, 3])], "ok": true]
        #expect(value["file"]?["name"]?.stringValue == "a.png")
        #expect(value["file"]?["size"]?.intValue == 3)
        #expect(value["file"]?["size"]?.doubleValue == 3)
        #expect(value["file"]?["data"]?.binaryValue == [1, 2, 3])
        #expect(value["ok"]?.boolValue == true)
        #expect(value["file"]?.objectValue?.keys == ["name", "size", "data"])
        #expect(SocketIOValue.array([1, 2])[1] == 2)
        #expect(SocketIOValue.array([1, 2])[2] == nil)
        #expect(SocketIOValue.array([1]).arrayValue == [1])
        #expect(SocketIOValue.null.isNull)
        #expect(SocketIOValue.string("x").binaryValue == nil)
    }

    @Test("parses JSON text straight into a SocketIOValue")
    func parses() throws {
        #expect(try SocketIOValue.parse(#"{"a":[1,"b"]}"#) == ["a": [1, "b"]])
    }

    @Test("prints bytes the way Node's console prints a Buffer")
    func describes() {
        let value: SocketIOValue = ["name": "a\"b", "data": .binary([0x01, 0xAB, 0x10]), "empty": .binary([])]
        #expect(value.description == #"{"name":"a\"b","data":<Buffer 01 ab 10>,"empty":<Buffer>}"#)
        #expect(SocketIOValue.number(1e21).description == "1e+21")
    }
}
