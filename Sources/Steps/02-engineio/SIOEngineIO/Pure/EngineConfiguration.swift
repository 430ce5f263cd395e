// SPDX-License-Identifier: MIT

/// The engine's settings. The defaults are Node's (engine.io `server.ts` constructor), so a stock Engine.IO or
/// Socket.IO client behaves exactly as against a Node server.
///
/// ```swift
/// var configuration = EngineConfiguration()
/// configuration.path = "/socket.io/"
/// configuration.pingInterval = .milliseconds(300)      // the official test suite's values
/// configuration.pingTimeout = .milliseconds(200)
/// configuration.cors = EngineCORS(origins: .any)
/// configuration.allowRequest = { request in
///     request.header("Origin") == "https://chat.example" ? .accept : .reject(message: "origin not allowed")
/// }
/// configuration.cookie = EngineCookie()                 // Node's `cookie: true`, for sticky sessions
/// ```
public struct EngineConfiguration: Sendable {
    /// The decision of an `allowRequest` hook.
    public enum AllowRequestDecision: Sendable, Equatable {
        /// Let the handshake go on.
        case accept
        /// Refuse the handshake with error 4, HTTP 403. The message replaces `Forbidden` in the JSON body.
        case reject(message: String? = nil)
    }

    /// A hook run on every handshake (a request without `sid`), after the protocol checks: the place to check
    /// an `Origin`, a cookie or an address before a session exists (Node's `allowRequest`). It runs on the event
    /// loop, so it must answer at once (a check that must wait is `allowRequestAsync`); per-namespace authentication
    /// belongs to the Socket.IO middleware.
    public typealias AllowRequest = @Sendable (EngineRequest) -> AllowRequestDecision

    /// A handshake hook that may take its time (Node's `allowRequest` answering its callback later, e.g. after a
    /// database look-up). It runs as a task on the engine's loop: `await` freely, but do not block.
    public typealias AsyncAllowRequest = @Sendable (EngineRequest) async -> AllowRequestDecision

    /// The URL path the engine answers, always ending with `/` (Node's `addTrailingSlash`): setting
    /// `/socket.io` stores `/socket.io/`. The default `/engine.io/` is the spec's; Socket.IO uses `/socket.io/`.
    public var path: String {
        get { normalizedPath }
        set { normalizedPath = newValue.hasSuffix("/") ? newValue : newValue + "/" }
    }

    /// How often the server pings (spec "Heartbeat"); sent to the client in the handshake.
    public var pingInterval: Duration = .seconds(25)

    /// How long the server waits for the pong after a ping before closing with `ping timeout`.
    /// The client, for its part, gives up after `pingInterval + pingTimeout` without a ping.
    public var pingTimeout: Duration = .seconds(20)

    /// How long a client has, once its WebSocket is connected, to complete the upgrade with `5`
    /// before the probe transport is closed (the session stays on polling).
    public var upgradeTimeout: Duration = .seconds(10)

    /// The largest payload the server accepts, in bytes: a bigger `POST` body gets 413, a bigger WebSocket message
    /// closes the connection. Advertised as `maxPayload` in the handshake (Node's `maxHttpBufferSize`, 1e6), and
    /// also used as the byte budget of one long-poll response.
    public var maxPayload: Int = 1_000_000

    /// The most packets the server puts in one long-poll response; the rest waits for the next `GET`.
    ///
    /// Node has no such limit. We default to 16 because python-engineio clients (and servers) refuse a payload
    /// of more than 16 packets ("Too many packets in payload"), and Node clients do not mind: a burst of many
    /// small packets then takes a few more polls, on a transport that upgrades to WebSocket within a second
    /// anyway. Use `.max` for Node's behaviour.
    public var maxPacketsPerPayload: Int = 16

    /// The most packets a session keeps waiting for its client: over polling, until the next `GET`; during an
    /// upgrade, until the WebSocket takes over. One more closes the session with `transport error` (see
    /// `EngineSessionStateMachine+WriteBuffer.swift`). Node has no bound.
    ///
    /// 10,000 packets hold any burst a live client takes between two polls: a chat room's broadcasts arrive a few
    /// per second, and even a thousand per second for the longest poll round trip worth waiting for (a second or
    /// two on a bad mobile link) stays well below. What does not fit belongs to a client that stopped polling. A
    /// waiting packet costs its session about 24 bytes beside its text (a broadcast's text is shared by all its
    /// receivers), so the count alone costs at most about 240 kB per session.
    public var maxBufferedPackets: Int = 10_000

    /// The most bytes (polling text, as `EnginePacket.encodedTextLength` counts them) a session keeps waiting for
    /// its client; past it, the session closes with `transport error`, as for `maxBufferedPackets`. Never less than
    /// `maxPayload`, whatever is set: a message as large as a client may send must fit, to be echoed.
    ///
    /// 4 MB is four full long-poll responses at the default `maxPayload`: room for large messages in a burst, and
    /// the most memory, with `maxBufferedPackets`, that a client that never polls can make its session hold.
    public var maxBufferedBytes: Int = 4_000_000

    /// The most sessions one server (one event loop) holds at once; a handshake past it gets 403
    /// `{"code":4,"message":"Too many sessions"}` and the client retries later, as it does after any refused handshake.
    ///
    /// Sessions outlive connections: a polling client can open one per request and walk away, and its session
    /// stays until the heartbeat ends it (`pingInterval + pingTimeout`, 45 s). Without a bound, a flood of
    /// handshakes grows the table for that long. 20,000 is a whole process's open files on a typical host (each
    /// live session normally holds a connection), at a few kB per idle session.
    public var maxSessions: Int = 20_000

    /// The transports clients may use (Node's `transports`), in order of preference. The I/O layer intersects this
    /// with the transports it has registered: step 2 serves polling only, step 3 adds WebSocket.
    public var transports: [EngineTransportKind] = [.polling, .websocket]

    /// Whether a polling session may upgrade (the handshake's `upgrades` is empty otherwise).
    public var allowUpgrades: Bool = true

    /// Whether WebSocket connections accept a client's permessage-deflate offer (RFC 7692), and from which message
    /// size they compress; `nil` (the default, as in Node's `perMessageDeflate: false`) never compresses. Needs step 3.
    public var perMessageDeflate: CompressionSettings?

    /// Whether long-polling responses are compressed (`gzip` or `deflate`, as the request's `Accept-Encoding`
    /// prefers) from which size; on by default with a 1,024-byte threshold, as Node's `httpCompression`.
    /// Clients never compress what they `POST`, so requests are never inflated.
    public var httpCompression: CompressionSettings? = CompressionSettings()

    /// CORS headers for polling requests; `nil` (the default, as in Node) sends none.
    public var cors: EngineCORS?

    /// The handshake hook; `nil` accepts every well-formed handshake.
    public var allowRequest: AllowRequest?

    /// The asynchronous handshake hook (Node's `allowRequest(req, callback)` calling back later), run after
    /// `allowRequest` on every handshake, polling or direct WebSocket, never on requests of an existing session.
    /// Meanwhile the request waits (its connection keeps its place, the loop serves others); its answer comes on
    /// the engine's loop. `nil` (the default) skips it.
    ///
    /// ```swift
    /// configuration.allowRequestAsync = { request in
    ///     await bans.contains(request.remoteAddress) ? .reject(message: "banned") : .accept
    /// }
    /// ```
    public var allowRequestAsync: AsyncAllowRequest?

    /// How long `allowRequestAsync` may take. Past it the handshake is refused as the hook would refuse it: 403
    /// `{"code":4,"message":"Handshake check timed out"}`, and the client retries later, as after any refused
    /// handshake. Node has no bound; 5 s is far beyond a healthy look-up, and short enough that a stuck database
    /// does not pile up waiting connections (docs/reliability.md).
    public var allowRequestTimeout: Duration = .seconds(5)

    /// The cookie that carries the session id on the polling handshake, for sticky sessions (Node's `cookie`);
    /// `nil` (the default, as in Node 4.x) sends none. `EngineCookie()` is Node's `cookie: true`.
    public var cookie: EngineCookie?

    private var normalizedPath = "/engine.io/"

    /// The defaults above; change fields afterwards.
    public init() {}
}
