// SPDX-License-Identifier: MIT

/// The bound of the write buffer (`EngineConfiguration.maxBufferedPackets` and `maxBufferedBytes`).
///
/// Node's engine has no bound: a polling client that `POST`s but never `GET`s (a broken client, or one that means
/// harm, answering the pings blindly) makes the server queue everything sent to it, forever. Here, once more is
/// waiting than the bound allows after a flush, the session closes with `transport error`, the reason Node gives
/// when a transport cannot go on. Nothing is dropped silently: the layer above learns that the session is over, and
/// with it everything still queued, as when any transport fails.
///
/// The client sees what it sees of any session closed by an error: a pending `GET` gets `1`, and its next request
/// gets 400 `{"code":1,"message":"Session ID unknown"}`; a Socket.IO client then reconnects.
extension EngineSessionStateMachine {
    /// Whether the packets waiting for the transport are past the bound.
    var isWriteBufferOverBound: Bool {
        writeBuffer.count > maxBufferedPackets || writeBuffer.byteCount > maxBufferedBytes
    }

    /// Flushes, then closes the session if what still waits is past the bound.
    mutating func flushWithinBound() -> [Action] {
        let actions = flush()
        guard state == .open, isWriteBufferOverBound else { return actions }
        return actions + [.writeBufferFull] + terminate(.transportError)
    }
}
