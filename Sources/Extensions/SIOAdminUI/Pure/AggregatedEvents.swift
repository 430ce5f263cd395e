// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOServer

/// The `aggregatedEvents` of `server_stats`: how many connections, disconnections, packets and bytes there were
/// since the previous report (`@socket.io/admin-ui` `EventBuffer`: `rawConnection`, `rawDisconnection` with the
/// reason as `subType`, `packetsIn`, `packetsOut`, `bytesIn`, `bytesOut`).
///
/// Node counts into a buffer on every packet; here the server's counters already exist (`ServerStatistics`,
/// `EngineStatistics`), so a report is the difference between two readings and nothing grows between reports.
/// Packets are Socket.IO packets and bytes their Engine.IO payloads (`ServerStatistics`), where Node counts
/// Engine.IO packets.
package struct AggregatedEvents {
    /// One reading of the counters.
    package struct Reading: Equatable {
        package var connections = 0
        package var disconnections: [String: Int] = [:]
        package var packetsIn = 0
        package var packetsOut = 0
        package var bytesIn = 0
        package var bytesOut = 0

        package init(server: ServerStatistics, engine: EngineStatistics) {
            connections = engine.sessionsOpened
            disconnections = Dictionary(uniqueKeysWithValues: engine.closes.map { ($0.key.rawValue, $0.value) })
            packetsIn = server.packetsReceived
            packetsOut = server.packetsSent
            bytesIn = server.bytesReceived
            bytesOut = server.bytesSent
        }

        package init() {}
    }

    private var previous: Reading

    /// Starts from `reading`: the first report counts what happens after it.
    package init(from reading: Reading) {
        previous = reading
    }

    /// What changed since the previous call, as the UI reads it (`{"timestamp","type","subType","count"}`, only the
    /// non-zero counts), stamped `timestamp` (milliseconds since 1970, rounded down to the second as Node does).
    package mutating func report(_ reading: Reading, timestamp: Int) -> [SocketIOValue] {
        defer { previous = reading }
        let second = Double(timestamp - timestamp % 1000)
        var events: [SocketIOValue] = []
        func add(_ type: String, _ subType: String? = nil, _ count: Int) {
            guard count > 0 else { return }
            var event: SocketIOObject = ["timestamp": .number(second), "type": .string(type)]
            if let subType { event["subType"] = .string(subType) }
            event["count"] = .number(Double(count))
            events.append(.object(event))
        }
        add("rawConnection", nil, reading.connections - previous.connections)
        for (reason, count) in reading.disconnections.sorted(by: { $0.key < $1.key }) {
            add("rawDisconnection", reason, count - previous.disconnections[reason, default: 0])
        }
        add("packetsIn", nil, reading.packetsIn - previous.packetsIn)
        add("packetsOut", nil, reading.packetsOut - previous.packetsOut)
        add("bytesIn", nil, reading.bytesIn - previous.bytesIn)
        add("bytesOut", nil, reading.bytesOut - previous.bytesOut)
        return events
    }
}
