// SPDX-License-Identifier: MIT

/// Where connections report a peer disconnected for breaking its budget (`ConnectionLimits`): counted for
/// `HTTPServerStatistics` and written to the server's log.
///
/// One per server, shared by its connections (like `OpenConnectionCount`); a connection that moves to
/// another loop of a group reports to that loop's server. Touched only on the loop thread: plain integers.
final class BackPressureLog {
    /// Peers that kept the write queue over the high-water mark for `slowReaderTimeout`.
    private(set) var slowReaderDisconnects = 0
    /// Peers whose write queue passed `maxQueuedBytes`.
    private(set) var overflowDisconnects = 0
    private let write: (String) -> Void

    /// `write` receives one line per disconnect.
    init(write: @escaping (String) -> Void) {
        self.write = write
    }

    func slowReader(_ connection: Connection, unsent: Int) {
        slowReaderDisconnects += 1
        write("\(connection.remoteAddress) - slow reader: \(unsent) bytes unsent for \(connection.limits.slowReaderTimeout), disconnected")
    }

    func overflow(_ connection: Connection, queued: Int) {
        overflowDisconnects += 1
        write("\(connection.remoteAddress) - write queue over \(connection.limits.maxQueuedBytes) bytes (\(queued)), disconnected")
    }
}
