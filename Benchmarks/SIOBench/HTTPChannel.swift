// SPDX-License-Identifier: MIT

import SIOConnect
import SIOHTTP

/// One keep-alive HTTP/1.1 connection of a `PollingLoadClient`: it sends a request, reads the
/// response (`HTTPResponseHead`) and hands it to its owner. One request at a time, as Engine.IO
/// polling allows per direction.
final class HTTPChannel: ConnectionHandler {
    private let target: ServerTarget
    private let loop: EventLoop
    weak var owner: PollingLoadClient?
    private var connection: Connection?
    private var pending: [UInt8] = []
    private var closedByUs = false

    var isOpen: Bool { connection != nil }

    init(target: ServerTarget, loop: EventLoop) {
        self.target = target
        self.loop = loop
    }

    /// Connects, then calls `ready` on the loop.
    func open(_ ready: @escaping () -> Void) {
        Connection.connect(host: target.host, port: target.port, loop: loop) { [self] result in
            switch result {
            case .failure(let error):
                owner?.channel(self, didFailWith: "\(error)")
            case .success(let connection):
                guard !closedByUs else { return connection.abort() }
                self.connection = connection
                connection.setHandler(self)
                ready()
            }
        }
    }

    func send(_ request: [UInt8]) {
        connection?.write(request)
    }

    func close() {
        closedByUs = true
        connection?.close()
        connection = nil
    }

    func connection(_ connection: Connection, didRead bytes: ArraySlice<UInt8>) {
        if pending.isEmpty {
            process(bytes)
        } else {
            pending.append(contentsOf: bytes)
            let all = pending
            pending = []
            process(all[...])
        }
    }

    func connectionDidClose(_ connection: Connection) {
        self.connection = nil
        if !closedByUs { owner?.channel(self, didFailWith: "closed by the server") }
    }

    private func process(_ bytes: ArraySlice<UInt8>) {
        var index = bytes.startIndex
        while index < bytes.endIndex, !closedByUs {
            do {
                guard let response = try HTTPResponseHead.parse(bytes, at: index) else { break }
                index = response.body.upperBound
                owner?.channel(self, didReceive: response.status, body: bytes[response.body])
            } catch {
                owner?.channel(self, didFailWith: "\(error)")
                return
            }
        }
        if index < bytes.endIndex, !closedByUs { pending.append(contentsOf: bytes[index...]) }
    }
}
