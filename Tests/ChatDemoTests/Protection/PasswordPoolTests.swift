// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import SIOHTTP
import SIOTestSupport
import Synchronization
import Testing

@Suite("Password pool: hashing off the event loop, with a bounded queue")
struct PasswordPoolTests {
    /// Waits (at most 10 s) until `condition` holds: for a state another thread reaches, not a speed.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }

    @Test("a job runs on a pool thread and its result comes back on the loop that submitted it")
    func resultOnItsLoop() throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let pool = PasswordWorkPool(threadCount: 1, queueLimit: 1)
        defer { pool.stop() }
        let done = Flag(), places = Mutex<[Bool]>([])
        let accepted = thread.sync {
            pool.submit(on: thread.loop, { thread.loop.inEventLoop }, then: { ranOnLoop in
                places.withLock { $0 = [ranOnLoop, thread.loop.inEventLoop] }
                done.set()
            })
        }
        #expect(accepted)
        #expect(done.wait(timeout: .seconds(10)))
        #expect(places.withLock { $0 } == [false, true])
    }

    @Test("while the password thread is busy the loop answers /health, one login waits, and the next gets 503 with Retry-After")
    func boundedQueue() throws {
        let server = try ChatTestServer {
            $0.passwordThreads = 1
            $0.passwordQueue = 1
        }
        defer { server.stop() }
        _ = try server.register("bob")
        let pool = server.app.shared.passwordPool, loop = server.app.loop, gate = Flag()
        #expect(try server.onLoop { pool.submit(on: loop, { _ = gate.wait(timeout: .seconds(30)) }, then: { _ in }) })
        #expect(Self.eventually { pool.currentStatistics.running == 1 })

        let waitingLogin = Flag(), status = Mutex<Int?>(nil)
        Thread.detachNewThread {
            status.withLock { $0 = try? LoginThrottleTests.rightLogin(server, "bob").status }
            waitingLogin.set()
        }
        #expect(Self.eventually { pool.currentStatistics.waiting == 1 })
        #expect(try server.request("GET", "/health").status == 200)
        let refused = try LoginThrottleTests.rightLogin(server, "bob")
        #expect(refused.status == 503)
        #expect(refused.response.header("Retry-After") == "1")

        gate.set()
        #expect(waitingLogin.wait(timeout: .seconds(30)))
        #expect(status.withLock { $0 } == 200)
        let metrics = try OperationsEndpointTests.scrape(server)
        #expect(metrics[#"chatdemo_password_jobs_total{outcome="rejected"}"#] == 1)
        #expect(metrics[#"chatdemo_password_jobs{state="waiting"}"#] == 0)
    }
}
