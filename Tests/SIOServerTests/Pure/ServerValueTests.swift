// SPDX-License-Identifier: MIT

import SIOServer
import Testing

@Suite("Handshake, CONNECT_ERROR payloads and disconnect reasons")
struct ServerValueTests {
    @Test("the handshake lowercases header names, joins repeated headers, and keeps the last repeated query value")
    func buildsHandshake() {
        let handshake = Handshake(
            headerFields: [("User-Agent", "test"), ("X-Tag", "a"), ("x-tag", "b"), ("Origin", "http://o")],
            queryItems: [("EIO", "4"), ("room", "a"), ("room", "b")],
            auth: ["token": "t"], address: "10.0.0.1", time: "now", issued: 5)
        #expect(handshake.headers == ["user-agent": "test", "x-tag": "a, b", "origin": "http://o"])
        #expect(handshake.query == ["EIO": "4", "room": "b"])
        #expect(handshake.auth == ["token": "t"])
        #expect(handshake.xdomain)
        #expect(!handshake.secure)
    }

    @Test(
        "a refusal becomes the CONNECT_ERROR payload Node sends, without data when there is none",
        arguments: [
            (ConnectError("Invalid namespace"), #"{"message":"Invalid namespace"}"#),
            (ConnectError("nope", data: ["retry": false]), #"{"message":"nope","data":{"retry":false}}"#),
            (ConnectError("null data", data: .null), #"{"message":"null data","data":null}"#),
        ])
    func encodesConnectError(error: ConnectError, json: String) throws {
        let wire = try SocketIOPacketEncoder.encode(SocketIOPacket(type: .connectError, data: error.payload))
        #expect(wire.text == "4" + json)
    }

    @Test("disconnect reasons are the official strings")
    func disconnectReasons() {
        #expect(DisconnectReason.allCases.map(\.description) == [
            "transport error", "transport close", "forced close", "ping timeout", "parse error",
            "server shutting down", "forced server close", "client namespace disconnect", "server namespace disconnect",
        ])
    }

    @Test("ack errors read like Node's and the official client's messages")
    func ackErrorMessages() {
        #expect(AckError.timedOut.description == "operation has timed out")
        #expect(AckError.disconnected.description == "socket has been disconnected")
        #expect(BroadcastAckError.timedOut(responses: []).description == "operation has timed out")
        #expect(ReservedEventNameError(name: "connect").description == #""connect" is a reserved event name"#)
    }
}
