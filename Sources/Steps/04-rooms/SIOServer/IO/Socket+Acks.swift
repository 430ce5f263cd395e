// SPDX-License-Identifier: MIT

import SIOHTTP
import Synchronization

/// An acknowledgement the server waits for, by ack id (Node keeps a function in `socket.acks`).
enum PendingAck {
    /// From `socket.emit(..., ack:)`: one callback, maybe a timeout timer.
    case single(timer: LoopTimer?, callback: (Result<[SocketIOValue], AckError>) -> Void)
    /// From a broadcast with an acknowledgement: the broadcast collects the answer and owns the timeout.
    case broadcast(([SocketIOValue]) -> Void)
}

extension Socket {
    /// Waits for the ACK with `id`; after `timeout` (if any) the callback gets `.timedOut` and a late ACK is ignored.
    func expectAck(_ id: Int, timeout: Duration?, _ callback: @escaping (Result<[SocketIOValue], AckError>) -> Void) {
        var timer: LoopTimer?
        if let timeout {
            timer = loop.schedule(after: timeout) { [weak self] in
                guard case .single(_, let callback)? = self?.acks.removeValue(forKey: id) else { return }
                callback(.failure(.timedOut))
            }
        }
        acks[id] = .single(timer: timer, callback: callback)
    }

    /// Waits for this socket's answer to the broadcast packet with ack id `id` (what an `Adapter` calls).
    public func expectBroadcastAck(_ id: Int, _ onResponse: @escaping ([SocketIOValue]) -> Void) {
        acks[id] = .broadcast(onResponse)
    }

    /// Stops waiting for the ACK with `id` (a broadcast that timed out): for an adapter that delivered another
    /// server's broadcast here under its own ack id, and forgets it at that broadcast's timeout.
    public func forgetAck(_ id: Int) {
        acks[id] = nil
    }

    /// An ACK arrived; an unknown id (late, or never asked) is ignored, as in Node.
    func resolveAck(_ packet: SocketIOPacket) {
        guard let id = packet.ackId, let pending = acks.removeValue(forKey: id) else { return }
        switch pending {
        case .single(let timer, let callback):
            timer?.cancel()
            callback(.success(packet.arguments))
        case .broadcast(let onResponse):
            onResponse(packet.arguments)
        }
    }

    /// The socket left: single acknowledgements fail with `.disconnected` (so no `emitWithAck` waits forever);
    /// broadcast ones are dropped, and their broadcast ends at its timeout, as in Node.
    func failPendingAcks() {
        let pending = acks
        acks = [:]
        for case .single(let timer, let callback) in pending.values {
            timer?.cancel()
            callback(.failure(.disconnected))
        }
    }
}

/// The callback a handler gets when the client emitted with an acknowledgement (Node passes a function as the
/// last argument). Call it once with the answer; later calls do nothing, as in Node.
///
/// ```swift
/// socket.on("add") { args, ack in
///     let sum = args.compactMap(\.doubleValue).reduce(0, +)
///     ack?(.number(sum))          // the client's callback receives sum
/// }
/// ```
///
/// It may be kept and called later, from any thread (after some `await`, for example): it hops onto the loop.
/// Whichever call comes first wins; `sent` is atomic so that this needs no trust in where it is called from.
public final class Acknowledgement: Sendable {
    private let socket: Socket
    /// The id the client chose; the ACK packet repeats it.
    public let id: Int
    private let sent = Atomic<Bool>(false)

    init(socket: Socket, id: Int) {
        self.socket = socket
        self.id = id
    }

    /// Sends the ACK with `arguments` (bytes anywhere in them travel as attachments).
    public func callAsFunction(_ arguments: SocketIOValue...) { callAsFunction(arguments) }

    /// The same, with the arguments as an array.
    public func callAsFunction(_ arguments: [SocketIOValue]) {
        guard !sent.exchange(true, ordering: .relaxed) else { return }
        socket.loop.runOnLoop { [self] in
            let packet = SocketIOPacket.ack(arguments, namespace: socket.namespace.name, ackId: id)
            socket.client.write(packet)
        }
    }
}
