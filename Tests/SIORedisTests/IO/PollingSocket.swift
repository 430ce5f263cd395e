// SPDX-License-Identifier: MIT

import Foundation
import SIOJSON
import SIOTestSupport

/// A Socket.IO client over raw Engine.IO long-polling, connected to `/`: enough to watch what a server delivers
/// to one of its clients, byte for byte (`42["news","hi"]`), and to answer acknowledgements.
///
/// Two keep-alive connections, as a browser uses: one for the long-poll `GET`s, one for the `POST`s.
final class PollingSocket {
    let sid: String
    /// The Socket.IO socket id from the CONNECT reply.
    private(set) var id = ""
    private let getConnection: RawClient
    private let postConnection: RawClient
    private var received: [String] = []

    init(port: Int) throws {
        getConnection = try RawClient(port: port)
        postConnection = try RawClient(port: port)
        try getConnection.send("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: test\r\n\r\n")
        let open = try getConnection.readResponse().text
        guard open.hasPrefix("0"), let sid = try JSON.parse(open.dropFirst())["sid"]?.stringValue else {
            throw RawClient.Failure(description: "bad handshake: \(open)")
        }
        self.sid = sid
        try post("40")
        let reply = try next()
        guard reply.hasPrefix("40"), let id = try JSON.parse(reply.dropFirst(2))["sid"]?.stringValue else {
            throw RawClient.Failure(description: "unexpected CONNECT reply \(reply)")
        }
        self.id = id
    }

    private var path: String { "/socket.io/?EIO=4&transport=polling&sid=\(sid)" }

    /// POSTs one Engine.IO packet, e.g. `42["join","lobby"]` or `431["yes"]`.
    func post(_ packet: String) throws {
        let body = Array(packet.utf8)
        try postConnection.send(
            "POST \(path) HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: \(body.count)\r\n\r\n")
        try postConnection.send(body)
        let status = try postConnection.readResponse().status
        guard status == 200 else { throw RawClient.Failure(description: "POST answered \(status)") }
    }

    /// The next Engine.IO packet other than a ping (pings are answered), long-polling when none is queued.
    func next() throws -> String {
        while true {
            while received.isEmpty {
                try getConnection.send("GET \(path) HTTP/1.1\r\nHost: test\r\n\r\n")
                let response = try getConnection.readResponse()
                guard response.status == 200 else { throw RawClient.Failure(description: "poll answered \(response.status)") }
                received = response.text.split(separator: "\u{1e}").map(String.init)
            }
            let packet = received.removeFirst()
            if packet == "2" {
                try post("3")
                continue
            }
            return packet
        }
    }

    /// Emits `42["join","<room>"]` with an ack id and waits for the server's acknowledgement.
    func join(_ room: String) throws {
        try post(#"421["join","\#(room)"]"#)
        let ack = try next()
        guard ack == "431[true]" else { throw RawClient.Failure(description: "unexpected join answer \(ack)") }
    }
}

extension PollingSocket {
    // The same, awaited: the blocking reads run off Swift's cooperative pool (`offPool`), which the tests'
    // own tasks and the other suites need, while `#expect` stays in the test's task.

    static func connect(port: Int) async throws -> PollingSocket {
        try await offPool { try PollingSocket(port: port) }
    }

    func receive() async throws -> String {
        try await offPool { try self.next() }
    }

    func send(_ packet: String) async throws {
        try await offPool { try self.post(packet) }
    }

    func enter(_ room: String) async throws {
        try await offPool { try self.join(room) }
    }
}
