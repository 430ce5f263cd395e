// SPDX-License-Identifier: MIT

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A client that sends and does not read, for back-pressure tests.
extension RawClient {
    /// Caps this socket's send buffer, so that once the server stops reading, sends block after kilobytes,
    /// not megabytes. (The receive buffer is left alone: a tiny one on loopback makes the kernel wait for
    /// its zero-window probes, and draining crawls.)
    public func shrinkSendBuffer(to bytes: Int32 = 16 * 1024) {
        var size = bytes
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends `unit` again and again, never reading, until the peer stops taking bytes (`stalls` sends in a
    /// row time out after `stallTimeout` each) or `limit` bytes went out. Returns how many bytes went out
    /// (the last unit may be cut); throws if the peer closed or reset the connection.
    public func sendUntilBlocked(
        _ unit: [UInt8], limit: Int, stallTimeout: Duration = .milliseconds(200), stalls: Int = 3
    ) throws -> Int {
        let (seconds, attoseconds) = stallTimeout.components
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let batch = Array([[UInt8]](repeating: unit, count: max(1, 16 * 1024 / unit.count)).joined())
        var sent = 0
        var stalled = 0
        while sent < limit && stalled < stalls {
            let offset = sent % batch.count
            let count = batch[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, min($0.count, limit - sent), Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
                stalled = 0
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                stalled += 1
            } else {
                throw Failure(description: "send failed after \(sent) bytes (errno \(errno))")
            }
        }
        return sent
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held. For state that
/// another thread reaches eventually (a server's loop), never for measuring how fast.
public func eventually(timeout: Duration = .seconds(5), _ condition: () throws -> Bool) rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return try condition()
}
