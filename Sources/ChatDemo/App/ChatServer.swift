// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP
import SIOLoops
import SIOServer

/// The ChatDemo process: one `ChatApp` per event loop, behind one port, behaving as one server.
///
/// One loop is one thread, so it uses one core at most. `--loops N` (one per core by default) runs N loops,
/// each with its own app: HTTP and Socket.IO servers, services, SQLite connection. The loops' HTTP servers
/// share the port (`HTTPServerGroup`: loop 0 reads each new connection's first request and hands the connection
/// to the loop that owns its Engine.IO session, or to the next loop in turn); their Socket.IO servers share rooms and broadcasts
/// (`LoopAdapterGroup`; with `--redis`, one loop per process and Redis between processes); what must be one
/// for the process is in `ChatShared`.
///
/// ```swift
/// let server = try ChatServer(configuration: configuration)
/// _ = try server.start()
/// server.run()          // until SIGTERM or SIGINT has shut every loop down
/// ```
///
/// `@unchecked Sendable`: each app is used only on its own loop (`shutdown` runs there), and nothing else
/// changes after `init`; the apps are read by the tests' `onLoop` and by setup before the loops run, so a
/// `LoopBound` per app would trap there.
final class ChatServer: @unchecked Sendable {
    let shared: ChatShared
    let loops: LoopGroup
    /// One app per loop: `apps[i]` lives on `loops.loops[i]`.
    let apps: [ChatApp]
    /// Keeps the HTTP servers joined (they refer to their group weakly).
    private let group: HTTPServerGroup

    /// Builds the shared parts, then every loop's app on that loop's thread. Call it on the thread that will
    /// call `run()` (the main thread), which runs loop 0.
    init(configuration: ChatConfiguration) throws {
        let shared = try ChatShared(configuration: configuration)
        let loops = try LoopGroup(count: configuration.loops)
        // The rooms the loops share. None with `--redis`: the process then runs one loop (`SettingsLoader`), and
        // Redis shares its rooms with the other processes.
        let adapters = configuration.redis == nil ? LoopAdapterGroup(loops: loops.loops) : nil
        apps = try loops.onEach { index, loop in
            try ChatApp(shared: shared, loop: loop, index: index, adapters: adapters)
        }
        group = HTTPServerGroup(apps.map(\.http))
        self.shared = shared
        self.loops = loops
    }

    /// Starts listening on loop 0, which accepts every connection and hands it to a loop; returns the bound port.
    func start() throws -> Int {
        try apps[0].start()
    }

    /// Serves on the calling thread until a SIGTERM or SIGINT has shut every loop down.
    ///
    /// The signal also marks the process not ready at once, on the thread that sees it: otherwise a `/ready`
    /// probe sent right after the SIGTERM could be handed to another loop and answered 200 while loop 0 has
    /// not yet woken up to start the shutdown.
    func run() {
        let markNotReady: @Sendable () -> Void = { [shared] in shared.markShuttingDown() }
        let signals = ShutdownSignals(loop: loops.loops[0], immediately: markNotReady) { [self] in
            shutdown { [self] in loops.stop() }
        }
        loops.run()
        withExtendedLifetime(signals) {}
    }

    /// Shuts every loop's app down at once (`ChatApp.shutdown`: not ready, sockets leave with `server shutting
    /// down`, connections close, the loop's store closes). Once the last has finished, the shared log says
    /// `stopped` and closes, and `completion` runs on loop 0.
    ///
    /// Every loop's `/ready` answers 503 from the first instant, before the other loops have even received
    /// their part: a load balancer probing right after the SIGTERM gets the same answer from every loop.
    func shutdown(completion: @escaping @Sendable () -> Void) {
        shared.markShuttingDown()
        let first = loops.loops[0]
        let started = first.now
        loops.forEach({ [self] index, done in apps[index].shutdown(completion: done) }) { [self] in
            shared.stopped(after: first.now - started)
            completion()
        }
    }
}
