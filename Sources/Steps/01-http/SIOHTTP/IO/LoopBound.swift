// SPDX-License-Identifier: MIT

/// A loop-confined value that may travel through other threads, and is checked when it is used: reading or
/// writing `value` off `loop` traps in debug builds, naming the loop (swift-nio's `NIOLoopBound`).
///
/// Swift 6 refuses to send non-`Sendable` values across threads, which is right in general. A value confined to
/// an event loop (a connection, a callback that touches sockets) must still travel *through* another thread
/// when work hops between loops or comes back from a worker: `loop.execute { bound.value(...) }`. The box makes
/// the hop compile and turns "only used back on its loop" from a comment into a check:
///
/// ```swift
/// let callback = LoopBound(completion, loop: loop)          // made anywhere
/// Thread.detachNewThread { loop.execute { callback.value(lookup()) } }   // used on `loop` only
/// ```
// `@unchecked Sendable`: the one place where a runtime check stands in for the compiler's. `Value` is not
// `Sendable`, and no static form says "usable on this loop only"; every access goes through
// `loop.assertInEventLoop`, so a use off the loop traps in debug builds instead of racing.
public struct LoopBound<Value>: @unchecked Sendable {
    /// The loop the value belongs to: the only thread where `value` may be read or written.
    public let loop: EventLoop
    /// `@usableFromInline` with `@inlinable` accessors: other modules (a broadcast between loops, a hop onto the
    /// loop) then read the field directly, and a release build, where the check compiles to nothing, pays nothing.
    @usableFromInline var stored: Value

    /// Boxes `value` for use on `loop`. Making the box is allowed anywhere: it is how the value starts its trip.
    @inlinable
    public init(_ value: Value, loop: EventLoop) {
        self.loop = loop
        stored = value
    }

    /// The value; on `loop` only (debug builds trap elsewhere, with the loop's name in the message).
    @inlinable
    public var value: Value {
        get {
            loop.assertInEventLoop("LoopBound<\(Value.self)>.value")
            return stored
        }
        set {
            loop.assertInEventLoop("LoopBound<\(Value.self)>.value")
            stored = newValue
        }
    }
}
