// SPDX-License-Identifier: MIT

/// A binary min-heap of deadlines: the event loop's timer queue.
///
/// Every connection has timers (idle, head timeout, ping), and most are cancelled before they
/// fire. A heap gives `O(log n)` insertion and the earliest deadline in `O(1)`, which is what
/// the loop asks before each `poll`: "how long may I sleep?". Cancelling only marks an entry;
/// it is dropped when it reaches the top (lazy deletion keeps cancel `O(1)`).
package struct TimerHeap<Payload> {
    package struct Entry {
        package let deadline: Duration
        /// Breaks ties so timers with equal deadlines fire in the order they were scheduled.
        package let sequence: UInt64
        package let payload: Payload
    }

    private var entries: [Entry] = []
    private var nextSequence: UInt64 = 0

    package init() {}

    package var count: Int { entries.count }
    package var isEmpty: Bool { entries.isEmpty }

    /// The earliest deadline, if any.
    package var nextDeadline: Duration? { entries.first?.deadline }

    package mutating func insert(_ payload: Payload, deadline: Duration) {
        entries.append(Entry(deadline: deadline, sequence: nextSequence, payload: payload))
        nextSequence &+= 1
        siftUp(entries.count - 1)
    }

    /// Removes and returns the earliest entry whose deadline is at or before `now`.
    package mutating func popExpired(now: Duration) -> Payload? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(0)
        }
        return first.payload
    }

    private func isOrdered(_ a: Int, before b: Int) -> Bool {
        let x = entries[a], y = entries[b]
        return x.deadline < y.deadline || (x.deadline == y.deadline && x.sequence < y.sequence)
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard isOrdered(child, before: parent) else { return }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count && isOrdered(left, before: smallest) { smallest = left }
            if right < entries.count && isOrdered(right, before: smallest) { smallest = right }
            guard smallest != parent else { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
