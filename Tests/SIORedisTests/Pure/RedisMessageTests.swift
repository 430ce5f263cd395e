// SPDX-License-Identifier: MIT

import SIOCluster
import SIOMessagePack
import SIORedis
import SIOServer
import SIOTestSupport
import Testing

/// The messages of `@socket.io/redis-adapter` 8, byte for byte: what a Node server publishes for the same
/// broadcast or request (MessagePack bytes cross-checked with msgpack-python, which writes the same formats
/// as notepack for these values; JSON written as `JSON.stringify` writes it).
@Suite("Redis adapter wire format")
struct RedisMessageTests {
    static let chatToLobby = hex(
        "93 a6 41 62 33 64 45 39 83 a4 74 79 70 65 02 a4 64 61 74 61 92 a4 63 68 61 74 a2 68 69 a3 6e 73 70 a1 2f"
            + " 83 a5 72 6f 6f 6d 73 91 a5 6c 6f 62 62 79 a6 65 78 63 65 70 74 90 a5 66 6c 61 67 73 80")

    @Test("a broadcast is [uid, {type, data, nsp}, {rooms, except, flags}] in MessagePack")
    func encodesBroadcast() throws {
        // io.to("lobby").emit("chat", "hi") on the server Ab3dE9
        let broadcast = RedisBroadcast(
            uid: "Ab3dE9", packet: .event("chat", ["hi"]), options: BroadcastOptions(rooms: ["lobby"]))
        #expect(broadcast.encoded() == Self.chatToLobby)
        #expect(try RedisBroadcast(decoding: Self.chatToLobby) == broadcast)
    }

    @Test("bytes travel as bin, numbers as JavaScript numbers, flags as Node names them")
    func encodesBinaryBroadcast() throws {
        // io.of("/admin").to("a").to("b").except("x").volatile.timeout(5000).emit("img", Buffer.from([1,2,3]), 1.5, -7)
        let bytes = hex(
            "93 a6 41 62 33 64 45 39 83 a4 74 79 70 65 02 a4 64 61 74 61 94 a3 69 6d 67 c4 03 01 02 03"
                + " cb 3f f8 00 00 00 00 00 00 f9 a3 6e 73 70 a6 2f 61 64 6d 69 6e 83 a5 72 6f 6f 6d 73 92 a1 61 a1 62"
                + " a6 65 78 63 65 70 74 91 a1 78 a5 66 6c 61 67 73 82 a8 76 6f 6c 61 74 69 6c 65 c3 a7 74 69 6d 65 6f"
                + " 75 74 cd 13 88")
        let broadcast = RedisBroadcast(
            uid: "Ab3dE9", packet: .event("img", [.binary([1, 2, 3]), 1.5, -7], namespace: "/admin"),
            options: BroadcastOptions(
                rooms: ["a", "b"], except: ["x"], flags: BroadcastFlags(volatile: true, timeout: .milliseconds(5000))))
        #expect(broadcast.encoded() == bytes)
        #expect(try RedisBroadcast(decoding: bytes) == broadcast)
    }

    @Test("a broadcast from a publisher that leaves out nsp is for /")
    func defaultsTheNamespace() throws {
        // ["emitter", {type: 2, data: ["tick"]}, {rooms: [], except: []}]: socket.io-redis-emitter's shape
        let bytes = MessagePackEncoder.encode(.array([
            .string("emitter"), .object(["type": .int(2), "data": .array([.string("tick")])]),
            .object(["rooms": .array([]), "except": .array([])]),
        ]))
        let broadcast = try RedisBroadcast(decoding: bytes)
        #expect(broadcast.packet == .event("tick", namespace: "/"))
        #expect(broadcast.options == BroadcastOptions())
    }

    static let jsonRequests: [(request: RedisRequest, json: String)] = [
        (RedisRequest(uid: "Ab3dE9", requestId: "R1R1R1", kind: .allRooms), #"{"uid":"Ab3dE9","requestId":"R1R1R1","type":1}"#),
        (
            RedisRequest(uid: "Ab3dE9", kind: .remoteJoin(options: BroadcastOptions(rooms: ["lobby"]), rooms: ["vip"])),
            #"{"uid":"Ab3dE9","type":2,"opts":{"rooms":["lobby"],"except":[]},"rooms":["vip"]}"#
        ),
        (
            RedisRequest(uid: "Ab3dE9", kind: .remoteLeave(options: BroadcastOptions(), rooms: ["vip", "ops"])),
            #"{"uid":"Ab3dE9","type":3,"opts":{"rooms":[],"except":[]},"rooms":["vip","ops"]}"#
        ),
        (
            RedisRequest(uid: "Ab3dE9", kind: .remoteDisconnect(options: BroadcastOptions(rooms: ["x"]), close: true)),
            #"{"uid":"Ab3dE9","type":4,"opts":{"rooms":["x"],"except":[]},"close":true}"#
        ),
        (
            RedisRequest(uid: "Ab3dE9", requestId: "R1R1R1", kind: .remoteFetch(options: BroadcastOptions(except: ["x"]))),
            #"{"uid":"Ab3dE9","requestId":"R1R1R1","type":5,"opts":{"rooms":[],"except":["x"]}}"#
        ),
        (
            RedisRequest(uid: "Ab3dE9", kind: .serverSideEmit(data: ["hello", "world", 1])),
            #"{"uid":"Ab3dE9","type":6,"data":["hello","world",1]}"#
        ),
        (
            RedisRequest(uid: "Ab3dE9", requestId: "R1R1R1", kind: .serverSideEmit(data: ["ping"])),
            #"{"uid":"Ab3dE9","requestId":"R1R1R1","type":6,"data":["ping"]}"#
        ),
    ]

    @Test("requests are JSON with Node's keys in Node's order", arguments: jsonRequests)
    func encodesJSONRequests(_ vector: (request: RedisRequest, json: String)) throws {
        #expect(String(decoding: vector.request.encoded(), as: UTF8.self) == vector.json)
        #expect(try RedisRequest(decoding: ascii(vector.json)) == vector.request)
    }

    @Test("a broadcast with an acknowledgement is a MessagePack request of type 7")
    func encodesBroadcastRequest() throws {
        let bytes = hex(
            "85 a3 75 69 64 a6 41 62 33 64 45 39 a9 72 65 71 75 65 73 74 49 64 a6 52 31 52 31 52 31 a4 74 79 70 65 07"
                + " a6 70 61 63 6b 65 74 83 a4 74 79 70 65 02 a4 64 61 74 61 91 a4 76 6f 74 65 a3 6e 73 70 a1 2f a4 6f 70"
                + " 74 73 83 a5 72 6f 6f 6d 73 90 a6 65 78 63 65 70 74 90 a5 66 6c 61 67 73 81 a7 74 69 6d 65 6f 75 74 cd"
                + " 03 e8")
        let request = RedisRequest(
            uid: "Ab3dE9", requestId: "R1R1R1",
            kind: .broadcast(packet: .event("vote"), options: BroadcastOptions(flags: BroadcastFlags(timeout: .seconds(1)))))
        #expect(request.encoded() == bytes)
        #expect(try RedisRequest(decoding: bytes) == request)
    }

    @Test("a request without the fields of its type is refused")
    func refusesIncompleteRequests() {
        #expect(throws: RedisMessageError.missingField("uid")) { try RedisRequest(decoding: ascii(#"{"type":1}"#)) }
        #expect(throws: RedisMessageError.missingField("requestId")) {
            try RedisRequest(decoding: ascii(#"{"uid":"a","type":5,"opts":{}}"#))
        }
        #expect(throws: RedisMessageError.unknownRequestType(42)) { try RedisRequest(decoding: ascii(#"{"uid":"a","type":42}"#)) }
        #expect(throws: RedisMessageError.self) { try RedisRequest(decoding: ascii("{not json")) }
    }

    static let responses: [(response: RedisResponse, bytes: [UInt8])] = [
        (RedisResponse(requestId: "R1R1R1", kind: .clientCount(2)), ascii(#"{"type":8,"requestId":"R1R1R1","clientCount":2}"#)),
        (RedisResponse(requestId: "R1R1R1", kind: .serverSideEmitAck("pong")), ascii(#"{"type":6,"requestId":"R1R1R1","data":"pong"}"#)),
        (RedisResponse(requestId: "R1R1R1", kind: .serverSideEmitAck(nil)), ascii(#"{"type":6,"requestId":"R1R1R1"}"#)),
        (RedisResponse(requestId: "R1R1R1", kind: .rooms(["a", "b"])), ascii(#"{"requestId":"R1R1R1","rooms":["a","b"]}"#)),
        (RedisResponse(requestId: "R1R1R1", kind: .sockets(["s1"])), ascii(#"{"requestId":"R1R1R1","sockets":["s1"]}"#)),
        (RedisResponse(requestId: "R1R1R1", kind: .done), ascii(#"{"requestId":"R1R1R1"}"#)),
        (
            RedisResponse(requestId: "R1R1R1", kind: .broadcastAck("yes")),
            hex("83 a4 74 79 70 65 09 a9 72 65 71 75 65 73 74 49 64 a6 52 31 52 31 52 31 a6 70 61 63 6b 65 74 a3 79 65 73")
        ),
        (
            RedisResponse(requestId: "R1R1R1", kind: .broadcastAck(nil)),
            hex("82 a4 74 79 70 65 09 a9 72 65 71 75 65 73 74 49 64 a6 52 31 52 31 52 31")
        ),
    ]

    @Test("responses have Node's shapes; an undefined value is left out", arguments: responses)
    func encodesResponses(_ vector: (response: RedisResponse, bytes: [UInt8])) throws {
        #expect(vector.response.encoded() == vector.bytes)
        #expect(try RedisResponse(decoding: vector.bytes) == vector.response)
    }

    @Test("a fetched socket is {id, handshake, rooms, data} in Node's handshake shape")
    func encodesSocketDetails() throws {
        let handshake = Handshake(
            headers: ["host": "example.com"], query: ["EIO": "4"], auth: ["token": "t"], address: "127.0.0.1",
            time: "Sun, 22 Nov 2026 10:00:00 GMT", issued: 1_795_000_000_000, xdomain: false, secure: false)
        let details = SocketDetails(id: "s1", handshake: handshake, rooms: ["s1", "lobby"], data: ["name": "ada"])
        let json = String(decoding: RedisWireFormat.encodeJSON(details.wireValue), as: UTF8.self)
        #expect(json == #"{"id":"s1","handshake":{"headers":{"host":"example.com"},"time":"Sun, 22 Nov 2026 10:00:00 GMT","# + #""address":"127.0.0.1","xdomain":false,"secure":false,"issued":1795000000000,"query":{"EIO":"4"},"# + #""auth":{"token":"t"}},"rooms":["lobby","s1"],"data":{"name":"ada"}}"#)
        #expect(SocketDetails(wire: try RedisWireFormat.decode(ascii(json))) == details)
    }

    @Test("JSON bodies write bytes the way Node's Buffer.toJSON does")
    func writesBuffersAsNodeDoes() {
        #expect(RedisWireFormat.encodeJSON(["b": .binary([1, 255])]) == ascii(#"{"b":{"type":"Buffer","data":[1,255]}}"#))
    }

    @Test("channel names follow the Node adapter's")
    func namesChannels() {
        let channels = RedisChannels(namespace: "/")
        #expect(channels.broadcast == "socket.io#/#")
        #expect(channels.broadcastPattern == "socket.io#/#*")
        #expect(channels.room("lobby") == "socket.io#/#lobby#")
        #expect(channels.request == "socket.io-request#/#")
        #expect(channels.response == "socket.io-response#/#")
        #expect(channels.response(for: "Ab3dE9") == "socket.io-response#/#Ab3dE9#")
        #expect(channels.channel(for: BroadcastOptions(rooms: ["lobby"])) == "socket.io#/#lobby#")
        #expect(channels.channel(for: BroadcastOptions(rooms: ["a", "b"])) == "socket.io#/#")
        #expect(channels.room(inBroadcastChannel: "socket.io#/#") == "")
        #expect(channels.room(inBroadcastChannel: "socket.io#/#lobby#") == "lobby")
        #expect(channels.room(inBroadcastChannel: "socket.io#/admin#") == nil)
        #expect(RedisChannels(prefix: "chat", namespace: "/admin").request == "chat-request#/admin#")
    }
}
