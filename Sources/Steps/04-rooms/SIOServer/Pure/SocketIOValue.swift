// SPDX-License-Identifier: MIT

import SIOJSON

/// One argument of a Socket.IO event or ack: a JSON value whose leaves may also be raw bytes.
///
/// Why a separate type rather than a `.binary` case on `JSON`? `JSON` stays exactly RFC 8259, so code that
/// only deals with JSON (JWT claims, handshake auth, configuration) never has to handle bytes. Socket.IO
/// payloads are different: a JS client can `socket.emit("upload", { name: "a.png", data: buffer })` with a
/// Buffer anywhere in the tree. So handlers see bytes as a normal value:
///
/// ```swift
/// socket.on("upload") { args in
///     let name = args[0]["name"]?.stringValue     // "a.png"
///     let bytes = args[0]["data"]?.binaryValue    // [UInt8], however it travelled
/// }
/// socket.emit("thumbnail", ["name": "a.png", "data": .binary(png)])
/// ```
///
/// How bytes travel (Socket.IO v5 spec, "Packet encoding"): the encoder replaces each `.binary` leaf with
/// `{"_placeholder":true,"num":N}`, sends the JSON text as a BINARY_EVENT or BINARY_ACK packet that
/// announces the number of attachments, and then sends the N byte arrays as separate binary messages.
/// The decoder puts them back in place (`SocketIOPacketDecoder`). User code never sees a placeholder.
///
/// The same tree fits MessagePack (nil, bool, float, str, array, map, **bin**) one to one, which is what the
/// Redis adapter speaks to Node servers.
public enum SocketIOValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number (a double, as in JavaScript).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([SocketIOValue])
    /// An object, its members in order.
    case object(SocketIOObject)
    /// Bytes: a binary attachment on the wire, a `Buffer` or `ArrayBuffer` in JavaScript.
    case binary([UInt8])
}

/// An object inside a Socket.IO payload: insertion-ordered, like `JSONObject`.
public typealias SocketIOObject = OrderedObject<SocketIOValue>

extension SocketIOValue: JSONParsable {}

// MARK: - Converting to and from JSON

extension SocketIOValue {
    /// The same tree, with no binary leaves.
    public init(_ json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let elements): self = .array(elements.map(SocketIOValue.init))
        case .object(let object): self = .object(object.mapValues(SocketIOValue.init))
        }
    }

    /// The same tree as `JSON`, or `nil` when it holds bytes somewhere.
    public var jsonValue: JSON? {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .binary: return nil
        case .array(let elements):
            var converted: [JSON] = []
            converted.reserveCapacity(elements.count)
            for element in elements {
                guard let json = element.jsonValue else { return nil }
                converted.append(json)
            }
            return .array(converted)
        case .object(let object):
            var converted = JSONObject(minimumCapacity: object.count)
            for (key, value) in object {
                guard let json = value.jsonValue else { return nil }
                converted[key] = json
            }
            return .object(converted)
        }
    }

    /// How many `.binary` leaves the tree has: the attachment count of the packet that carries it.
    public var binaryCount: Int {
        switch self {
        case .binary: return 1
        case .array(let elements): return elements.reduce(0) { $0 + $1.binaryCount }
        case .object(let object): return object.values.reduce(0) { $0 + $1.binaryCount }
        case .null, .bool, .number, .string: return 0
        }
    }

    /// True when the value holds bytes anywhere: it then travels as a BINARY_EVENT with attachments.
    public var containsBinary: Bool { binaryCount > 0 }
}

// MARK: - Reading values (same accessors as JSON, plus bytes)

extension SocketIOValue {
    /// The member `key` of an object, else `nil`: `args[0]["name"]`.
    public subscript(key: String) -> SocketIOValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` of an array, else `nil` (also when out of range).
    public subscript(index: Int) -> SocketIOValue? {
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

    /// The number as an `Int`, only when it is a whole number that fits.
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
    public var arrayValue: [SocketIOValue]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The members of an object, in order, else `nil`.
    public var objectValue: SocketIOObject? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    /// The bytes of a binary leaf (a `Buffer` or `ArrayBuffer` on the JavaScript side), else `nil`.
    public var binaryValue: [UInt8]? {
        guard case .binary(let value) = self else { return nil }
        return value
    }
}

// MARK: - Literals: `socket.emit("hello", ["user": "ada", "avatar": .binary(bytes)])`

extension SocketIOValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `true` / `false` literals.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Integer literals (numbers are doubles, as in JavaScript).
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// Floating-point literals.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// String literals: `socket.emit("hello", "world")`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Array literals.
    public init(arrayLiteral elements: SocketIOValue...) { self = .array(elements) }
    /// Dictionary literals; the members keep the order written.
    public init(dictionaryLiteral elements: (String, SocketIOValue)...) { self = .object(SocketIOObject(elements)) }
}

// MARK: - Printing

extension SocketIOValue: CustomStringConvertible {
    /// JSON text with each binary leaf shown as `<Buffer 01 02 03>`, the way Node's console prints a Buffer.
    /// This is for logs only. It is not valid JSON; `SocketIOPacketEncoder` produces the wire form.
    public var description: String {
        var serializer = JSONSerializer()
        write(into: &serializer) { serializer, bytes in
            let hex = bytes.map { ($0 < 0x10 ? " 0" : " ") + String($0, radix: 16) }.joined()
            serializer.writeRaw("<Buffer\(hex)>".utf8)
        }
        return serializer.string
    }

    /// Writes the tree as JSON text; each binary leaf is written by `writeBinary`, in depth-first order.
    func write(into serializer: inout JSONSerializer, writeBinary: (inout JSONSerializer, [UInt8]) -> Void) {
        switch self {
        case .null: serializer.writeNull()
        case .bool(let value): serializer.writeBool(value)
        case .number(let value): serializer.writeNumber(value)
        case .string(let value): serializer.writeString(value)
        case .binary(let bytes): writeBinary(&serializer, bytes)
        case .array(let elements):
            serializer.writeByte(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { serializer.writeByte(UInt8(ascii: ",")) }
                element.write(into: &serializer, writeBinary: writeBinary)
            }
            serializer.writeByte(UInt8(ascii: "]"))
        case .object(let object):
            serializer.writeByte(UInt8(ascii: "{"))
            for (position, member) in object.enumerated() {
                if position > 0 { serializer.writeByte(UInt8(ascii: ",")) }
                serializer.writeString(member.key)
                serializer.writeByte(UInt8(ascii: ":"))
                member.value.write(into: &serializer, writeBinary: writeBinary)
            }
            serializer.writeByte(UInt8(ascii: "}"))
        }
    }
}
