// SPDX-License-Identifier: MIT

import SIOEngineIO

extension FuzzHarness {
    /// Any bytes as a long-polling body (several packets) and as one packet.
    static let engineIO = FuzzHarness(
        name: "engineio", summary: "EnginePayload and EnginePacket: decode(encode(x)) == x, both transports' forms"
    ) { input in
        if let packets = try? EnginePayload.decode(input) {
            let encoded = EnginePayload.encode(packets)
            invariant(EnginePayload.encodedLength(of: packets) == encoded.count, "encodedLength of \(packets)")
            invariant((try? EnginePayload.decode(encoded)) == packets, "payload \(packets) does not round-trip")
            let budget = Int(Feeding.fnv1a(input) % 64)
            let fitting = EnginePayload.fittingCount(of: packets, maxBytes: budget, maxPackets: 1 + budget % 17)
            invariant(fitting >= 1 && fitting <= min(packets.count, 1 + budget % 17), "fittingCount \(fitting)")
            invariant(
                fitting == 1 || EnginePayload.encodedLength(of: packets.prefix(fitting)) <= budget,
                "\(fitting) packets overflow \(budget) bytes")
            for packet in packets { EngineIOFuzzing.checkPacket(packet) }
        }
        if let packet = try? EnginePacket(decoding: String(decoding: input, as: UTF8.self)) {
            EngineIOFuzzing.checkPacket(packet)
        }
    }

    /// Any bytes as base64 text, and as bytes to encode.
    static let base64 = FuzzHarness(
        name: "base64", summary: "Base64 and base64url: strict decoding is canonical; decode(encode(x)) == x"
    ) { input in
        let text = String(decoding: input, as: UTF8.self)
        if let bytes = Base64.decode(text) {
            invariant(Base64.encode(bytes) == text, "\(text) decodes but is not canonical")
        }
        if let bytes = Base64.decodeURL(text) {
            invariant(Base64.encodeURL(bytes) == text, "\(text) decodes (url) but is not canonical")
        }
        invariant(Base64.decode(Base64.encode(input)) == input, "\(input) does not round-trip")
        invariant(Base64.decodeURL(Base64.encodeURL(input)) == input, "\(input) does not round-trip (url)")
    }
}

enum EngineIOFuzzing {
    /// A packet reads back from its polling form and from its WebSocket form.
    static func checkPacket(_ packet: EnginePacket) {
        let text = packet.encodedText()
        invariant(packet.encodedTextLength == text.utf8.count, "encodedTextLength of \(text)")
        invariant((try? EnginePacket(decoding: text)) == packet, "packet \(text) does not round-trip")
        invariant(
            (try? EnginePacket(decoding: packet.webSocketMessage)) == packet,
            "packet \(text) does not round-trip through its WebSocket form")
    }
}
