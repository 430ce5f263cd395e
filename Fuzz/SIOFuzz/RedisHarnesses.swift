// SPDX-License-Identifier: MIT

import SIOMessagePack
import SIOMsgpackParser
import SIORedis
import SIOServer

extension FuzzHarness {
    /// Any bytes as one MessagePack value, and as a Redis adapter message body.
    static let messagePack = FuzzHarness(
        name: "msgpack", summary: "MessagePackDecoder/Encoder round trip; SocketIOValue conversions; RedisWireFormat"
    ) { input in
        if let value = try? MessagePackDecoder.decode(input) {
            RedisFuzzing.checkRoundTrip(value)
            let converted = SocketIOValue(value)
            RedisFuzzing.checkRoundTrip(MessagePackValue(converted))
            if JSONFuzzing.isFinite(converted) {
                let back = SocketIOValue(MessagePackValue(converted))
                invariant(back == converted, "\(converted) through MessagePack comes back as \(back)")
            }
        }
        // Messages are objects: a bare 123 would encode as 0x7b, the byte that announces a JSON body.
        if let message = try? RedisWireFormat.decode(input), case .object = message, JSONFuzzing.isFinite(message) {
            let bytes = RedisWireFormat.encodeMessagePack(message)
            invariant((try? RedisWireFormat.decode(bytes)) == message, "message \(message) does not round-trip")
        }
    }

    /// Any bytes as the stream a Redis server sends.
    static let resp = FuzzHarness(
        name: "resp", summary: "RESPParser on a reply stream; split-invariant; every value re-encodes to itself"
    ) { input in
        Feeding.checkSplitInvariance(input, "RESPParser") { pieces in RedisFuzzing.replies(pieces) }
        Feeding.checkSplitInvariance(input, "RESPParser (tiny limits)") { pieces in
            RedisFuzzing.replies(pieces, parser: RESPParser(maxBulkLength: 8, maxLineLength: 8, maxDepth: 2))
        }
        for case .success(let value) in RedisFuzzing.replies([input[...]]) {
            let again = RedisFuzzing.replies([RESPEncoder.encode(value)[...]])
            invariant(again == [.success(value)], "\(value) encoded and parsed again gives \(again)")
        }
    }
}

enum RedisFuzzing {
    /// Decoding the encoding gives the value back, and encoding that again gives the same bytes.
    static func checkRoundTrip(_ value: MessagePackValue) {
        let bytes = MessagePackEncoder.encode(value)
        guard let again = try? MessagePackDecoder.decode(bytes, maxDepth: .max) else {
            violation("\(value) encodes to undecodable \(bytes)")
        }
        invariant(MessagePackEncoder.encode(again) == bytes, "\(value) encodes to \(bytes), then differently")
        if !containsNaN(value) { invariant(again == value, "\(value) comes back as \(again)") }
    }

    /// A NaN is not equal to itself, so a tree holding one is compared by its bytes only.
    /// (Not `value == value`: arrays that share storage compare equal without looking at their elements.)
    static func containsNaN(_ value: MessagePackValue) -> Bool {
        switch value {
        case .float(let number): return number.isNaN
        case .array(let elements): return elements.contains(where: containsNaN)
        case .map(let pairs): return pairs.contains { containsNaN($0.key) || containsNaN($0.value) }
        case .nil, .bool, .int, .uint, .string, .binary, .extension: return false
        }
    }

    /// The replies in the pieces, then the error that stopped the parser, if any.
    static func replies(
        _ pieces: [ArraySlice<UInt8>], parser initial: RESPParser = RESPParser()
    ) -> [Result<RESPValue, RESPParseError>] {
        var parser = initial
        var replies: [Result<RESPValue, RESPParseError>] = []
        for piece in pieces {
            parser.append(piece)
            while true {
                do {
                    guard case .value(let value) = try parser.next() else { break }
                    replies.append(.success(value))
                } catch {
                    replies.append(.failure(error))
                    return replies
                }
            }
        }
        return replies
    }
}
