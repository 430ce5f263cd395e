// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOServer

/// The metric families of ChatDemo, read from each layer when `/metrics` is scraped.
///
/// | prefix       | from                                   | families |
/// |--------------|----------------------------------------|----------|
/// | `sio_http_`  | `HTTPServer.statistics` (step 1)       | connections accepted, refused, open, slow-reader and overflow disconnects |
/// | `sio_engine_`| `EngineServer` (step 2, 3)             | sessions by transport, opened, closed by reason, upgrades, write-buffer overflows, handshake failures by code |
/// | `sio_`       | `Server` (step 4)                      | sockets, rooms, packets and bytes in and out, volatile drops, broadcasts and fan-out, refused child namespaces, adapter |
/// | `chatdemo_`  | the app                                | readiness, users online, authenticated sockets, log records by level; `ProtectionMetrics` |
///
/// Series that can be zero are always written (every transport, every close reason, every error code), so a
/// dashboard's query has something to show from the first scrape and `rate()` sees the first increment.
/// docs/deploy.md lists every name with its meaning.
///
/// Each event loop's app registers these families on its own registry, and `/metrics` combines the loops
/// (`ProcessMetrics`): counts add up, while statuses (`chatdemo_ready`, `sio_adapter_connected`) take the
/// lowest loop's value and what the loops share (users online, log records, start time) is taken once.
enum ChatMetrics {
    /// Registers the families on `registry`. The closures hold `app` unowned: the registry belongs to the app
    /// and is the only one to call them (`ProcessMetrics` holds the registry weakly).
    static func register(on registry: MetricsRegistry, app: ChatApp) {
        registerHTTP(on: registry, app: app)
        registerEngine(on: registry, app: app)
        registerSocketIO(on: registry, app: app)
        registerApp(on: registry, app: app)
        ProtectionMetrics.register(on: registry, shared: app.shared)
    }

    private static func registerHTTP(on registry: MetricsRegistry, app: ChatApp) {
        unowned let http = app.http
        registry.counter("sio_http_connections_accepted_total", help: "TCP connections accepted.") {
            http.statistics.acceptedConnections
        }
        registry.counter(
            "sio_http_connections_refused_total",
            help: "TCP connections closed at once: over max-connections, or out of file descriptors."
        ) { http.statistics.refusedConnections }
        registry.gauge("sio_http_connections_open", help: "TCP connections open now, upgraded WebSockets included.") {
            Double(http.statistics.openConnections)
        }
        registry.counter(
            "sio_http_slow_reader_disconnects_total",
            help: "Connections closed because the peer did not read what it was sent for slow-reader-timeout."
        ) { http.statistics.slowReaderDisconnects }
        registry.counter(
            "sio_http_overflow_disconnects_total", help: "Connections closed because their write queue passed its cap."
        ) { http.statistics.overflowDisconnects }
    }

    private static func registerEngine(on registry: MetricsRegistry, app: ChatApp) {
        unowned let engine = app.io.engine
        registry.register("sio_engine_sessions", .gauge, help: "Engine.IO sessions open now, by current transport.") {
            var counts: [String: Int] = [:]
            for session in engine.sessions.values { counts[session.transportName, default: 0] += 1 }
            return EngineTransportKind.allCases.map { kind in
                MetricSample(counts[kind.rawValue] ?? 0, labels: [MetricLabel("transport", kind.rawValue)])
            }
        }
        registry.counter("sio_engine_sessions_opened_total", help: "Engine.IO sessions opened (successful handshakes).") {
            engine.statistics.sessionsOpened
        }
        registry.register("sio_engine_sessions_closed_total", .counter, help: "Engine.IO sessions closed, by reason.") {
            EngineCloseReason.allCases.map { reason in
                MetricSample(engine.statistics.closes[reason] ?? 0, labels: [MetricLabel("reason", reason.rawValue)])
            }
        }
        registry.counter("sio_engine_upgrades_total", help: "Sessions upgraded from long-polling to WebSocket.") {
            engine.statistics.upgrades
        }
        registry.counter(
            "sio_engine_write_buffer_overflows_total",
            help: "Sessions closed because packets waiting for a polling client passed the write buffer's bound."
        ) { engine.statistics.writeBufferOverflows }
        registry.register(
            "sio_engine_handshake_failures_total", .counter,
            help: "Engine.IO requests refused with an official error (bad handshakes, unknown session ids), by code."
        ) {
            officialErrors.map { error in
                MetricSample(
                    engine.statistics.requestErrors(code: error.code),
                    labels: [MetricLabel("code", String(error.code)), MetricLabel("reason", error.message)])
            }
        }
    }

    /// One error per official code, 0 to 5, for the labels.
    private static let officialErrors: [EngineError] = [
        .unknownTransport, .unknownSessionID, .badHandshakeMethod, .badRequest(.transportMismatch),
        .forbidden(message: nil), .unsupportedProtocolVersion,
    ]

    private static func registerSocketIO(on registry: MetricsRegistry, app: ChatApp) {
        unowned let app = app
        unowned let io = app.io
        registry.register("sio_sockets_connected", .gauge, help: "Socket.IO sockets connected now, by namespace.") {
            io.namespaces.values.sorted { $0.name < $1.name }.map { namespace in
                MetricSample(namespace.sockets.count, labels: [MetricLabel("namespace", namespace.name)])
            }
        }
        registry.register("sio_rooms", .gauge, help: "Rooms that have members, each socket's own room included, by namespace.") {
            io.namespaces.values.sorted { $0.name < $1.name }.map { namespace in
                MetricSample(namespace.adapter.rooms.count, labels: [MetricLabel("namespace", namespace.name)])
            }
        }
        let counters: [(String, String, (ServerStatistics) -> Int)] = [
            ("sio_packets_received_total", "Socket.IO packets received from clients.", \.packetsReceived),
            ("sio_packets_sent_total", "Socket.IO packets sent to clients, each copy of a broadcast counted.", \.packetsSent),
            ("sio_bytes_received_total", "Bytes of the Engine.IO messages received (payloads, without framing).",
             \.bytesReceived),
            ("sio_bytes_sent_total", "Bytes of the Engine.IO messages sent (payloads, without framing).", \.bytesSent),
            ("sio_volatile_packets_dropped_total", "Volatile packets dropped: the client could not take them at once.",
             \.volatilePacketsDropped),
            ("sio_broadcasts_total", "Broadcasts started (one per namespace reached).", \.broadcasts),
            ("sio_broadcast_receivers_total", "Sockets reached by broadcasts (the fan-out).", \.broadcastReceivers),
            ("sio_child_namespaces_refused_total", "CONNECTs to a new dynamic namespace refused at max-child-namespaces.",
             \.childNamespacesRefused),
        ]
        for (name, help, read) in counters {
            registry.counter(name, help: help) { read(io.statistics) }
        }
        registry.register(
            "sio_adapter_connected", .gauge, help: "1 while the Socket.IO adapter can reach every server, by adapter.",
            combination: .minimum
        ) {
            let status = app.adapterStatus()
            return [MetricSample(status.connected ? 1 : 0, labels: [MetricLabel("adapter", status.name)])]
        }
    }

    private static func registerApp(on registry: MetricsRegistry, app: ChatApp) {
        unowned let app = app
        let started = app.shared.startTime
        registry.gauge(
            "process_start_time_seconds", help: "Start time of the process since the Unix epoch, in seconds.",
            combination: .shared
        ) {
            started.rounded()
        }
        registry.gauge("chatdemo_ready", help: "1 when /ready answers 200, 0 when it answers 503.", combination: .minimum) {
            app.readiness.isReady ? 1 : 0
        }
        registry.gauge(
            "chatdemo_users_online", help: "Users with at least one authenticated socket.", combination: .shared
        ) {
            Double(app.hub.onlineUserIDs.count)
        }
        registry.gauge("chatdemo_authenticated_sockets", help: "Sockets that passed authentication.") {
            Double(app.hub.sessions.count)
        }
        registry.register(
            "chatdemo_log_records_total", .counter, help: "Log records written, by level.", combination: .shared
        ) {
            let counts = app.logger.counts
            return LogLevel.allCases.map { level in
                MetricSample(counts[level.rawValue], labels: [MetricLabel("level", level.name)])
            }
        }
    }
}
