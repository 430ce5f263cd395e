// SPDX-License-Identifier: MIT

import SIOHTTP

extension Socket {
    /// Starts `operation` on this socket's loop: the way to `await` in a handler.
    ///
    /// A handler is synchronous and runs on the loop. Work that has to wait (an acknowledgement, a database)
    /// goes into a task; started here, the task runs on the loop and resumes there after every `await`
    /// (`EventLoop.task`), so the code after the `await` may touch the socket like the handler could:
    ///
    /// ```swift
    /// socket.on("quiz") { _ in
    ///     socket.task {
    ///         let answer = try await socket.timeout(.seconds(10)).emitWithAck("question", "6 x 7?")
    ///         if answer.first == 42 { socket.join("winners") }
    ///         print(socket.rooms)                    // on the loop: the join above is already done
    ///     }
    /// }
    /// ```
    ///
    /// A plain `Task { ... }` would resume on Swift's global thread pool instead, where reading `socket.rooms` or
    /// `socket.data` races with the loop (and traps in a debug build).
    @discardableResult
    public func task<Success: Sendable>(
        priority: TaskPriority? = nil, _ operation: sending @escaping () async -> Success
    ) -> Task<Success, Never> {
        loop.task(priority: priority, operation)
    }

    /// The throwing form of `task(priority:_:)`: the task's `value` rethrows what `operation` throws.
    @discardableResult
    public func task<Success: Sendable>(
        priority: TaskPriority? = nil, _ operation: sending @escaping () async throws -> Success
    ) -> Task<Success, any Error> {
        loop.task(priority: priority, operation)
    }
}
