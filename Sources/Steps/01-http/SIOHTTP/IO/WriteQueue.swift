// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes a `Connection` still has to send, as the arrays they were written as, handed to `writev`
/// many at a time.
///
/// Arrays are copy-on-write, so a broadcast encoded once is queued on a thousand connections without a
/// thousand copies. Removing from the front of an array is O(n), so written chunks are dropped in batches:
/// the live ones start at `head`.
struct WriteQueue {
    private var chunks: [[UInt8]] = []
    private var head = 0
    /// How many bytes of `chunks[head]` were already written.
    private var headOffset = 0
    /// Bytes waiting, over all chunks.
    private(set) var byteCount = 0

    mutating func append(_ bytes: [UInt8]) {
        chunks.append(bytes)
        byteCount += bytes.count
    }

    /// Appends the non-empty chunks and returns how many bytes they hold.
    mutating func append(contentsOf more: [[UInt8]]) -> Int {
        var added = 0
        for chunk in more where !chunk.isEmpty {
            chunks.append(chunk)
            added += chunk.count
        }
        byteCount += added
        return added
    }

    /// One `writev` of up to 64 queued chunks; its result (bytes written, or -1 and `errno`).
    ///
    /// The `iovec` array lives on the stack (`withUnsafeTemporaryAllocation`): this runs for every
    /// message sent, and a heap allocation here would cost more than filling the vectors.
    func write(to fd: Int32) -> Int {
        let count = min(chunks.count - head, 64)
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
            withVectors(from: 0, count: count, into: vectors, fd: fd)
        }
    }

    /// Pins each chunk's storage with `withUnsafeBytes` (recursively, so all stay pinned at once)
    /// and calls `writev` at the innermost level. No pointer outlives its closure.
    private func withVectors(from index: Int, count: Int, into vectors: UnsafeMutableBufferPointer<iovec>, fd: Int32) -> Int {
        if index == count {
            return writev(fd, vectors.baseAddress, Int32(count))
        }
        let skip = index == 0 ? headOffset : 0
        return chunks[head + index].withUnsafeBytes { raw in
            vectors[index] = iovec(
                // Never nil: empty chunks are never queued (`Connection.write` and `append(contentsOf:)` skip them).
                iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + skip), iov_len: raw.count - skip)
            return withVectors(from: index + 1, count: count, into: vectors, fd: fd)
        }
    }

    /// Forgets the first `written` bytes: the kernel has them.
    mutating func consume(_ written: Int) {
        var remaining = written
        byteCount -= written
        while remaining > 0 {
            let available = chunks[head].count - headOffset
            if remaining >= available {
                remaining -= available
                head += 1
                headOffset = 0
            } else {
                headOffset += remaining
                remaining = 0
            }
        }
        if head == chunks.count {
            chunks.removeAll(keepingCapacity: chunks.count <= 16)
            head = 0
        } else if head >= 64 {
            chunks.removeFirst(head)
            head = 0
        }
    }

    /// Drops everything queued.
    mutating func removeAll() { self = WriteQueue() }

    /// Empties the queue and returns what was unsent, the first chunk cut where writing stopped.
    mutating func takeUnsent() -> [[UInt8]] {
        var unsent = Array(chunks[head...])
        if headOffset > 0 { unsent[0] = Array(unsent[0].dropFirst(headOffset)) }
        self = WriteQueue()
        return unsent
    }
}
