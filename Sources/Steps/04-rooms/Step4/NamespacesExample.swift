// SPDX-License-Identifier: MIT

import SIOServer

/// The namespaces demo: one connection, several namespaces (socket.io docs, "Namespaces").
///
/// - `/admin`, a static namespace, answers `echo` like `/` does.
/// - `/dynamic-<digits>` are dynamic namespaces: the first client to ask for `/dynamic-7` creates it. Each answers
///   `echo` and greets the newcomer with `hello` (its namespace name); `/random` still gets `Invalid namespace`.
enum NamespacesExample {
    static func install(on io: Server) {
        io.of("/admin").onConnection { socket in
            socket.on("echo") { args, ack in ack?(args) }
        }
        io.of(/^\/dynamic-\d+$/).onConnection { socket in
            socket.on("echo") { args, ack in ack?(args) }
            socket.emit("hello", .string(socket.namespace.name))
        }
    }
}
