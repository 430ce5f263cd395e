// SPDX-License-Identifier: MIT

/// Identifies a catch-all listener, to remove it later with `offAny(_:)` or `offAnyOutgoing(_:)`.
/// (Node compares listener functions; Swift closures cannot be compared, so `onAny` hands out an id.)
public struct ListenerID: Sendable, Hashable {
    let value: Int
}

extension Socket {
    // MARK: Incoming events

    /// Runs `handler` with the arguments of every `event` the client emits.
    ///
    /// `disconnect` and `disconnecting` cannot come from a client (they are reserved); registering them here is
    /// Node's `socket.on("disconnect", reason => ...)`: the handler gets `[reason]` as a string.
    public func on(_ event: String, _ handler: @escaping ([SocketIOValue]) -> Void) {
        on(event) { arguments, _ in handler(arguments) }
    }

    /// Runs `handler` for every `event`, with the acknowledgement callback when the client asked for one
    /// (`socket.emit("echo", x, (answer) => ...)` in the browser), `nil` otherwise.
    public func on(_ event: String, _ handler: @escaping ([SocketIOValue], Acknowledgement?) -> Void) {
        loop.assertInEventLoop("Socket.on(\"\(event)\") of \(id)")
        switch event {
        case "disconnect": onDisconnect { reason in handler([.string(reason.rawValue)], nil) }
        case "disconnecting": onDisconnecting { reason in handler([.string(reason.rawValue)], nil) }
        default: handlers[event, default: []].append(handler)
        }
    }

    /// Removes every handler of `event`.
    public func off(_ event: String) {
        handlers[event] = nil
    }

    /// Runs `listener` before the handlers of every incoming event, with its name and arguments.
    @discardableResult
    public func onAny(_ listener: @escaping (_ event: String, _ arguments: [SocketIOValue]) -> Void) -> ListenerID {
        let id = makeListenerID()
        anyListeners.append((id, listener))
        return id
    }

    /// Like `onAny`, but runs before the catch-all listeners added so far.
    @discardableResult
    public func prependAny(_ listener: @escaping (_ event: String, _ arguments: [SocketIOValue]) -> Void) -> ListenerID {
        let id = makeListenerID()
        anyListeners.insert((id, listener), at: 0)
        return id
    }

    /// Removes one catch-all listener, or all of them when `id` is `nil`.
    public func offAny(_ id: ListenerID? = nil) {
        if let id { anyListeners.removeAll { $0.id == id } } else { anyListeners = [] }
    }

    // MARK: Outgoing events

    /// Runs `listener` for every event sent to this client, by `emit` or by a broadcast that reaches it.
    @discardableResult
    public func onAnyOutgoing(_ listener: @escaping (_ event: String, _ arguments: [SocketIOValue]) -> Void) -> ListenerID {
        let id = makeListenerID()
        anyOutgoingListeners.append((id, listener))
        return id
    }

    /// Like `onAnyOutgoing`, but runs before the outgoing listeners added so far.
    @discardableResult
    public func prependAnyOutgoing(
        _ listener: @escaping (_ event: String, _ arguments: [SocketIOValue]) -> Void
    ) -> ListenerID {
        let id = makeListenerID()
        anyOutgoingListeners.insert((id, listener), at: 0)
        return id
    }

    /// Removes one outgoing listener, or all of them when `id` is `nil`.
    public func offAnyOutgoing(_ id: ListenerID? = nil) {
        if let id { anyOutgoingListeners.removeAll { $0.id == id } } else { anyOutgoingListeners = [] }
    }

    // MARK: Leaving

    /// Runs `handler` when the socket starts leaving its namespace, while it is still in its rooms.
    public func onDisconnecting(_ handler: @escaping (DisconnectReason) -> Void) {
        loop.assertInEventLoop("Socket.onDisconnecting of \(id)")
        disconnectingHandlers.append(handler)
    }

    /// Runs `handler` once the socket has left its namespace (and every room).
    public func onDisconnect(_ handler: @escaping (DisconnectReason) -> Void) {
        loop.assertInEventLoop("Socket.onDisconnect of \(id)")
        disconnectHandlers.append(handler)
    }

    // MARK: Dispatch

    /// An EVENT arrived: the catch-all listeners, the packet middleware (`use`), then the event's handlers
    /// (Node `onevent` + `dispatch`).
    func dispatch(_ packet: SocketIOPacket) {
        guard let name = packet.eventName else { return }
        let arguments = packet.arguments
        for listener in anyListeners { listener.body(name, arguments) }
        runPacketMiddlewares(packet) { [self] in
            guard connected, let eventHandlers = handlers[name] else { return }
            let ack = packet.ackId.map { Acknowledgement(socket: self, id: $0) }
            for handler in eventHandlers { handler(arguments, ack) }
        }
    }

    func notifyOutgoing(_ event: String, _ arguments: [SocketIOValue]) {
        for listener in anyOutgoingListeners { listener.body(event, arguments) }
    }

    private func makeListenerID() -> ListenerID {
        loop.assertInEventLoop("the catch-all listeners of socket \(id)")
        nextListenerID += 1
        return ListenerID(value: nextListenerID)
    }
}
