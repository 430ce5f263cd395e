// SPDX-License-Identifier: MIT

import SIOJSON

/// The `{"_placeholder":true,"num":N}` object that stands in the JSON text for attachment number N
/// (Socket.IO v5 spec, "Packet encoding"; socket.io-parser `binary.ts`).
///
/// Encoding ("deconstruction") walks the payload depth-first and replaces the Nth `.binary` leaf with
/// placeholder N, so attachments are numbered in the order they appear in the text. Decoding
/// ("reconstruction") walks the parsed tree and swaps each placeholder for its attachment.
enum SocketIOPlaceholder {
    /// Writes placeholder `number` with the key order Node uses, so the text matches byte for byte.
    static func write(_ number: Int, into serializer: inout JSONSerializer) {
        serializer.writeRaw(#"{"_placeholder":true,"num":"#.utf8)
        serializer.writeInteger(number)
        serializer.writeByte(UInt8(ascii: "}"))
    }

    /// Replaces every placeholder in `value` with its attachment.
    ///
    /// As in socket.io-parser, an object counts as a placeholder when `_placeholder` is `true`, whatever
    /// its other keys. Its `num` must then be a whole number indexing `attachments`, or the packet is
    /// rejected. (Node returns `undefined` for a fractional `num`; we refuse it.) Attachments that no
    /// placeholder mentions are ignored, as in Node.
    static func reconstruct(
        _ value: SocketIOValue,
        attachments: [[UInt8]]
    ) throws(SocketIODecodingError) -> SocketIOValue {
        switch value {
        case .array(let elements):
            var rebuilt: [SocketIOValue] = []
            rebuilt.reserveCapacity(elements.count)
            for element in elements { rebuilt.append(try reconstruct(element, attachments: attachments)) }
            return .array(rebuilt)
        case .object(let object):
            if object["_placeholder"] == .bool(true) {
                guard let number = object["num"]?.intValue, attachments.indices.contains(number) else {
                    throw .invalidPlaceholder
                }
                return .binary(attachments[number])
            }
            var rebuilt = SocketIOObject(minimumCapacity: object.count)
            for (key, member) in object { rebuilt[key] = try reconstruct(member, attachments: attachments) }
            return .object(rebuilt)
        case .null, .bool, .number, .string, .binary:
            return value
        }
    }
}
