// SPDX-License-Identifier: MIT

/// The seven Engine.IO packet types, each written as one ASCII digit (Engine.IO v4 spec, "Protocol").
package enum EnginePacketType: UInt8, Sendable, CaseIterable {
    /// `0`: the server's handshake, carrying the session parameters as JSON.
    case open = 0
    /// `1`: "this transport can be closed". Sent by a polling client that leaves, and by the server to end a long-poll.
    case close = 1
    /// `2`: the server's heartbeat. In v4 only the server pings; `2probe` also starts an upgrade.
    case ping = 2
    /// `3`: the client's answer to a ping (`3probe` answers `2probe`).
    case pong = 3
    /// `4`: application data.
    case message = 4
    /// `5`: sent by the client on the new transport to complete an upgrade.
    case upgrade = 5
    /// `6`: an empty packet, used to end a pending long-poll GET during an upgrade.
    case noop = 6

    /// The digit on the wire, as an ASCII byte (`0x30` + type).
    package var asciiDigit: UInt8 { UInt8(ascii: "0") + rawValue }

    /// Reads a type digit, or `nil` for any other byte.
    package init?(asciiDigit: UInt8) {
        guard asciiDigit >= UInt8(ascii: "0") else { return nil }
        self.init(rawValue: asciiDigit - UInt8(ascii: "0"))
    }
}

/// Application data carried by an Engine.IO `message` packet: UTF-8 text or raw bytes.
///
/// This is what the layer above (Socket.IO) sends and receives. A Socket.IO binary event travels as one
/// `.text` message followed by one `.binary` message per attachment.
///
/// The same two shapes describe a WebSocket message (a text frame or a binary frame), so the WebSocket transport
/// reads and writes `EngineMessage` values too (see `EnginePacket.webSocketMessage`).
public enum EngineMessage: Sendable, Equatable {
    /// A text message: a WebSocket text frame, or plain text in a polling payload.
    case text(String)
    /// Raw bytes: a WebSocket binary frame, or `b<base64>` in a polling payload.
    case binary([UInt8])
}

/// Why a single encoded packet could not be read.
package enum EnginePacketError: Error, Sendable, Equatable {
    /// Zero bytes: there is not even a type digit.
    case empty
    /// The first character is neither a type digit `0`...`6` nor the binary marker `b`.
    case unknownType(Character)
    /// `b` followed by text that is not valid base64. Node decodes leniently; we refuse what no encoder produces.
    case invalidBase64
}

/// One Engine.IO packet: a type and its data (Engine.IO v4 spec, "Protocol" and "Packet encoding").
///
/// The data is text for every type, and may be binary only for `message` packets: the wire has no way to write
/// a binary ping (a binary WebSocket frame, or `b<base64>` in a polling payload, always means "message").
/// The initializers enforce this, so every `EnginePacket` value can be encoded.
///
/// ```swift
/// EnginePacket(.ping, "probe").encodedText()            // "2probe"
/// EnginePacket(message: .text("hello")).encodedText()   // "4hello"
/// EnginePacket(message: .binary([1, 2, 3, 4])).encodedText()   // "bAQIDBA==" (polling form)
/// try EnginePacket(decoding: "3probe") == .probePong    // true
/// ```
package struct EnginePacket: Sendable, Equatable {
    /// The packet type.
    package let type: EnginePacketType
    /// The data after the type digit: `.text` (possibly empty), or `.binary` for a binary message.
    package let payload: EngineMessage
    /// Whether the transport may compress this packet (Node's `options.compress`): false after Socket.IO's
    /// `compress(false)`. Compression still needs the transport's own settings and threshold to agree.
    package var compress = true

    /// A packet with text data (empty by default), e.g. `EnginePacket(.pong, "probe")`.
    package init(_ type: EnginePacketType, _ text: String = "") {
        self.type = type
        self.payload = .text(text)
    }

    /// A `message` packet carrying application data, text or binary; `compress: false` keeps it uncompressed.
    package init(message: EngineMessage, compress: Bool = true) {
        self.type = .message
        self.payload = message
        self.compress = compress
    }

    package static let close = EnginePacket(.close)
    package static let ping = EnginePacket(.ping)
    package static let pong = EnginePacket(.pong)
    package static let upgrade = EnginePacket(.upgrade)
    package static let noop = EnginePacket(.noop)
    /// `2probe`: the client's first packet on a transport it wants to upgrade to.
    package static let probePing = EnginePacket(.ping, "probe")
    /// `3probe`: the server's answer, meaning "this new transport works".
    package static let probePong = EnginePacket(.pong, "probe")

    /// A text `message` packet: `EnginePacket.message("hello")` is `4hello` on the wire.
    package static func message(_ text: String) -> EnginePacket {
        EnginePacket(message: .text(text))
    }
}

// MARK: - Encoding

extension EnginePacket {
    /// The text form, `<type digit><data>`, with binary messages as `b<base64>`.
    ///
    /// This is how a packet appears inside a polling payload (spec "Packet encoding > HTTP long-polling").
    package func encodedText() -> String {
        String(decoding: encodedTextBytes(), as: UTF8.self)
    }

    /// The WebSocket form (spec "Packet encoding > WebSocket"): one message per packet, a text frame
    /// `<type digit><data>`, or a binary frame holding the raw bytes of a binary message ("sent as is").
    package var webSocketMessage: EngineMessage {
        switch payload {
        case .text:
            return .text(encodedText())
        case .binary(let bytes):
            return .binary(bytes)
        }
    }

    /// The number of UTF-8 bytes `encodedText()` produces, computed without encoding
    /// (so that a payload can be cut to a byte budget cheaply).
    package var encodedTextLength: Int {
        switch payload {
        case .text(let text):
            return 1 + text.utf8.count
        case .binary(let bytes):
            return 1 + (bytes.count + 2) / 3 * 4
        }
    }

    /// Appends the text form to `output` (used by `EnginePayload` to build a body without intermediate strings).
    func appendEncodedText(to output: inout [UInt8]) {
        switch payload {
        case .text(let text):
            output.append(type.asciiDigit)
            output.append(contentsOf: text.utf8)
        case .binary(let bytes):
            output.append(UInt8(ascii: "b"))
            Base64.appendEncoded(bytes, to: &output)
        }
    }

    private func encodedTextBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(encodedTextLength)
        appendEncodedText(to: &output)
        return output
    }
}

// MARK: - Decoding

extension EnginePacket {
    /// Reads the text form of one packet: `<type digit><data>`, or `b<base64>` for a binary message.
    ///
    /// Node's decoder (`engine.io-parser` `decodePacket`) accepts data after any type (`1abc` is a close packet),
    /// and so does this one. It also reads `b<base64>` in a WebSocket text frame, as Node does.
    package init(decoding text: some StringProtocol) throws(EnginePacketError) {
        self = try EnginePacket.decode(utf8: text.utf8)
    }

    /// Reads one WebSocket message: a binary frame is a binary `message` packet; a text frame is decoded as text.
    package init(decoding webSocketMessage: EngineMessage) throws(EnginePacketError) {
        switch webSocketMessage {
        case .text(let text):
            self = try EnginePacket(decoding: text)
        case .binary(let bytes):
            self = EnginePacket(message: .binary(bytes))
        }
    }

    /// Decodes the UTF-8 bytes of one packet. Invalid UTF-8 in the data becomes U+FFFD, like Node's `utf8` decoding.
    static func decode(utf8 bytes: some Collection<UInt8>) throws(EnginePacketError) -> EnginePacket {
        guard let first = bytes.first else { throw .empty }
        let rest = bytes.dropFirst()
        if first == UInt8(ascii: "b") {
            guard let binary = Base64.decode(utf8: rest) else { throw .invalidBase64 }
            return EnginePacket(message: .binary(binary))
        }
        guard let type = EnginePacketType(asciiDigit: first) else {
            let character = String(decoding: bytes, as: UTF8.self).first ?? "\u{FFFD}"
            throw .unknownType(character)
        }
        return EnginePacket(type, String(decoding: rest, as: UTF8.self))
    }
}

extension EnginePacket: CustomStringConvertible {
    /// The text form, for logs and test failures (`4hello`, `bAQIDBA==`).
    package var description: String { encodedText() }
}
