// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The portable backend: plain `poll()`, available on every POSIX system.
///
/// It is the easiest to understand, so the workshop reads it first: an array of `pollfd`
/// (descriptor plus wanted events) goes to the kernel, which fills in what happened. The cost is
/// that every `wait` hands the kernel the whole array, so it slows down with many connections;
/// that is why Linux and macOS default to epoll and kqueue. Run any step with `SIO_POLLER=poll`
/// to use it.
package final class PollPoller: Poller {
    private var fds: [pollfd] = []
    /// Where each descriptor sits in `fds`, so modify and unregister are O(1).
    private var slots: [Int32: Int] = [:]

    package init() {}

    private static func mask(_ interest: IOEvents) -> Int16 {
        var mask: Int16 = 0
        if interest.contains(.read) { mask |= Int16(POLLIN) }
        if interest.contains(.write) { mask |= Int16(POLLOUT) }
        return mask
    }

    package func register(fd: Int32, interest: IOEvents) throws {
        slots[fd] = fds.count
        fds.append(pollfd(fd: fd, events: Self.mask(interest), revents: 0))
    }

    package func modify(fd: Int32, interest: IOEvents) throws {
        guard let slot = slots[fd] else { return }
        fds[slot].events = Self.mask(interest)
    }

    package func unregister(fd: Int32) {
        guard let slot = slots.removeValue(forKey: fd) else { return }
        let last = fds.removeLast()
        if slot < fds.count {
            fds[slot] = last
            slots[last.fd] = slot
        }
    }

    package func wait(timeout: Duration?, _ onReady: (Int32, IOEvents) -> Void) throws {
        let count = fds.withUnsafeMutableBufferPointer { buffer in
            poll(buffer.baseAddress, nfds_t(buffer.count), timeoutMilliseconds(timeout))
        }
        if count < 0 {
            if currentErrno() == EINTR { return }
            throw SystemError("poll")
        }
        guard count > 0 else { return }
        // Copy first: a callback may register or unregister descriptors while we iterate.
        let snapshot = fds
        for entry in snapshot where entry.revents != 0 {
            var ready: IOEvents = []
            if entry.revents & Int16(POLLIN) != 0 { ready.insert(.read) }
            if entry.revents & Int16(POLLOUT) != 0 { ready.insert(.write) }
            if entry.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { ready.insert(.hangup) }
            onReady(entry.fd, ready)
        }
    }
}
