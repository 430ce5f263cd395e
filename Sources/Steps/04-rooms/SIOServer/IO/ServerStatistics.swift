// SPDX-License-Identifier: MIT

import SIOEngineIO

/// What a Socket.IO `Server` has moved so far, for an application's metrics: packets and bytes in and out,
/// volatile packets dropped, broadcasts and how many sockets they reached.
///
/// Plain integers, incremented on the loop thread where the packets are handled: an addition each, no lock,
/// no allocation. Turning them into a metrics format is the application's job (ChatDemo's `/metrics`).
///
/// What the numbers mean:
/// - a *packet* is one Socket.IO packet (an event, an ack, a CONNECT, ...); a binary event and its attachments
///   count as one;
/// - *bytes* are the Engine.IO message payloads that carry the packets (the UTF-8 text plus the attachments),
///   without Engine.IO, WebSocket or HTTP framing;
/// - a broadcast sent to 100 sockets counts once in `broadcasts`, 100 times in `broadcastReceivers`, and 100
///   packets (and their bytes) in `packetsSent`.
///
/// ```swift
/// let stats = io.statistics
/// Double(stats.broadcastReceivers) / Double(max(1, stats.broadcasts))     // average fan-out
/// ```
public struct ServerStatistics: Sendable, Equatable {
    /// Packets decoded from clients.
    public internal(set) var packetsReceived = 0
    /// Bytes of the Engine.IO messages received (including partial packets still waiting for attachments).
    public internal(set) var bytesReceived = 0
    /// Packets handed to the engine for a client (single emits, acks, broadcast copies, CONNECT replies).
    public internal(set) var packetsSent = 0
    /// Bytes of the Engine.IO messages of those packets.
    public internal(set) var bytesSent = 0
    /// Volatile packets dropped because the client's transport could not take them at once.
    public internal(set) var volatilePacketsDropped = 0
    /// Broadcasts started on this server (`io.emit`, `io.to(room).emit`, ...), one per namespace reached.
    public internal(set) var broadcasts = 0
    /// Sockets those broadcasts were delivered to (the fan-out), counted by the adapter's deliveries.
    public internal(set) var broadcastReceivers = 0
    /// CONNECTs to a new dynamic namespace refused because `maxChildNamespaces` children existed.
    public internal(set) var childNamespacesRefused = 0

    /// All counters at zero.
    public init() {}

    mutating func recordReceived(_ message: EngineMessage) {
        bytesReceived += message.byteCount
    }

    mutating func recordSent(_ messages: [EngineMessage]) {
        packetsSent += 1
        for message in messages { bytesSent += message.byteCount }
    }
}

extension EngineMessage {
    /// The payload's size in bytes. `utf8.count` of a native Swift string is stored, not counted.
    var byteCount: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .binary(let bytes): bytes.count
        }
    }
}
