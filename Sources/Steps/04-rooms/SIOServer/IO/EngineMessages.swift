// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP

extension Server {
    /// Encodes `packet` with this server's parser (`configuration.parser`), once for every receiver.
    ///
    /// The server only builds packets it can encode: namespace names are checked when the namespace is created
    /// (`Server.of`), ack ids come from a counter, and only EVENT and ACK carry user data. An encoding error here
    /// is therefore a bug in this module or in the parser, not bad input, hence the precondition. Public for
    /// adapters that encode a broadcast once and deliver it several times
    /// (`InMemoryAdapter.broadcast(_:encoded:options:)`).
    public func engineMessages(for packet: SocketIOPacket) -> [EngineMessage] {
        do {
            return try configuration.parser.encode(packet)
        } catch {
            preconditionFailure("SIOServer built a packet its parser cannot encode: \(error)")
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
