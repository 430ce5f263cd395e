// SPDX-License-Identifier: MIT

import SIOJSON
import SIOTestSupport

/// A raw Socket.IO client over Engine.IO long-polling, for live tests that assert exact packets:
/// `post("40")`, then `next()` returns `40{"sid":"..."}`, `42["authenticated",{...}]`, `41`, `1`...
///
/// Two keep-alive connections, as a browser uses, so a test can post while a long-poll is pending.
final class PollingPeer {
    let sid: String
    private let getConnection: RawClient
    private let postConnection: RawClient
    private var received: [String] = []

    /// Opens an Engine.IO session; `query` is appended to the handshake URL (`&token=x`), `headers` are extra
    /// header lines (`Authorization: Bearer x`).
    init(port: Int, query: String = "", headers: [String] = []) throws {
        getConnection = try RawClient(port: port, timeout: .seconds(15))
        postConnection = try RawClient(port: port)
        let extra = headers.map { $0 + "\r\n" }.joined()
        try getConnection.send("GET /socket.io/?EIO=4&transport=polling\(query) HTTP/1.1\r\nHost: test\r\n\(extra)\r\n")
        let open = try getConnection.readResponse().text
        guard open.hasPrefix("0"), let sid = try JSON.parse(open.dropFirst())["sid"]?.stringValue else {
            throw RawClient.Failure(description: "bad handshake: \(open)")
        }
        self.sid = sid
    }

    private var path: String { "/socket.io/?EIO=4&transport=polling&sid=\(sid)" }

    /// POSTs one payload of Engine.IO packets.
    func post(_ packets: String...) throws {
        let body = Array(packets.joined(separator: "\u{1e}").utf8)
        try postConnection.send(
            "POST \(path) HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                + "Content-Length: \(body.count)\r\n\r\n")
        try postConnection.send(body)
        let status = try postConnection.readResponse().status
        guard status == 200 else { throw RawClient.Failure(description: "POST answered \(status)") }
    }

    /// The next packet, long-polling when none is queued.
    func next() throws -> String {
        while received.isEmpty {
            try startPoll()
            received = try finishPoll()
        }
        return received.removeFirst()
    }

    /// Sends a long-poll `GET` without waiting; `finishPoll()` reads its packets.
    func startPoll() throws {
        try getConnection.send("GET \(path) HTTP/1.1\r\nHost: test\r\n\r\n")
    }

    func finishPoll() throws -> [String] {
        let response = try getConnection.readResponse()
        guard response.status == 200 else {
            throw RawClient.Failure(description: "poll answered \(response.status) \(response.text)")
        }
        return response.text.split(separator: "\u{1e}").map(String.init)
    }

    /// Joins `/` (with an optional CONNECT payload) and returns the socket id of the `40{"sid":...}` reply.
    @discardableResult
    func connect(auth: String = "") throws -> String {
        try post("40" + auth)
        let reply = try next()
        guard reply.hasPrefix("40{"), let id = try JSON.parse(reply.dropFirst(2))["sid"]?.stringValue else {
            throw RawClient.Failure(description: "unexpected CONNECT reply \(reply)")
        }
        return id
    }
}
