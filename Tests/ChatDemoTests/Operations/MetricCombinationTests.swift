// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOHTTP
import SIOTestSupport
import Synchronization
import Testing

@Suite("Metrics of a process with several event loops")
struct MetricCombinationTests {
    static func family(
        _ name: String, _ kind: MetricFamily.Kind = .gauge, _ combination: MetricCombination = .sum,
        _ samples: [MetricSample]
    ) -> MetricFamily {
        MetricFamily(name: name, help: "h", kind: kind, samples: samples, combination: combination)
    }

    static func transport(_ value: Int, _ name: String) -> MetricSample {
        MetricSample(value, labels: [MetricLabel("transport", name)])
    }

    @Test("counters and counting gauges add up over the loops, sample by sample with the same labels")
    func sums() {
        let loops = [
            [Self.family("sio_bytes_sent_total", .counter, .sum, [MetricSample(100)]),
             Self.family("sio_engine_sessions", .gauge, .sum, [Self.transport(1, "polling"), Self.transport(2, "websocket")])],
            [Self.family("sio_bytes_sent_total", .counter, .sum, [MetricSample(20)]),
             Self.family("sio_engine_sessions", .gauge, .sum, [Self.transport(0, "polling"), Self.transport(5, "websocket")])],
        ]
        #expect(MetricCombination.combine(loops) == [
            Self.family("sio_bytes_sent_total", .counter, .sum, [MetricSample(120)]),
            Self.family("sio_engine_sessions", .gauge, .sum, [Self.transport(1, "polling"), Self.transport(7, "websocket")]),
        ])
    }

    @Test("a status is the lowest loop's: the process is ready, or connected, only if every loop is")
    func statuses() {
        let ready = { (value: Int) in [Self.family("chatdemo_ready", .gauge, .minimum, [MetricSample(value)])] }
        #expect(MetricCombination.combine([ready(1), ready(1)]) == ready(1))
        #expect(MetricCombination.combine([ready(1), ready(0), ready(1)]) == ready(0))
    }

    @Test("a value every loop reads from shared state is reported once, not once per loop")
    func shared() {
        let online = [Self.family("chatdemo_users_online", .gauge, .shared, [MetricSample(3)])]
        #expect(MetricCombination.combine([online, online]) == online)
    }

    @Test("a sample only one loop has is kept, and families and samples keep the order they first appear in")
    func partial() {
        let namespace = { (name: String, value: Int) in MetricSample(value, labels: [MetricLabel("namespace", name)]) }
        let loops = [
            [Self.family("sio_sockets_connected", .gauge, .sum, [namespace("/", 2)])],
            [Self.family("sio_sockets_connected", .gauge, .sum, [namespace("/", 1), namespace("/admin", 4)]),
             Self.family("redis_reconnections_total", .counter, .sum, [MetricSample(1)])],
        ]
        #expect(MetricCombination.combine(loops) == [
            Self.family("sio_sockets_connected", .gauge, .sum, [namespace("/", 3), namespace("/admin", 4)]),
            Self.family("redis_reconnections_total", .counter, .sum, [MetricSample(1)]),
        ])
    }

    @Test("a scrape reads each loop's registry on that loop and answers on the loop that asked")
    func scrapeOnEachLoop() throws {
        let threads = try [LoopThread(), LoopThread()]
        defer { for thread in threads { thread.stop() } }
        let metrics = ProcessMetrics()
        let registries = threads.map { thread in
            thread.sync {
                let registry = MetricsRegistry()
                registry.gauge("on_its_loop", help: "1 when read on the registry's loop.") { thread.loop.inEventLoop ? 1 : 0 }
                metrics.add(registry, on: thread.loop)
                return LoopBound(registry, loop: thread.loop)
            }
        }
        let answer = Mutex<(families: [MetricFamily], onAskingLoop: Bool)?>(nil)
        let done = Flag()
        threads[1].sync {
            metrics.scrape(answeringOn: threads[1].loop) { families in
                answer.withLock { $0 = (families, threads[1].loop.inEventLoop) }
                done.set()
            }
        }
        #expect(done.wait(timeout: .seconds(5)))
        let (families, onAskingLoop) = try #require(answer.withLock { $0 })
        #expect(onAskingLoop)
        #expect(families.map(\.name) == ["on_its_loop"] && families.first?.samples == [MetricSample(2)])
        withExtendedLifetime(registries) {}
    }
}
