// SPDX-License-Identifier: MIT

/// What a file descriptor is ready for, or what we want to hear about.
public struct IOEvents: OptionSet, Sendable {
    /// The bits: `read`, `write`, `hangup`.
    public let rawValue: UInt8
    /// A set from its bits (OptionSet).
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bytes (or a new connection, on a listening socket) can be read without blocking.
    public static let read = IOEvents(rawValue: 1 << 0)
    /// The socket buffer has room: a write will not block. Asked for only while data waits.
    public static let write = IOEvents(rawValue: 1 << 1)
    /// The peer hung up or the socket has an error. Always reported, never requested.
    public static let hangup = IOEvents(rawValue: 1 << 2)
}

/// The operating system's readiness API, behind one small protocol.
///
/// The loop asks "which of my file descriptors can I read or write without blocking?". Linux
/// answers with epoll, macOS with kqueue, and every POSIX system with `poll()`. The three
/// backends (`Poller+Epoll.swift`, `Poller+Kqueue.swift`, `Poller+Poll.swift`) implement this
/// protocol, in the style of swift-nio's `_SelectorBackendProtocol`.
///
/// All backends are level-triggered: a readable socket is reported again on every `wait` until it
/// is drained. That is simple to reason about, and the one trap is write interest: a socket is
/// almost always writable, so asking for `.write` while nothing is queued spins the CPU at 100 %.
/// `Connection` asks for `.write` only while its write queue is non-empty.
public protocol Poller: AnyObject {
    /// Starts watching `fd` for `interest` (`epoll_ctl(ADD)`, `EV_ADD`, or a new `pollfd`).
    func register(fd: Int32, interest: IOEvents) throws
    /// Changes what `fd` is watched for: `.write` is added while a write queue is non-empty and removed after.
    func modify(fd: Int32, interest: IOEvents) throws
    /// Stops watching `fd`; called before the descriptor is closed, so a reused number starts clean.
    func unregister(fd: Int32)
    /// Blocks until at least one descriptor is ready or `timeout` passes (`nil`: no timeout), then
    /// reports each ready descriptor once.
    func wait(timeout: Duration?, _ onReady: (Int32, IOEvents) -> Void) throws
}

/// The best poller for this platform: epoll on Linux, kqueue on macOS, `poll()` elsewhere.
public func makeDefaultPoller() throws -> any Poller {
    #if os(Linux)
    return try EpollPoller()
    #elseif canImport(Darwin)
    return try KqueuePoller()
    #else
    return PollPoller()
    #endif
}

/// Milliseconds for `poll`/`epoll_wait`, rounded up so a timer is never woken a little early.
func timeoutMilliseconds(_ timeout: Duration?) -> Int32 {
    guard let timeout else { return -1 }
    if timeout <= .zero { return 0 }
    let (seconds, attoseconds) = timeout.components
    let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(clamping: millis)
}
