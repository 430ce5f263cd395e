// SPDX-License-Identifier: MIT

import Foundation
import SIOEngineIO
import SIOJSON

/// A raw Engine.IO long-polling client for live tests: it speaks exact bytes, so a test can assert the wire
/// form of every packet (`40{"sid":...}`, `42["chat","hi"]`, `bAQID`).
///
/// Two keep-alive connections, as a browser uses: one for the long-poll `GET`s, one for the `POST`s, so a test
/// can post while a poll is pending. Received Engine.IO packets are queued as their text records
/// (`4...` messages, `b<base64>` binary messages, `2` pings, `1` close) and handed out one by one by `next()`.
public final class PollingClient {
    public let port: Int
    public let sid: String
    private let getConnection: RawClient
    private let postConnection: RawClient
    private var received: [String] = []

    /// Opens a session; `query` is appended to the handshake URL (`&room=lobby`), `headers` are extra header lines.
    public init(port: Int, query: String = "", headers: [String] = []) throws {
        self.port = port
        getConnection = try RawClient(port: port)
        postConnection = try RawClient(port: port)
        let extra = headers.map { $0 + "\r\n" }.joined()
        try getConnection.send("GET /socket.io/?EIO=4&transport=polling\(query) HTTP/1.1\r\nHost: test\r\n\(extra)\r\n")
        let response = try getConnection.readResponse()
        let open = response.text
        guard open.hasPrefix("0"), let sid = try JSON.parse(open.dropFirst())["sid"]?.stringValue else {
            throw RawClient.Failure(description: "bad handshake: \(response.status) \(open)")
        }
        self.sid = sid
    }

    private var path: String { "/socket.io/?EIO=4&transport=polling&sid=\(sid)" }

    /// POSTs Engine.IO packets (e.g. `40`, `42["hi"]`, `bAQID`) as one payload; returns the response status.
    @discardableResult
    public func post(_ packets: String...) throws -> Int {
        let body = Array(packets.joined(separator: "\u{1e}").utf8)
        try postConnection.send(
            "POST \(path) HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: \(body.count)\r\n\r\n")
        try postConnection.send(body)
        return try postConnection.readResponse().status
    }

    /// The next received packet, long-polling when none is queued. Pings are answered and skipped, as a real client
    /// does: a test slowed past `pingInterval` (25 s, a loaded machine, a sanitizer) then still reads what it waits for.
    public func next() throws -> String {
        while true {
            while received.isEmpty { received = try poll() }
            let packet = received.removeFirst()
            guard packet == "2" else { return packet }
            try post("3")
        }
    }

    /// The next `count` packets.
    public func next(_ count: Int) throws -> [String] {
        try (0..<count).map { _ in try next() }
    }

    /// One long-poll `GET`: its packets, in order. An error status (the session is gone) is reported as `[]`
    /// after a `400`, so that `next()` on a closed session fails on its read timeout instead of spinning.
    public func poll() throws -> [String] {
        try getConnection.send("GET \(path) HTTP/1.1\r\nHost: test\r\n\r\n")
        let response = try getConnection.readResponse()
        guard response.status == 200 else {
            throw RawClient.Failure(description: "poll answered \(response.status) \(response.text)")
        }
        return response.text.split(separator: "\u{1e}", omittingEmptySubsequences: false).map(String.init)
    }

    /// Sends `GET` without waiting for its answer; `finishPoll()` reads it. Lets a test hold a long-poll open.
    public func startPoll() throws {
        try getConnection.send("GET \(path) HTTP/1.1\r\nHost: test\r\n\r\n")
    }

    public func finishPoll() throws -> [String] {
        let response = try getConnection.readResponse()
        return response.text.split(separator: "\u{1e}", omittingEmptySubsequences: false).map(String.init)
    }

    /// Connects to `namespace` and returns the socket id from the CONNECT reply.
    @discardableResult
    public func connect(_ namespace: String = "/", auth: String = "") throws -> String {
        let prefix = namespace == "/" ? "40" : "40\(namespace),"
        try post(prefix + auth)
        let reply = try next()
        guard reply.hasPrefix(prefix), let id = try JSON.parse(reply.dropFirst(prefix.count))["sid"]?.stringValue else {
            throw RawClient.Failure(description: "unexpected CONNECT reply \(reply)")
        }
        return id
    }
}
