// SPDX-License-Identifier: MIT

/// How the servers of an `HTTPServerGroup` (one per loop) decide which of them answers a request.
extension HTTPServer {
    /// With one loop per core, `rule` names the loop (an index in the group, given its size) that owns the state
    /// a request is about, or `nil` when any loop may answer. A request that reaches another loop moves there,
    /// with its connection. Engine.IO installs a rule that reads the loop from the session id.
    ///
    /// Rules are asked in the order they were added; the first answer wins. Without a group they are never asked.
    public func placeRequests(by rule: @escaping (_ request: HTTPRequest, _ loops: Int) -> Int?) {
        ownerRules.append(rule)
    }

    /// The server that should answer `request`, when it is not this one.
    ///
    /// The first request of a connection the listener just accepted (`fresh`) goes to its owner, or, when
    /// nothing owns it, to the group's next server in turn: that is how connections are spread over the loops.
    /// Every later request goes to its owner if it has one, and stays here otherwise.
    func placement(of request: HTTPRequest, fresh: Bool) -> HTTPServer? {
        guard let group, group.servers.count > 1 else { return nil }
        let owner = ownerRules.lazy.compactMap { $0(request, group.servers.count) }.first
        let target = owner.map { group.servers[$0] } ?? (fresh ? group.nextServer() : self)
        return target === self ? nil : target
    }

    /// Serves a connection another loop of the group moved here, starting with the request that loop had
    /// already read, then whatever bytes followed it.
    func adopt(_ detached: DetachedConnection, request: HTTPRequest, buffered: [UInt8]) {
        let connection = Connection(adopting: detached, loop: loop, limits: configuration.connectionLimits)
        serve(connection)?.resume(with: request, buffered: buffered)
    }
}
