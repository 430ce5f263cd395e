// SPDX-License-Identifier: MIT

import SIOJSON
import Testing

@Suite("JSON value and ordered object")
struct JSONValueTests {
    @Test("literals build the matching cases")
    func literals() {
        let value: JSON = ["s": "x", "i": 3, "d": 2.5, "b": true, "a": [1, "two"], "o": ["k": .null]]
        #expect(value["s"] == .string("x"))
        #expect(value["i"] == .number(3))
        #expect(value["d"] == .number(2.5))
        #expect(value["b"] == .bool(true))
        #expect(value["a"] == .array([.number(1), .string("two")]))
        #expect(value["o"]?["k"] == .null)
    }

    @Test("subscripts return nil for a missing key, a wrong type or an index out of range")
    func subscripts() {
        let value: JSON = ["list": [10, 20]]
        #expect(value["list"]?[1] == 20)
        #expect(value["list"]?[2] == nil)
        #expect(value["list"]?[-1] == nil)
        #expect(value["missing"] == nil)
        #expect(value[0] == nil)
        #expect(JSON.string("x")["key"] == nil)
    }

    @Test("accessors return a value only for the matching case")
    func accessors() {
        #expect(JSON.string("a").stringValue == "a")
        #expect(JSON.number(1).stringValue == nil)
        #expect(JSON.bool(false).boolValue == false)
        #expect(JSON.number(7).intValue == 7)
        #expect(JSON.number(-0.0).intValue == 0)
        #expect(JSON.number(7.5).intValue == nil)
        #expect(JSON.number(1e300).intValue == nil)
        #expect(JSON.number(7.5).doubleValue == 7.5)
        #expect(JSON.array([1]).arrayValue == [1])
        #expect(JSON.object(["a": 1]).objectValue == ["a": 1])
        #expect(JSON.null.isNull)
        #expect(!JSON.bool(false).isNull)
    }

    @Test("an ordered object keeps insertion order and replaces values in place")
    func orderedObject() {
        var object: JSONObject = ["z": 1, "a": 2]
        object["m"] = 3
        object["z"] = 9
        #expect(object.keys == ["z", "a", "m"])
        #expect(object.values == [9, 2, 3])
        #expect(object.map(\.key) == ["z", "a", "m"])
        object["a"] = nil
        #expect(object.keys == ["z", "m"])
        #expect(object.removeValue(forKey: "z") == 9)
        #expect(object.removeValue(forKey: "z") == nil)
        #expect(object.count == 1)
        #expect(object.contains(key: "m"))
        #expect(!object.contains(key: "z"))
    }

    @Test("a null member is present, which is different from a missing one")
    func nullMember() {
        let object: JSONObject = ["n": .null]
        #expect(object.contains(key: "n"))
        #expect(object["n"] == .some(.null))
        #expect(object["x"] == nil)
    }

    @Test("equality depends on key order")
    func orderMatters() {
        let ab: JSONObject = ["a": 1, "b": 2]
        let ba: JSONObject = ["b": 2, "a": 1]
        #expect(ab != ba)
        #expect(ab == JSONObject([("a", 1), ("b", 2)]))
    }

    @Test("removing keys from a large object keeps lookups right")
    func largeObjectRemoval() {
        var object = JSONObject()
        for number in 0..<20 { object["k\(number)"] = .number(Double(number)) }
        object["k3"] = nil
        object["k15"] = nil
        #expect(object.count == 18)
        #expect(object["k4"] == 4)
        #expect(object["k19"] == 19)
        #expect(object["k3"] == nil)
        object["k3"] = "back"
        #expect(object.keys.last == "k3")
        let doubled = object.mapValues { $0.doubleValue.map { JSON.number($0 * 2) } ?? $0 }
        #expect(doubled["k19"] == 38)
        #expect(doubled.keys == object.keys)
    }

    @Test("equal values hash equally, so JSON works in sets and as dictionary keys")
    func hashing() {
        let values: Set<JSON> = [["a": [1, 2]], ["a": [1, 2]], ["a": [2, 1]]]
        #expect(values.count == 2)
    }
}
