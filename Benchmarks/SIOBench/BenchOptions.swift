// SPDX-License-Identifier: MIT

/// The command line of the load generator.
///
/// ```text
/// sio-bench echo    --url ws://127.0.0.1:PORT [--connections 100] [--duration 10] [--warmup 1]
///                   [--payload 32] [--rate R] [--count N]
/// sio-bench fanout  --url ... [--receivers 1000] [--window 8] [--duration 10]
/// sio-bench idle    --url ... [--connections 10000] [--hold 10] [--concurrency 256] [--server-pid PID]
/// sio-bench connect --url ... [--concurrency 64] [--duration 10]
/// sio-bench polling --url ... [--connections 100] [--duration 10]     (echo over long-polling)
/// sio-bench hold    --url URL1,URL2,... [--connections 10000] [--hold 300] [--auth JSON] [--event announcement]
/// ```
/// `--url` may list several servers, comma-separated: client i connects to the (i mod n)-th.
/// Every scenario prints one JSON line (`JSONLine`) and exits 0; 1 when a check failed (lost,
/// duplicated or unexpected messages, dropped connections), 2 on a usage error.
struct BenchOptions {
    enum Scenario: String, CaseIterable { case echo, fanout, idle, connect, polling, hold }

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    var scenario: Scenario
    /// The servers, in `--url` order; client i connects to `targets[i % targets.count]`.
    var targets: [ServerTarget]
    /// The first server: the one the result line names.
    var target: ServerTarget { targets[0] }
    /// The JSON object of every client's Socket.IO CONNECT (`40{"token":"..."}`): how a client passes Step 5's
    /// authentication middleware (`auth` of the Socket.IO client). WebSocket only.
    var auth: String?
    /// `40` followed by `auth`: built once, so that every client shares one array.
    private(set) var connectPacket = Array("40".utf8)
    /// `hold`: the event whose stamped broadcasts the clients time (`2["announcement","b<n>t<ns>"]`).
    var event = "announcement"
    var connections = 100
    var duration = 10.0
    var warmup = 1.0
    /// Bytes of filler text in each message, so that messages have a realistic size.
    var payload = 32
    /// Total emits per second across all clients (echo): paces a closed loop for cross-checks.
    var rate: Double?
    /// Total emits (echo): stop after this many, then wait for every ack.
    var count: Int?
    var receivers = 1000
    /// Broadcasts in flight at once (fanout).
    var window = 8
    /// Handshakes in flight at once (idle, connect, and the connection phase of the others).
    var concurrency = 256
    var hold = 10.0
    /// How long to wait for answers still in flight after the run, before counting them lost.
    var grace = 5.0
    var serverPID: Int?
    var usePolling = false

    static let usage = """
        usage: sio-bench echo|fanout|idle|connect|polling|hold --url ws://HOST:PORT[/socket.io/][,ws://...] [options]
          --connections N   clients (echo, polling: 100; idle: 10000)
          --duration S      measured seconds (10)        --warmup S   unmeasured seconds first (1)
          --payload BYTES   filler per message (32)      --grace S    wait for late answers (5)
          --rate R          echo: total emits/s          --count N    echo: total emits, then stop
          --receivers N     fanout receivers (1000)      --window N   fanout broadcasts in flight (8)
          --concurrency N   handshakes in flight (idle: 256, connect: 64)
          --hold S          idle, hold: seconds to hold the connections (10; hold: 300, or until SIGTERM)
          --auth JSON       the CONNECT payload of every client, e.g. {"token":"..."} (WebSocket only)
          --event NAME      hold: the broadcast event to time (announcement)
          --server-pid PID  idle: read the server's RSS from /proc
          --transport websocket|polling
        """

    init(arguments: [String]) throws(UsageError) {
        guard let name = arguments.first, let scenario = Scenario(rawValue: name) else {
            throw UsageError(description: Self.usage)
        }
        self.scenario = scenario
        var values: [String: String] = [:]
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), index + 1 < arguments.count else {
                throw UsageError(description: "unexpected argument '\(argument)'\n" + Self.usage)
            }
            values[String(argument.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        let urls = values.removeValue(forKey: "url")?.split(separator: ",").map(String.init) ?? []
        let targets = urls.compactMap(ServerTarget.init(url:))
        guard !targets.isEmpty, targets.count == urls.count else {
            throw UsageError(description: "--url ws://HOST:PORT is required (an IPv4 address or localhost; several, comma-separated)")
        }
        self.targets = targets
        usePolling = scenario == .polling || targets[0].prefersPolling
        switch scenario {
        case .idle: connections = 10_000
        case .hold: (connections, hold) = (10_000, 300)
        case .connect: concurrency = 64
        default: break
        }
        if let transport = values.removeValue(forKey: "transport") {
            guard transport == "websocket" || transport == "polling" else {
                throw UsageError(description: "--transport is websocket or polling")
            }
            usePolling = transport == "polling"
        }
        connections = try Self.take("connections", from: &values) ?? connections
        receivers = try Self.take("receivers", from: &values) ?? receivers
        window = try Self.take("window", from: &values) ?? window
        concurrency = try Self.take("concurrency", from: &values) ?? concurrency
        payload = try Self.take("payload", from: &values, minimum: 0) ?? payload
        count = try Self.take("count", from: &values)
        serverPID = try Self.take("server-pid", from: &values)
        duration = try Self.seconds("duration", from: &values) ?? duration
        warmup = try Self.seconds("warmup", from: &values, minimum: 0) ?? warmup
        hold = try Self.seconds("hold", from: &values) ?? hold
        grace = try Self.seconds("grace", from: &values) ?? grace
        rate = try Self.seconds("rate", from: &values)
        auth = values.removeValue(forKey: "auth")
        event = values.removeValue(forKey: "event") ?? event
        if let auth {
            guard !usePolling else { throw UsageError(description: "--auth is for the WebSocket transport") }
            connectPacket += Array(auth.utf8)
        }
        if let unknown = values.keys.sorted().first {
            throw UsageError(description: "unknown option --\(unknown)\n" + Self.usage)
        }
    }

    private static func take(_ name: String, from values: inout [String: String], minimum: Int = 1) throws(UsageError) -> Int? {
        guard let text = values.removeValue(forKey: name) else { return nil }
        guard let value = Int(text), value >= minimum else {
            throw UsageError(description: "--\(name) must be a whole number >= \(minimum), got '\(text)'")
        }
        return value
    }

    private static func seconds(_ name: String, from values: inout [String: String], minimum: Double = 0.001) throws(UsageError) -> Double? {
        guard let text = values.removeValue(forKey: name) else { return nil }
        guard let value = Double(text), value >= minimum, value.isFinite else {
            throw UsageError(description: "--\(name) must be a number >= \(minimum), got '\(text)'")
        }
        return value
    }

    /// The filler text carried by every message: `payload` printable ASCII bytes.
    var filler: [UInt8] { (0..<payload).map { UInt8(ascii: "a") + UInt8($0 % 26) } }
}
