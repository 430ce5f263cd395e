// SPDX-License-Identifier: MIT

import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT (Ctrl-C) and SIGTERM (systemd, Docker, `kill`) into a call on the event loop.
///
/// A signal handler may run at any moment on any thread and may only call async-signal-safe
/// functions, so it must not touch the server. Dispatch's signal sources do the safe part for us
/// and then call our closure on a normal queue, from where `loop.execute` carries it to the loop.
public final class ShutdownSignals {
    private var sources: [any DispatchSourceSignal] = []

    /// Calls `handler` on `loop`'s thread for the first SIGINT or SIGTERM; a second one exits at once.
    ///
    /// `immediately`, if given, runs first, on the signal's own (Dispatch) thread, before `loop` has even woken:
    /// for thread-safe work that must not wait for a busy loop, such as marking a process with several loops not
    /// ready (ChatDemo), so that no loop answers a readiness probe with 200 after the signal.
    public init(loop: EventLoop, immediately: (@Sendable () -> Void)? = nil, _ handler: @escaping () -> Void) {
        let handler = LoopBound(handler, loop: loop)
        let received = LoopBound(Counter(), loop: loop)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                immediately?()
                loop.execute {
                    received.value.count += 1
                    if received.value.count > 1 { exit(1) }
                    handler.value()
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    private final class Counter { var count = 0 }
}
