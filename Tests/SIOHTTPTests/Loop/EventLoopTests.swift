// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOTestSupport
import Synchronization
import Foundation
import Testing

@Suite("Event loop")
struct EventLoopTests {
    @Test("runs work sent from another thread")
    func execute() throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let ran = Flag()
        thread.loop.execute { ran.set() }
        #expect(ran.wait(timeout: .seconds(2)))
    }

    @Test("runs deferred work after the rest of the iteration, then the work it defers in turn")
    func endOfIteration() throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let order = Mutex<[String]>([])
        let done = Flag()
        thread.loop.execute {
            thread.loop.atEndOfIteration {
                order.withLock { $0.append("deferred") }
                thread.loop.atEndOfIteration {
                    order.withLock { $0.append("deferred by deferred work") }
                    done.set()
                }
            }
            order.withLock { $0.append("rest of the task") }
        }
        #expect(done.wait(timeout: .seconds(2)))
        #expect(order.withLock { $0 } == ["rest of the task", "deferred", "deferred by deferred work"])
    }

    @Test("fires timers in deadline order and skips cancelled ones")
    func timers() throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let order = Mutex<[Int]>([])
        let done = Flag()
        thread.sync {
            let loop = thread.loop
            loop.schedule(after: .milliseconds(30)) { order.withLock { $0.append(3) }; done.set() }
            loop.schedule(after: .milliseconds(10)) { order.withLock { $0.append(1) } }
            let cancelled = loop.schedule(after: .milliseconds(20)) { order.withLock { $0.append(2) } }
            cancelled.cancel()
        }
        #expect(done.wait(timeout: .seconds(2)))
        #expect(order.withLock { $0 } == [1, 3])
    }

    @Test("serves HTTP with the portable poll() backend too")
    func pollBackend() throws {
        let thread = try LoopThreadWithPoll()
        defer { thread.stop() }
        let client = try RawClient(port: thread.port)
        try client.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().text == "pong")
    }
}

/// A loop on its own thread that uses `PollPoller` explicitly.
final class LoopThreadWithPoll: Sendable {
    let loop: EventLoop
    let port: Int
    private let done = Flag()

    init() throws {
        loop = try EventLoop(poller: PollPoller())
        let server = HTTPServer(loop: loop)
        server.mount("/ping") { _, _ in .response(HTTPResponse(text: "pong")) }
        port = try server.start(host: "127.0.0.1", port: 0)
        let loop = loop, done = done, keep = LoopBound(server, loop: loop)
        Thread.detachNewThread {
            withExtendedLifetime(keep) { loop.run() }
            done.set()
        }
    }

    func stop() {
        loop.stop()
        _ = done.wait(timeout: .seconds(2))
    }
}
