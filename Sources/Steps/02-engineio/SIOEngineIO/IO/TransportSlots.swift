// SPDX-License-Identifier: MIT

/// A session's transports, one slot per kind: the current one and, during an upgrade, the probe.
///
/// The polling slot is typed: the engine routes a session's long-poll `GET`s and `POST`s to its
/// `PollingTransport` without a cast. The other slot holds what an `EngineUpgradeProvider` made (step 3's
/// WebSocket). A dictionary would do, but a session consults its slots for every message it sends; two stored
/// optionals cost no hashing and no storage of their own (a dictionary allocates about 100 bytes per session).
struct TransportSlots {
    private(set) var polling: PollingTransport?
    private var upgraded: (any EngineTransport)?

    /// A session that opened with long-polling.
    init(_ polling: PollingTransport) {
        self.polling = polling
    }

    /// A session that opened directly on a transport of an upgrade provider.
    init(_ transport: any EngineTransport) {
        insert(transport)
    }

    subscript(kind: EngineTransportKind) -> (any EngineTransport)? {
        switch kind {
        case .polling: polling
        case .websocket: upgraded
        }
    }

    /// Adds a provider's transport (an upgrade probe). Long-polling is built in and never comes from a provider.
    mutating func insert(_ transport: any EngineTransport) {
        // `EngineServer` only asks providers for upgrade kinds; a polling provider is a programming error.
        precondition(transport.kind != .polling, "long-polling is built in; an upgrade provider cannot make it")
        upgraded = transport
    }

    mutating func remove(_ kind: EngineTransportKind) -> (any EngineTransport)? {
        defer {
            switch kind {
            case .polling: polling = nil
            case .websocket: upgraded = nil
            }
        }
        return self[kind]
    }

    var all: [any EngineTransport] { [polling, upgraded].compactMap { $0 } }

    mutating func removeAll() {
        polling = nil
        upgraded = nil
    }
}
