// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP

extension SocketIOWirePacket {
    /// The Engine.IO messages that carry this packet: the text, then one binary message per attachment.
    /// The engine sends them as one batch, so the attachments follow their text on the wire.
    var engineMessages: [EngineMessage] {
        var messages: [EngineMessage] = [.text(text)]
        messages.reserveCapacity(1 + attachments.count)
        for attachment in attachments { messages.append(.binary(attachment)) }
        return messages
    }
}

extension SocketIOPacket {
    /// Encodes the packet for the engine.
    ///
    /// The server only builds packets it can encode: namespace names are checked when the namespace is created
    /// (`Server.of`), ack ids come from a counter, and only EVENT and ACK carry user data. An encoding error here
    /// is therefore a bug in this module, not bad input, hence the precondition. Public for adapters that encode a
    /// broadcast once and deliver it several times (`InMemoryAdapter.broadcast(_:encoded:options:)`).
    public var engineMessages: [EngineMessage] {
        do {
            return try SocketIOPacketEncoder.encode(self).engineMessages
        } catch {
            preconditionFailure("SIOServer built a packet it cannot encode: \(error)")
        }
    }
}

extension EventLoop {
    /// Runs `body` now when called on the loop thread, otherwise on the loop soon (in call order).
    ///
    /// Sockets, namespaces and rooms live on the loop and have no locks. Their sending methods go through this,
    /// so that code running elsewhere (a `Task` that awaited `emitWithAck`, a callback of another library) can
    /// still call `socket.emit` safely. `package`: SIOCluster's operations hop the same way.
    package func runOnLoop(_ body: @escaping () -> Void) {
        if inEventLoop {
            body()
        } else {
            let bound = LoopBound(body, loop: self)
            execute { bound.value() }
        }
    }
}
