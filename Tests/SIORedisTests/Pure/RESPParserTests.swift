// SPDX-License-Identifier: MIT

import SIORedis
import Testing

@Suite("RESP2 parser")
struct RESPParserTests {
    /// Every RESP2 type, as Redis writes it (redis.io protocol spec examples).
    static let vectors: [(wire: String, value: RESPValue)] = [
        ("+OK\r\n", .simpleString("OK")),
        ("-ERR unknown command 'FOO'\r\n", .error("ERR unknown command 'FOO'")),
        (":1000\r\n", .integer(1000)),
        (":-42\r\n", .integer(-42)),
        ("$5\r\nhello\r\n", .bulkString(ascii("hello"))),
        ("$0\r\n\r\n", .bulkString([])),
        ("$-1\r\n", .null),
        ("*-1\r\n", .null),
        ("*0\r\n", .array([])),
        ("*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n", .array([.bulkString(ascii("foo")), .bulkString(ascii("bar"))])),
        ("*3\r\n:1\r\n:2\r\n:3\r\n", .array([.integer(1), .integer(2), .integer(3)])),
        ("*2\r\n*1\r\n+a\r\n$-1\r\n", .array([.array([.simpleString("a")]), .null])),
        // PUBSUB NUMSUB socket.io-request#/#
        ("*2\r\n$20\r\nsocket.io-request#/#\r\n:2\r\n", .array([.bulkString(ascii("socket.io-request#/#")), .integer(2)])),
    ]

    @Test("reads each RESP2 type", arguments: vectors)
    func readsEachType(_ vector: (wire: String, value: RESPValue)) throws {
        var parser = RESPParser()
        parser.append(ascii(vector.wire))
        #expect(try parser.next() == .value(vector.value))
        #expect(try parser.next() == .needMoreData)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test("reads the same value whatever byte the stream is split at", arguments: vectors)
    func readsSplitInput(_ vector: (wire: String, value: RESPValue)) throws {
        let bytes = ascii(vector.wire)
        for split in 1..<bytes.count {
            var parser = RESPParser()
            parser.append(bytes[..<split])
            #expect(try parser.next() == .needMoreData, "split at \(split)")
            parser.append(bytes[split...])
            #expect(try parser.next() == .value(vector.value), "split at \(split)")
        }
    }

    @Test("reads pipelined replies one by one, in order")
    func readsPipelinedReplies() throws {
        var parser = RESPParser()
        parser.append(ascii(":1\r\n:2\r\n+OK\r\n$3\r\nab"))
        #expect(try parser.next() == .value(.integer(1)))
        #expect(try parser.next() == .value(.integer(2)))
        #expect(try parser.next() == .value(.simpleString("OK")))
        #expect(try parser.next() == .needMoreData)
        parser.append(ascii("c\r\n"))
        #expect(try parser.next() == .value(.bulkString(ascii("abc"))))
    }

    @Test("keeps binary bulk strings intact, CRLF and zero bytes included")
    func readsBinaryBulkStrings() throws {
        var parser = RESPParser()
        parser.append(ascii("$4\r\n") + [0x0d, 0x0a, 0x00, 0x93] + ascii("\r\n"))
        #expect(try parser.next() == .value(.bulkString([0x0d, 0x0a, 0x00, 0x93])))
    }

    static let errors: [(wire: String, error: RESPParseError)] = [
        ("%1\r\n", .unknownType(UInt8(ascii: "%"))),
        (":12a\r\n", .invalidInteger("12a")),
        ("$-2\r\n", .invalidLength(-2)),
        ("$3\r\nabcd\r\n", .missingCRLF),
        ("+OK\rX", .missingCRLF),
        ("$100\r\n", .bulkStringTooLong(100)),
        ("+" + String(repeating: "a", count: 70), .lineTooLong(limit: 64)),
        ("*1\r\n*1\r\n*1\r\n:1\r\n", .tooDeep(limit: 2)),
    ]

    @Test("refuses what is not RESP2, or exceeds its limits", arguments: errors)
    func refusesBadInput(_ vector: (wire: String, error: RESPParseError)) {
        var parser = RESPParser(maxBulkLength: 10, maxLineLength: 64, maxDepth: 2)
        parser.append(ascii(vector.wire))
        #expect(throws: vector.error) { try parser.next() }
    }

    @Test("encodes a command as an array of bulk strings")
    func encodesCommands() {
        #expect(RESPEncoder.command("PUBLISH", "news", "hi") == ascii("*3\r\n$7\r\nPUBLISH\r\n$4\r\nnews\r\n$2\r\nhi\r\n"))
        #expect(RESPEncoder.command([ascii("SET"), [0x00, 0x0d, 0x0a]]) == ascii("*2\r\n$3\r\nSET\r\n$3\r\n") + [0x00, 0x0d, 0x0a] + ascii("\r\n"))
    }

    @Test("encodes every value the way the parser reads it back", arguments: vectors)
    func encodesValues(_ vector: (wire: String, value: RESPValue)) throws {
        var parser = RESPParser()
        parser.append(RESPEncoder.encode(vector.value))
        #expect(try parser.next() == .value(vector.value))
    }

    @Test("reads the messages a subscriber connection receives")
    func readsSubscriberEvents() {
        func array(_ items: RESPValue...) -> RESPValue { .array(items) }
        func bulk(_ text: String) -> RESPValue { .bulkString(ascii(text)) }
        #expect(RedisSubscriberEvent(array(bulk("message"), bulk("socket.io-request#/#"), bulk("{}")))
            == .message(channel: "socket.io-request#/#", payload: ascii("{}")))
        #expect(RedisSubscriberEvent(array(bulk("pmessage"), bulk("socket.io#/#*"), bulk("socket.io#/#lobby#"), .bulkString([0x93])))
            == .patternMessage(pattern: "socket.io#/#*", channel: "socket.io#/#lobby#", payload: [0x93]))
        #expect(RedisSubscriberEvent(array(bulk("psubscribe"), bulk("socket.io#/#*"), .integer(4)))
            == .confirmation(kind: "psubscribe", channel: "socket.io#/#*", count: 4))
        #expect(RedisSubscriberEvent(array(bulk("pong"), bulk(""))) == .pong)
        #expect(RedisSubscriberEvent(.integer(1)) == nil)
        #expect(RedisSubscriberEvent(array(bulk("message"), bulk("only two"))) == nil)
    }
}
