// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import CSystem
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wakes a loop that is blocked in `Poller.wait` from another thread.
///
/// The loop always watches one extra descriptor: an `eventfd` on Linux, the read end of a pipe
/// elsewhere. Writing to it makes `wait` return, and the loop then runs the tasks that
/// `EventLoop.execute` queued.
final class Waker {
    let readFD: Int32
    private let writeFD: Int32

    init() throws {
        #if os(Linux)
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw SystemError("eventfd") }
        readFD = fd
        writeFD = fd
        #else
        var pair: [Int32] = [0, 0]
        guard pipe(&pair) == 0 else { throw SystemError("pipe") }
        for fd in pair { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        readFD = pair[0]
        writeFD = pair[1]
        #endif
    }

    deinit {
        close(readFD)
        if writeFD != readFD { close(writeFD) }
    }

    /// Safe from any thread. A full pipe or counter already means "wake up", so errors are ignored.
    func wake() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { write(writeFD, $0.baseAddress, $0.count) }
    }

    /// Called by the loop: empties the descriptor so the next `wait` blocks again.
    func drain() {
        var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &scratch, { read(readFD, $0.baseAddress, $0.count) }) > 0 {}
    }
}
