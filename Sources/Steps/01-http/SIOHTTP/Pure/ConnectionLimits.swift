// SPDX-License-Identifier: MIT

/// How many outbound bytes one connection may hold, and for how long: the memory budget of a peer that
/// sends but does not read.
///
/// Every byte a connection is asked to send waits in its write queue until the kernel takes it, and the
/// kernel takes it only as fast as the peer reads. A peer that sends requests (or WebSocket pings, or
/// acknowledged events) and never reads the answers would make that queue grow for ever. Three limits
/// stop it, all enforced where bytes are queued (`Connection.write`, see `BackPressure`):
///
/// - past `highWaterMark` the connection stops being read at once: nothing new to answer, and the peer's
///   TCP window closes, so the peer itself is slowed down (real back-pressure). Reading resumes once the
///   queue is back under `lowWaterMark`; the gap between the two keeps a connection near the mark from
///   pausing and resuming on every write.
/// - a peer that keeps the queue over the high-water mark (or a closing connection's last bytes unsent)
///   for `slowReaderTimeout` is disconnected: its budget is given back.
/// - a write that finds the queue already over the high-water mark and takes it past `maxQueuedBytes`
///   disconnects at once. Reading is paused by then, so what still arrives is pushed by the server itself
///   (broadcasts to a peer that stopped reading); a burst of those is tolerated up to the cap.
///
/// A write onto a queue under the high-water mark is always accepted, whatever its size: that peer was
/// keeping up, and the size of one response or message is the application's choice, not the peer's. So a
/// connection holds at most `max(maxQueuedBytes, highWaterMark + the largest single write)` outbound bytes.
///
/// ```swift
/// var configuration = HTTPServer.Configuration()
/// configuration.connectionLimits.maxQueuedBytes = 16 << 20   // a server that broadcasts big messages
/// ```
public struct ConnectionLimits: Sendable, Equatable {
    /// Queued bytes above which reading stops (1 MiB: a few hundred chat messages, or a handful of
    /// static files, more than a reading peer ever lags behind on loopback or a LAN).
    public var highWaterMark = 1 << 20
    /// Queued bytes under which reading resumes (256 KiB).
    public var lowWaterMark = 1 << 18
    /// The hard cap (4 MiB): four times the high-water mark, so a peer whose reading stalls for a moment
    /// (a phone waking its radio) survives a burst of broadcasts, while one that never reads costs at
    /// most 4 MiB plus the kernel's socket buffers. Far under the 64 MiB a single peer may ever cost.
    public var maxQueuedBytes = 4 << 20
    /// How long the queue may stay over the high-water mark (or a closing connection may take to write
    /// its last bytes) before the peer is disconnected as a slow reader. 30 s, like the idle timeout.
    public var slowReaderTimeout: Duration = .seconds(30)

    /// The defaults: 1 MiB high water, 256 KiB low water, 4 MiB hard cap, 30 s slow-reader timeout.
    public init() {}
}
