// SPDX-License-Identifier: MIT

import SIOHTTP
import Synchronization

/// The metrics of the whole process: the `MetricsRegistry` of each event loop, each read on its own loop and
/// combined into one answer (`MetricCombination`).
///
/// A registry's closures read state confined to their loop (its connections, sessions, sockets), so they must
/// run there. A scrape therefore asks every loop with `execute`; each loop collects its families and sends them
/// back to the loop that received the request, which answers once all have replied. Prometheus then sees one
/// process, whichever loop its request was dealt to.
///
/// ```swift
/// metrics.add(registry, on: loop)                 // once per loop, as each loop's app is built
/// metrics.scrape(answeringOn: loop) { families in writer.send(... render(families) ...) }
/// ```
final class ProcessMetrics: Sendable {
    private let members = Mutex<[Member]>([])

    /// A loop's registry, held weakly: it belongs to that loop's app, and goes with it. Bound to that loop
    /// (`LoopBound`): reading it anywhere else traps in debug builds.
    private typealias Member = LoopBound<WeakRegistry>

    private final class WeakRegistry {
        weak var registry: MetricsRegistry?

        init(_ registry: MetricsRegistry) { self.registry = registry }
    }

    /// Adds the registry of `loop`; loops are combined in the order they were added.
    func add(_ registry: MetricsRegistry, on loop: EventLoop) {
        let member = Member(WeakRegistry(registry), loop: loop)
        members.withLock { $0.append(member) }
    }

    /// Collects every loop's families on that loop and calls `completion` on `origin` (the caller's loop) with
    /// the process's families.
    func scrape(answeringOn origin: EventLoop, completion: @escaping ([MetricFamily]) -> Void) {
        let members = members.withLock { $0 }
        guard !members.isEmpty else { return completion([]) }
        var collected = [[MetricFamily]](repeating: [], count: members.count)
        var waiting = members.count
        let receive = LoopBound({ (index: Int, families: [MetricFamily]) in
            collected[index] = families
            waiting -= 1
            if waiting == 0 { completion(MetricCombination.combine(collected)) }
        }, loop: origin)
        for (index, member) in members.enumerated() {
            member.loop.execute {
                let families = member.value.registry?.collect() ?? []
                origin.execute { receive.value(index, families) }
            }
        }
    }
}
