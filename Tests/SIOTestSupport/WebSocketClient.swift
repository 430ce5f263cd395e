// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SIOConnect
import SIOHTTP
import SIOWebSocket

/// A small blocking WebSocket client, for tests (RFC 6455, client role). It lived in SIOWebSocket until the
/// library products (issue 15): applications never need it, so it is test support now.
///
/// It is the same protocol code as the server, seen from the other end: `WebSocketClientHandshake` builds
/// the request and checks the `101`, and a `WebSocketStateMachine` in the `.client` role reads frames
/// (refusing masked ones, §5.1), answers pings and runs the closing handshake. Every frame it sends is
/// masked with a fresh random key (§5.3). One thread at a time; every read gives up after `timeout`, so a
/// broken server fails a test instead of hanging it.
///
/// ```swift
/// let client = try WebSocketClient(port: 3000, path: "/echo")
/// try client.send(.text("hello"))
/// try client.receive()                   // .message(.text("hello"))
/// try client.close()                     // .closed(code: 1000, reason: "")
/// ```
package final class WebSocketClient {
    /// What `receive()` returns.
    package enum Event: Sendable, Hashable {
        case message(WebSocketMessage)
        /// The server's close frame arrived (we answered it); `code` is `nil` when the frame had none.
        case closed(code: WebSocketCloseCode?, reason: String)
    }

    /// Why a call failed.
    package enum Failure: Error, Sendable, Hashable {
        /// The TCP connection could not be made (`errno`).
        case connectFailed(Int32)
        /// The server answered the upgrade with another status than `101`.
        case rejected(status: Int)
        /// The server answered `101` but broke a rule of §4.1.
        case invalidHandshake(WebSocketClientHandshake.Failure)
        /// Nothing arrived within the timeout.
        case timedOut
        /// The TCP connection ended (or a write failed) without a closing handshake.
        case connectionLost
        /// The server broke RFC 6455; we sent it a close frame with the error's code.
        case protocolError(WebSocketProtocolError)
        /// The closing handshake is over: nothing more can be sent or received.
        case closed
    }

    /// The `101` response's header fields.
    package private(set) var responseHeaders: [(name: String, value: String)] = []
    /// Whether the server accepted our permessage-deflate offer: its compressed frames are then inflated.
    package private(set) var isCompressing = false

    private let fd: Int32
    private var machine: WebSocketStateMachine
    private var random = SystemRandomNumberGenerator()
    private var isFinished = false
    private var readBuffer = [UInt8](repeating: 0, count: 1 << 16)

    /// Connects to `host:port` and performs the opening handshake for `path` (which may carry a query).
    ///
    /// - Parameters:
    ///   - headers: extra request fields, such as `Origin`.
    ///   - limits: the largest frame and message accepted from the server.
    ///   - perMessageDeflate: offer permessage-deflate (RFC 7692), as a browser does.
    /// - Throws: `Failure.connectFailed`, `.rejected(status:)` or `.invalidHandshake`.
    package init(
        host: String = "127.0.0.1", port: Int, path: String = "/", headers: [(name: String, value: String)] = [],
        timeout: Duration = .seconds(5), limits: WebSocketStateMachine.Configuration = .init(),
        perMessageDeflate: Bool = false
    ) throws(Failure) {
        fd = try Self.connect(host: host, port: port, timeout: timeout)
        machine = WebSocketStateMachine(role: .client, configuration: limits)
        // If this throws, `deinit` still runs (every property is set) and closes the socket.
        try handshake(
            path: path, host: "\(host):\(port)", headers: headers, perMessageDeflate: perMessageDeflate ? limits : nil)
    }

    deinit { Self.closeDescriptor(fd) }

    // MARK: Sending

    /// Sends a message as one masked frame.
    package func send(_ message: WebSocketMessage) throws(Failure) {
        try send(frame: message.frame)
    }

    /// Sends any frame, masked: fragments (`fin: false`, `.continuation`), pings, or a close frame.
    package func send(frame: WebSocketFrame) throws(Failure) {
        try sendRaw(frame.encoded(maskingKey: .random(using: &random)))
    }

    /// Writes bytes as they are: for tests that break the protocol on purpose (an unmasked frame).
    package func sendRaw(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Self.systemSend(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw .connectionLost }
            offset += written
        }
    }

    /// Starts the closing handshake and waits for the server's close frame, skipping messages still in flight.
    package func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") throws(Failure) -> Event {
        guard let frame = machine.close(code: code, reason: reason) else { throw .closed }
        try send(frame: frame)
        while true {
            if case .closed(let code, let reason) = try receive() { return .closed(code: code, reason: reason) }
        }
    }

    // MARK: Receiving

    /// The next message or the server's close. Pings are answered on the way; pongs are skipped.
    package func receive() throws(Failure) -> Event {
        guard !isFinished else { throw .closed }
        while true {
            while let action = machine.nextAction() {
                switch action {
                case .deliver(let message):
                    return .message(message)
                case .sendFrame(let frame) where frame.opcode == .close:
                    // Our answer to the server's close. A server that failed the connection may have
                    // closed TCP already; the handshake is over either way.
                    try? send(frame: frame)
                case .sendFrame(let frame):
                    try send(frame: frame)
                case .closeConnection:
                    isFinished = true
                    if let failure = machine.failure { throw .protocolError(failure) }
                    return .closed(code: machine.peerClose?.code, reason: machine.peerClose?.reason ?? "")
                }
            }
            try fill()
        }
    }

    /// The next message; a close is an error here (`.closed`).
    package func receiveMessage() throws(Failure) -> WebSocketMessage {
        guard case .message(let message) = try receive() else { throw .closed }
        return message
    }

    // MARK: Internals

    private func handshake(
        path: String, host: String, headers: [(name: String, value: String)],
        perMessageDeflate limits: WebSocketStateMachine.Configuration?
    ) throws(Failure) {
        var handshake = WebSocketClientHandshake()
        handshake.offersPerMessageDeflate = limits != nil
        try sendRaw(handshake.encodedRequest(path: path, host: host, additionalHeaders: headers))
        // Read up to the empty line that ends the response head (a 101 has no body).
        var received: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil {
            received += try readSome()
            headEnd = received.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound
        }
        let end = headEnd ?? received.endIndex
        let lines = String(decoding: received[..<end], as: UTF8.self).split(separator: "\r\n")
        let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        responseHeaders = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(WebSocketHandshake.trimmed(line[line.index(after: colon)...])))
        }
        guard status == 101 else { throw .rejected(status: status) }
        do {
            try handshake.verify(status: status, headers: responseHeaders)
        } catch {
            throw .invalidHandshake(error)
        }
        // The server compresses each message on its own (it always answers server_no_context_takeover).
        isCompressing = responseHeaders.contains { $0.name.lowercased() == "sec-websocket-extensions" }
        if isCompressing, let limits {
            machine = WebSocketStateMachine(role: .client, configuration: limits, deflate: PerMessageDeflate())
        }
        // The server may send its first frame in the same packet as the 101 (Engine.IO's open packet).
        machine.append(received[end...])
    }

    private func fill() throws(Failure) {
        machine.append(try readSome())
    }

    /// Reads what the socket has (waiting at most the timeout) into the reused read buffer.
    private func readSome() throws(Failure) -> ArraySlice<UInt8> {
        let count = readBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return readBuffer[0..<count] }
        if count == 0 { throw .connectionLost }
        let error = errno
        throw error == EAGAIN || error == EWOULDBLOCK ? .timedOut : .connectionLost
    }

    private static func connect(host: String, port: Int, timeout: Duration) throws(Failure) -> Int32 {
        guard case .success(let addresses) = HostResolver.lookup(host, port: port), let address = addresses.first else {
            throw .connectFailed(0)
        }
        #if canImport(Glibc)
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(address.family, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw .connectFailed(errno) }
        guard address.withSockaddr({ systemConnect(fd, $0, $1) }) == 0 else {
            let error = errno
            closeDescriptor(fd)
            throw .connectFailed(error)
        }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        #endif
        let (seconds, attoseconds) = timeout.components
        var tv = timeval(tv_sec: Int(seconds), tv_usec: .init(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    private static func systemSend(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.send(fd, pointer, count, Int32(MSG_NOSIGNAL))
        #else
        Darwin.send(fd, pointer, count, 0)
        #endif
    }

    private static func closeDescriptor(_ fd: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }

    /// `connect(2)`; inside this type the name `connect` means the static method above.
    private static func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.connect(fd, address, length)
        #else
        Darwin.connect(fd, address, length)
        #endif
    }
}
