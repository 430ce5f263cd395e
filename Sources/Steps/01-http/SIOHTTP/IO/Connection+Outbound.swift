// SPDX-License-Identifier: MIT

/// The seam for outgoing connections: SIOConnect's `Connection.connect` (which the Redis client and the load
/// generator use) dials with these two calls and a non-blocking `connect(2)` of its own, so that the client half
/// lives beside the steps while the socket set-up and the `Connection` itself stay here, written once.
extension Connection {
    /// An unconnected TCP socket of `family` (`AF_INET` or `AF_INET6`), set up as an accepted one is: non-blocking,
    /// close-on-exec, no Nagle delay. Close it with `closeDescriptor` if it never becomes a connection.
    package static func makeSocket(family: Int32) throws(SystemError) -> Int32 {
        try Socket.stream(family: family)
    }

    /// A `Connection` around `fd`, a socket from `makeSocket(family:)` whose `connect(2)` has completed, registered
    /// on `loop`. From here it is the connection the server accepts, seen from the other end: the same write queue
    /// and back-pressure within `limits` (a peer that stops reading what we send is disconnected as a client would
    /// be). Set its handler before the loop reads it. Call on `loop`'s thread; when it throws, `fd` is still the
    /// caller's to close.
    package static func start(
        connected fd: Int32, loop: EventLoop, remoteAddress: String, limits: ConnectionLimits
    ) throws -> Connection {
        let connection = Connection(fd: fd, loop: loop, remoteAddress: remoteAddress, limits: limits)
        try connection.start()
        return connection
    }
}
