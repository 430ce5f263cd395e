// SPDX-License-Identifier: MIT

import SIOJSON

/// Turns incoming Engine.IO messages back into Socket.IO packets, one message at a time.
///
/// Most packets are a single text message. A BINARY_EVENT or BINARY_ACK announces `n` attachments
/// (`52-[...]`, sent as `452-[...]` after Engine.IO's `4`), and the next `n` binary messages belong to it.
/// So the decoder keeps state: after such a text it answers `.needMoreData` until the last attachment
/// arrives. Then it returns the packet with every placeholder replaced by its bytes, typed `.event` or `.ack`.
///
/// ```swift
/// var decoder = SocketIOPacketDecoder()
/// try decoder.decode(text: #"51-["img",{"_placeholder":true,"num":0}]"#)  // .needMoreData
/// try decoder.decode(binary: [1, 2, 3])                                    // .packet(EVENT ["img", <01 02 03>])
/// ```
///
/// The checks follow socket.io-parser's `decodeString` and `isPayloadValid`:
/// - the type is one character `0`-`6`;
/// - binary types need `<digits>-` with a count from 1 to `maxAttachments`;
/// - a namespace starts with `/` and runs to the first `,` or to the end (`40/custom` is accepted);
/// - an ack id is a run of digits;
/// - the payload, by type: CONNECT has an object or nothing; DISCONNECT has nothing; CONNECT_ERROR has
///   a string or an object; EVENT has a non-empty array whose first element is a number or a string
///   that is not a reserved event name; ACK has an array.
///
/// In two places we are stricter than `decodeString`:
/// - A missing payload is an error for EVENT, ACK and CONNECT_ERROR. The spec says "The payload is
///   mandatory", and the official `isPacketValid` agrees.
/// - An ack id above 2^53 - 1 is an error. Node would round it silently; python-socketio caps it at 100 digits.
///
/// Any error means the peer broke the protocol: the server closes the connection. After an error the
/// decoder's state is undefined until `reset()`.
package struct SocketIOPacketDecoder: Sendable {
    package enum Output: Sendable, Hashable {
        /// The text announced attachments that have not all arrived yet.
        case needMoreData
        case packet(SocketIOPacket)
    }

    /// socket.io-parser's default. It caps the memory one packet can claim before its attachments arrive.
    package static let defaultMaxAttachments = 10

    package let maxAttachments: Int
    private var pending: PendingBinaryPacket?

    package init(maxAttachments: Int = SocketIOPacketDecoder.defaultMaxAttachments) {
        self.maxAttachments = maxAttachments
    }

    /// True between a binary packet's text and its last attachment.
    package var isAwaitingAttachments: Bool { pending != nil }

    /// Feeds one text message (the Engine.IO message without its `4`).
    package mutating func decode(text: String) throws(SocketIODecodingError) -> Output {
        guard pending == nil else { throw .unexpectedText }
        let (packet, attachmentCount) = try Self.decodeText(text, maxAttachments: maxAttachments)
        guard attachmentCount > 0 else { return .packet(packet) }
        pending = PendingBinaryPacket(packet: packet, expected: attachmentCount)
        return .needMoreData
    }

    /// Feeds one binary message: the next attachment of the pending binary packet.
    package mutating func decode(binary: [UInt8]) throws(SocketIODecodingError) -> Output {
        guard var current = pending else { throw .unexpectedBinary }
        current.attachments.append(binary)
        guard current.attachments.count == current.expected else {
            pending = current
            return .needMoreData
        }
        pending = nil
        var packet = current.packet
        if let data = packet.data {
            packet.data = try SocketIOPlaceholder.reconstruct(data, attachments: current.attachments)
        }
        packet.type = packet.type == .binaryAck ? .ack : .event
        return .packet(packet)
    }

    /// Drops a half-received binary packet.
    package mutating func reset() { pending = nil }

    /// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
    package static let maxAckId = 9_007_199_254_740_991

    /// Parses one text packet (socket.io-parser `decodeString`). Returns the packet and how many
    /// attachments must follow it.
    static func decodeText(
        _ text: String,
        maxAttachments: Int
    ) throws(SocketIODecodingError) -> (packet: SocketIOPacket, attachmentCount: Int) {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first >= UInt8(ascii: "0"),
            let type = SocketIOPacketType(rawValue: first - UInt8(ascii: "0"))
        else { throw .unknownPacketType }
        var position = 1

        var attachmentCount = 0
        if type.hasAttachments {
            let digitsStart = position
            while position < bytes.count, isDigit(bytes[position]) {
                // Stop counting past the limit so that a thousand digits cannot overflow an Int.
                attachmentCount = min(
                    attachmentCount * 10 + Int(bytes[position] - UInt8(ascii: "0")), maxAttachments + 1)
                position += 1
            }
            guard position > digitsStart, position < bytes.count, bytes[position] == UInt8(ascii: "-"),
                attachmentCount >= 1
            else { throw .illegalAttachments }
            guard attachmentCount <= maxAttachments else { throw .tooManyAttachments(limit: maxAttachments) }
            position += 1
        }

        var namespace = "/"
        if position < bytes.count, bytes[position] == UInt8(ascii: "/") {
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: ",") { position += 1 }
            namespace = String(decoding: bytes[start..<position], as: UTF8.self)
            if position < bytes.count { position += 1 }
        }

        var ackId: Int?
        if position < bytes.count, isDigit(bytes[position]) {
            var id = 0
            while position < bytes.count, isDigit(bytes[position]) {
                id = id * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                guard id <= maxAckId else { throw .invalidAckId }
                position += 1
            }
            ackId = id
        }

        var data: SocketIOValue?
        if position < bytes.count {
            var parser = JSONParser(bytes: bytes, startIndex: position)
            do {
                data = try parser.parseDocument(as: SocketIOValue.self)
            } catch {
                throw .invalidJSON(error)
            }
        }
        guard isPayloadValid(data, for: type) else { throw .invalidPayload(type) }
        return (SocketIOPacket(type: type, namespace: namespace, ackId: ackId, data: data), attachmentCount)
    }

    /// socket.io-parser `isPayloadValid`, with the payload required where the spec requires it. `package`: the
    /// msgpack parser checks its packets with the same rules.
    package static func isPayloadValid(_ data: SocketIOValue?, for type: SocketIOPacketType) -> Bool {
        switch (type, data) {
        case (.connect, nil), (.connect, .object?): return true
        case (.disconnect, nil): return true
        case (.connectError, .string?), (.connectError, .object?): return true
        case (.event, .array(let elements)?), (.binaryEvent, .array(let elements)?):
            switch elements.first {
            case .number?: return true
            case .string(let name)?: return !SocketIOPacket.reservedEventNames.contains(name)
            default: return false
            }
        case (.ack, .array?), (.binaryAck, .array?): return true
        default: return false
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}

/// A binary packet whose text has arrived, with the attachments received so far.
private struct PendingBinaryPacket: Sendable {
    var packet: SocketIOPacket
    var expected: Int
    var attachments: [[UInt8]] = []
}
