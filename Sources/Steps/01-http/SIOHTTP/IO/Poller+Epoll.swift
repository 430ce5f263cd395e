// SPDX-License-Identifier: MIT

#if os(Linux)
import CSystem
import Glibc

/// The Linux backend: one `epoll` instance, level-triggered.
///
/// epoll keeps the interest list in the kernel, so each `wait` costs time proportional to the
/// number of *ready* descriptors, not to all of them, which is why it scales to tens of thousands
/// of idle connections where `poll()` does not.
package final class EpollPoller: Poller {
    private let epfd: Int32
    private var events: [epoll_event]

    package init(maxEventsPerWait: Int = 256) throws {
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw SystemError("epoll_create1") }
        events = Array(repeating: epoll_event(), count: maxEventsPerWait)
    }

    deinit { close(epfd) }

    private static func mask(_ interest: IOEvents) -> UInt32 {
        var mask: UInt32 = 0
        if interest.contains(.read) { mask |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        if interest.contains(.write) { mask |= EPOLLOUT.rawValue }
        return mask
    }

    private func control(_ op: Int32, fd: Int32, interest: IOEvents) throws {
        var event = epoll_event()
        event.events = Self.mask(interest)
        event.data.fd = fd
        guard epoll_ctl(epfd, op, fd, &event) == 0 else { throw SystemError("epoll_ctl") }
    }

    package func register(fd: Int32, interest: IOEvents) throws {
        try control(EPOLL_CTL_ADD, fd: fd, interest: interest)
    }

    package func modify(fd: Int32, interest: IOEvents) throws {
        try control(EPOLL_CTL_MOD, fd: fd, interest: interest)
    }

    package func unregister(fd: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &event)
    }

    package func wait(timeout: Duration?, _ onReady: (Int32, IOEvents) -> Void) throws {
        let capacity = Int32(events.count)
        let count = events.withUnsafeMutableBufferPointer { buffer in
            epoll_wait(epfd, buffer.baseAddress, capacity, timeoutMilliseconds(timeout))
        }
        if count < 0 {
            if currentErrno() == EINTR { return }
            throw SystemError("epoll_wait")
        }
        for i in 0..<Int(count) {
            let raw = events[i].events
            var ready: IOEvents = []
            if raw & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 { ready.insert(.read) }
            if raw & EPOLLOUT.rawValue != 0 { ready.insert(.write) }
            if raw & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { ready.insert(.hangup) }
            onReady(events[i].data.fd, ready)
        }
    }
}
#endif
