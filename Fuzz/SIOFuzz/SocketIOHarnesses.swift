// SPDX-License-Identifier: MIT

import SIOJSON
import SIOServer

extension FuzzHarness {
    /// Any bytes as Engine.IO messages cut at `0x1E`: a piece starting with `b` is a binary message
    /// (an attachment), any other a text message (a Socket.IO packet).
    static let socketIO = FuzzHarness(
        name: "socketio", summary: "SocketIOPacketDecoder with binary attachments; every packet re-encodes to itself"
    ) { input in
        var decoder = SocketIOPacketDecoder(maxAttachments: 3)
        for message in input.split(separator: 0x1E, omittingEmptySubsequences: false) {
            do {
                let output = message.first == UInt8(ascii: "b")
                    ? try decoder.decode(binary: Array(message.dropFirst()))
                    : try decoder.decode(text: String(decoding: message, as: UTF8.self))
                if case .packet(let packet) = output { SocketIOFuzzing.checkRoundTrip(packet) }
            } catch {
                decoder.reset()
            }
        }
    }

    /// Any bytes as a JSON document; the first eight also as a number.
    static let json = FuzzHarness(
        name: "json", summary: "JSONParser and JSONSerializer: serialize(parse(x)) is stable; numbers round-trip"
    ) { input in
        if let value = try? JSON.parse(input) {
            JSONFuzzing.checkRoundTrip(value)
            invariant((try? SocketIOValue.parse(input)) == SocketIOValue(value), "JSON and SocketIOValue parse \(input) apart")
        }
        _ = try? JSON.parse(input, maxDepth: 4)
        if input.count >= 8 {
            let bits = input.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            JSONFuzzing.checkRoundTrip(.number(Double(bitPattern: bits)))
        }
    }
}

enum SocketIOFuzzing {
    /// A decoded packet, encoded and decoded again, is the same packet.
    static func checkRoundTrip(_ packet: SocketIOPacket) {
        guard packet.data.map(JSONFuzzing.isFinite) ?? true else { return }  // Infinity is written as null
        let wire: SocketIOWirePacket
        do {
            wire = try SocketIOPacketEncoder.encode(packet)
        } catch {
            violation("decoded \(packet) does not encode: \(error)")
        }
        var decoder = SocketIOPacketDecoder(maxAttachments: max(wire.attachments.count, 1))
        var output = Result<SocketIOPacketDecoder.Output, SocketIODecodingError> { () throws(SocketIODecodingError) in
            try decoder.decode(text: wire.text)
        }
        for attachment in wire.attachments {
            output = Result { () throws(SocketIODecodingError) in try decoder.decode(binary: attachment) }
        }
        invariant(output == .success(.packet(packet)), "\(packet) encoded as \(wire) decodes as \(output)")
    }
}

enum JSONFuzzing {
    /// Serializing a parsed value gives text that parses to the same value and serializes to the same text.
    static func checkRoundTrip(_ value: JSON) {
        let text = value.serializedBytes()
        guard let again = try? JSON.parse(text) else { violation("\(value) serializes to unparsable \(text)") }
        invariant(again.serializedBytes() == text, "\(value) serializes to \(text), then to \(again.serializedBytes())")
        if isFinite(SocketIOValue(value)) { invariant(again == value, "\(value) comes back as \(again)") }
    }

    /// True unless a number in the tree is infinite or NaN (JSON writes those as `null`).
    static func isFinite(_ value: SocketIOValue) -> Bool {
        switch value {
        case .number(let number): return number.isFinite
        case .array(let elements): return elements.allSatisfy(isFinite)
        case .object(let object): return object.values.allSatisfy(isFinite)
        case .null, .bool, .string, .binary: return true
        }
    }
}
