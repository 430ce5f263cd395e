// SPDX-License-Identifier: MIT

/// How the servers of a group decide which of them answers a request.
extension HTTPServer {
    /// With one loop per core, `rule` names the loop (an index in the group, given its size) that owns the state
    /// a request is about, or `nil` when any loop may answer. A request that reaches another loop moves there,
    /// with its connection. Engine.IO installs a rule that reads the loop from the session id.
    ///
    /// Rules are asked in the order they were added; the first answer wins. Without a group they are never asked.
    public func placeRequests(by rule: @escaping (_ request: HTTPRequest, _ loops: Int) -> Int?) {
        ownerRules.append(rule)
    }

    /// The loop (out of `loops`) that owns `request` by the rules of `placeRequests(by:)`, or `nil`.
    public func owner(of request: HTTPRequest, loops: Int) -> Int? {
        ownerRules.lazy.compactMap { $0(request, loops) }.first
    }

    /// The server that should answer `request`, when it is not this one (`ConnectionPlacement`).
    func placement(of request: HTTPRequest, fresh: Bool) -> HTTPServer? {
        guard let group, group.servers.count > 1 else { return nil }
        let target = group.server(for: request, readBy: self, fresh: fresh)
        return target === self ? nil : target
    }

    /// Serves a connection another loop of the group moved here, starting with the request that loop had
    /// already read, then whatever bytes followed it.
    func adopt(_ detached: DetachedConnection, request: HTTPRequest, buffered: [UInt8]) {
        let connection = Connection(adopting: detached, loop: loop, limits: configuration.connectionLimits)
        serve(connection)?.resume(with: request, buffered: buffered)
    }
}
