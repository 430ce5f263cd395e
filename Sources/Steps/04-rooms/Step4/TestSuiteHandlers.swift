// SPDX-License-Identifier: MIT

import SIOServer

/// What the official Socket.IO v5 test suite expects of the server (socket.io `docs/socket.io-protocol/v5-test-suite`,
/// its README's "Test suite" section), installed only with `--test-suite`:
///
/// - on connection to `/` and to `/custom`, emit `auth` with the CONNECT payload (`42["auth",{}]`);
/// - echo `message` back as `message-back`, binary attachments included;
/// - acknowledge `message-with-ack` with its arguments.
///
/// The rest of the suite's configuration (path `/socket.io/`, ping 300/200 ms, CORS for any origin,
/// `connectTimeout` 1000 ms) comes from `ServerConfiguration.apply(_:)`.
enum TestSuiteHandlers {
    static func install(on io: Server) {
        for namespace in [io.sockets, io.of("/custom")] {
            namespace.onConnection { socket in
                socket.emit("auth", .object(socket.handshake.auth.mapValues(SocketIOValue.init)))
                socket.on("message") { args in socket.emit("message-back", args) }
                socket.on("message-with-ack") { args, ack in ack?(args) }
            }
        }
    }
}
