// SPDX-License-Identifier: MIT

import SIOCommandLine
import SIOHTTP
import SIOServer

/// The chat of the Socket.IO "Get started" tutorial, plus the small event contract that the tests, the benchmarks
/// and the docs rely on. On the main namespace `/`:
///
/// | the client emits              | the server                                                              |
/// |-------------------------------|-------------------------------------------------------------------------|
/// | `chat message` (any payload)  | re-emits it to everyone, sender included (`io.emit`)                    |
/// | `join` / `leave` (room)       | joins / leaves the room, acknowledges with `true` (`false`: no room name)|
/// | `room message` (room, payload)| sends `room message` (room, payload) to the room's other members        |
/// | `echo` (anything)             | acknowledges with exactly the arguments it received                     |
/// | `broadcast` (payload)         | re-emits it to everyone as `broadcast`                                  |
/// | `ask` (anything)              | emits `question` with the same arguments to the sender, asking for an   |
/// |                               | ack (5 s), and acknowledges `ask` with the sender's answer              |
/// | `remember` (value)            | keeps it in `socket.data["remembered"]`, acknowledges with `true`       |
/// | `state`                       | acknowledges with `{id, recovered, rooms, data}` of the socket          |
///
/// `ask` is not in the docs' chat: it is there so that the interop tests exercise an acknowledgement requested
/// by the server, and it shows `emitWithAck` from a `Task`. On timeout, `ask` is acknowledged with
/// `{"error":"operation has timed out"}`. `remember` and `state` let the tests and the transcript of
/// docs/steps/04-rooms.md show what connection state recovery gives back (`--connection-state-recovery`).
enum ChatExample {
    static func install(on io: Server, log: Bool) {
        io.onConnection { socket in
            if log {
                let how = socket.recovered ? ", recovered" : ""
                Console.log("socket.io: \(socket.id) joined / (\(socket.conn.transportName)\(how))")
            }

            socket.on("chat message") { args in io.emit("chat message", args) }
            socket.on("broadcast") { args in io.emit("broadcast", args) }
            socket.on("echo") { args, ack in ack?(args) }

            socket.on("join") { args, ack in
                let room = args.first?.stringValue
                if let room { socket.join(room) }
                ack?(.bool(room != nil))
            }
            socket.on("leave") { args, ack in
                let room = args.first?.stringValue
                if let room { socket.leave(room) }
                ack?(.bool(room != nil))
            }
            socket.on("ask") { args, ack in
                Task {
                    do {
                        ack?(try await socket.timeout(.seconds(5)).emitWithAck("question", args))
                    } catch {
                        ack?(["error": .string("\(error)")])
                    }
                }
            }
            socket.on("remember") { args, ack in
                socket.data["remembered"] = args.first ?? .null
                ack?(true)
            }
            socket.on("state") { _, ack in
                let rooms = socket.rooms.sorted().map { SocketIOValue.string($0) }
                ack?([
                    "id": .string(socket.id), "recovered": .bool(socket.recovered), "rooms": .array(rooms),
                    "data": .object(socket.data),
                ])
            }
            socket.on("room message") { args in
                guard let room = args.first?.stringValue else { return }
                socket.to(room).emit("room message", args)
            }

            socket.onDisconnect { reason in
                if log { Console.log("socket.io: \(socket.id) left / (\(reason))") }
            }
        }
    }
}
