// SPDX-License-Identifier: MIT

#if canImport(Darwin)
import Darwin

/// The macOS and BSD backend: `kqueue`.
///
/// kqueue registers read and write interest as two separate filters, so changing interest means
/// adding or deleting the `EVFILT_WRITE` filter. Like the epoll backend it is level-triggered
/// (no `EV_CLEAR`), so the loop's logic is the same on both systems.
package final class KqueuePoller: Poller {
    private let kq: Int32
    private var interests: [Int32: IOEvents] = [:]
    private var events: [kevent]

    package init(maxEventsPerWait: Int = 256) throws {
        kq = kqueue()
        guard kq >= 0 else { throw SystemError("kqueue") }
        events = Array(repeating: kevent(), count: maxEventsPerWait)
    }

    deinit { close(kq) }

    private func change(fd: Int32, filter: Int16, add: Bool) throws {
        var event = kevent(
            ident: UInt(fd), filter: filter, flags: UInt16(add ? EV_ADD : EV_DELETE),
            fflags: 0, data: 0, udata: nil)
        let result = kevent(kq, &event, 1, nil, 0, nil)
        if result < 0 && !(currentErrno() == ENOENT && !add) { throw SystemError("kevent") }
    }

    private func apply(fd: Int32, from old: IOEvents, to new: IOEvents) throws {
        if old.contains(.read) != new.contains(.read) {
            try change(fd: fd, filter: Int16(EVFILT_READ), add: new.contains(.read))
        }
        if old.contains(.write) != new.contains(.write) {
            try change(fd: fd, filter: Int16(EVFILT_WRITE), add: new.contains(.write))
        }
        interests[fd] = new
    }

    package func register(fd: Int32, interest: IOEvents) throws {
        try apply(fd: fd, from: [], to: interest)
    }

    package func modify(fd: Int32, interest: IOEvents) throws {
        try apply(fd: fd, from: interests[fd] ?? [], to: interest)
    }

    package func unregister(fd: Int32) {
        try? apply(fd: fd, from: interests[fd] ?? [], to: [])
        interests[fd] = nil
    }

    package func wait(timeout: Duration?, _ onReady: (Int32, IOEvents) -> Void) throws {
        var spec = timespec()
        var specPointer: UnsafeMutablePointer<timespec>? = nil
        if let timeout {
            let (seconds, attoseconds) = max(timeout, .zero).components
            spec.tv_sec = Int(seconds)
            spec.tv_nsec = Int(attoseconds / 1_000_000_000)
        }
        let count = withUnsafeMutablePointer(to: &spec) { pointer -> Int32 in
            if timeout != nil { specPointer = pointer }
            return events.withUnsafeMutableBufferPointer { buffer in
                kevent(kq, nil, 0, buffer.baseAddress, Int32(buffer.count), specPointer)
            }
        }
        if count < 0 {
            if currentErrno() == EINTR { return }
            throw SystemError("kevent")
        }
        for i in 0..<Int(count) {
            let event = events[i]
            var ready: IOEvents = []
            if event.filter == Int16(EVFILT_READ) { ready.insert(.read) }
            if event.filter == Int16(EVFILT_WRITE) { ready.insert(.write) }
            if event.flags & UInt16(EV_EOF) != 0 || event.flags & UInt16(EV_ERROR) != 0 { ready.insert(.hangup) }
            onReady(Int32(event.ident), ready)
        }
    }
}
#endif
