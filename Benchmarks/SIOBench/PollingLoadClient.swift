// SPDX-License-Identifier: MIT

import SIOHTTP

/// A Socket.IO client over HTTP long-polling (Engine.IO v4 "Polling transport"), the transport a
/// browser falls back to when WebSocket is blocked.
///
/// Like a browser, it keeps two keep-alive TCP connections: one always has a `GET` waiting for the
/// server's packets (the long poll), the other carries `POST`s with the client's packets. Engine.IO
/// allows one outstanding request of each kind, so packets written while a `POST` is in flight
/// wait and leave together in the next one, joined by the record separator `\x1e`.
///
/// ```text
/// GET  ...&transport=polling            <- 0{"sid":"S",...}
/// POST ...&sid=S   40                   <- ok
/// GET  ...&sid=S                        <- 40{"sid":...}      (connected)
/// POST ...&sid=S   421["echo",...]      <- ok
/// GET  ...&sid=S                        <- 431[...]           (the ack)
/// ```
final class PollingLoadClient: SocketIOClient {
    private enum State { case idle, opening, joining, connected, closed }

    let index: Int
    private let target: ServerTarget
    private let loop: EventLoop
    private unowned let delegate: any SocketIOClientDelegate
    private var state = State.idle
    private let poll: HTTPChannel
    private let push: HTTPChannel
    /// The `GET` request of this session, built once the sid is known and reused for every poll.
    private var pollRequest: [UInt8] = []
    private var postPath = ""
    /// Packets waiting for the next `POST`, already joined with `\x1e`.
    private var outbox: [UInt8] = []
    private var postInFlight = false
    private var output: [UInt8] = []
    private(set) var pingsAnswered = 0
    private(set) var startedAt: UInt64 = 0
    private(set) var connectedAt: UInt64 = 0

    var isConnected: Bool { state == .connected }

    init(index: Int, target: ServerTarget, loop: EventLoop, delegate: any SocketIOClientDelegate) {
        self.index = index
        self.target = target
        self.loop = loop
        self.delegate = delegate
        poll = HTTPChannel(target: target, loop: loop)
        push = HTTPChannel(target: target, loop: loop)
        poll.owner = self
        push.owner = self
    }

    func start() {
        guard state == .idle else { return }
        state = .opening
        startedAt = MonotonicTime.nanoseconds()
        poll.open { [self] in
            poll.send(Array("GET \(target.requestPath(transport: "polling")) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n\r\n".utf8))
        }
        push.open { [self] in flushOutbox() }
    }

    func send(enginePacket: [UInt8]) {
        guard state == .connected || state == .joining else { return }
        if !outbox.isEmpty { outbox.append(0x1E) }
        outbox.append(contentsOf: enginePacket)
        flushOutbox()
    }

    func close() {
        guard state != .closed else { return }
        state = .closed
        poll.close()
        push.close()
    }

    // MARK: Responses

    /// A response arrived on one of the two channels.
    func channel(_ channel: HTTPChannel, didReceive status: Int, body: ArraySlice<UInt8>) {
        guard state != .closed else { return }
        guard status == 200 else {
            return fail("HTTP \(status) on \(channel === poll ? "GET" : "POST"): \(String(decoding: body.prefix(80), as: UTF8.self))")
        }
        if channel === push {
            postInFlight = false
            flushOutbox()
            return
        }
        if state == .opening {
            guard body.first == UInt8(ascii: "0"), let sid = Self.sid(in: body) else {
                return fail("no Engine.IO open packet: \(String(decoding: body.prefix(80), as: UTF8.self))")
            }
            let path = target.requestPath(transport: "polling", sid: sid)
            pollRequest = Array("GET \(path) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n\r\n".utf8)
            postPath = path
            state = .joining
            send(enginePacket: [UInt8(ascii: "4"), UInt8(ascii: "0")])
        } else {
            var start = body.startIndex
            while start < body.endIndex, state != .closed {
                var end = start
                while end < body.endIndex, body[end] != 0x1E { end += 1 }
                enginePacket(body[start..<end])
                start = end + 1
            }
        }
        if state != .closed { poll.send(pollRequest) }
    }

    func channel(_ channel: HTTPChannel, didFailWith reason: String) {
        fail("\(channel === poll ? "GET" : "POST") connection: \(reason)")
    }

    private func enginePacket(_ packet: ArraySlice<UInt8>) {
        guard let type = packet.first else { return delegate.client(self, didReceiveUnexpected: "an empty packet") }
        switch type {
        case UInt8(ascii: "2"):
            pingsAnswered += 1
            send(enginePacket: [UInt8(ascii: "3")])
        case UInt8(ascii: "4"):
            let socketIO = packet.dropFirst()
            if state == .joining {
                guard socketIO.first == UInt8(ascii: "0") else {
                    return fail("CONNECT refused: \(String(decoding: socketIO.prefix(80), as: UTF8.self))")
                }
                state = .connected
                connectedAt = MonotonicTime.nanoseconds()
                delegate.clientDidConnect(self)
            } else {
                delegate.client(self, didReceive: socketIO)
            }
        case UInt8(ascii: "6"):
            break
        case UInt8(ascii: "1"):
            fail("the server closed the Engine.IO session")
        default:
            delegate.client(self, didReceiveUnexpected: "polling packet \(String(decoding: packet.prefix(40), as: UTF8.self))")
        }
    }

    /// Sends the waiting packets in one `POST`, unless one is in flight or the channel is not ready.
    private func flushOutbox() {
        guard !postInFlight, !outbox.isEmpty, !postPath.isEmpty, push.isOpen else { return }
        output.removeAll(keepingCapacity: true)
        ASCII.append("POST ", to: &output)
        output.append(contentsOf: postPath.utf8)
        ASCII.append(" HTTP/1.1\r\nHost: ", to: &output)
        output.append(contentsOf: target.hostHeader.utf8)
        ASCII.append("\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: ", to: &output)
        ASCII.appendDecimal(outbox.count, to: &output)
        ASCII.append("\r\n\r\n", to: &output)
        output.append(contentsOf: outbox)
        outbox.removeAll(keepingCapacity: true)
        postInFlight = true
        push.send(output)
    }

    /// The `sid` of an open packet: the string after `"sid":"`.
    private static func sid(in body: ArraySlice<UInt8>) -> String? {
        let key = Array("\"sid\":\"".utf8)
        guard let start = body.firstRange(of: key)?.upperBound,
              let end = body[start...].firstIndex(of: UInt8(ascii: "\""))
        else { return nil }
        return String(decoding: body[start..<end], as: UTF8.self)
    }

    private func fail(_ reason: String) {
        guard state != .closed else { return }
        close()
        delegate.client(self, didFailWith: reason)
    }
}
