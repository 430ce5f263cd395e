// SPDX-License-Identifier: MIT

/// One simulated Socket.IO client as a scenario sees it, whatever carries its packets.
///
/// Two transports implement it: `WebSocketLoadClient` (one TCP connection, one frame per packet) and
/// `PollingLoadClient` (two TCP connections, HTTP long-polling). Both run the same handshake: the
/// Engine.IO open packet, then a Socket.IO CONNECT to `/`, and report `clientDidConnect` once the
/// server's `40{"sid":...}` arrives. Both answer the server's heartbeat (`2` -> `3`) by themselves,
/// as every real client must, or the server closes the session after `pingInterval + pingTimeout`.
protocol SocketIOClient: AnyObject {
    /// The client's number within its scenario (0-based), written into payloads.
    var index: Int { get }
    /// True between the Socket.IO CONNECT reply and the close.
    var isConnected: Bool { get }
    /// Engine.IO pings answered so far.
    var pingsAnswered: Int { get }
    /// When `start()` began (monotonic nanoseconds) and when the CONNECT reply arrived.
    var startedAt: UInt64 { get }
    var connectedAt: UInt64 { get }

    /// Opens the connection(s) and runs the handshake.
    func start()
    /// Sends one Engine.IO packet as text, such as `42["echo",1]`.
    func send(enginePacket: [UInt8])
    /// Closes the connection(s); no delegate call follows.
    func close()
}

/// What a scenario hears from its clients. All calls happen on the loader's event loop.
protocol SocketIOClientDelegate: AnyObject {
    /// The Socket.IO CONNECT to `/` was accepted.
    func clientDidConnect(_ client: any SocketIOClient)
    /// A Socket.IO packet arrived, without the Engine.IO `4` in front: `2["broadcast",...]`,
    /// `31["..."]`. The bytes are only valid during the call.
    func client(_ client: any SocketIOClient, didReceive packet: ArraySlice<UInt8>)
    /// Something arrived that no scenario expects (a binary frame, an unknown Engine.IO packet).
    func client(_ client: any SocketIOClient, didReceiveUnexpected description: String)
    /// The connection ended without `close()` being called: refused, failed handshake, or closed
    /// by the server. `reason` says which.
    func client(_ client: any SocketIOClient, didFailWith reason: String)
}
