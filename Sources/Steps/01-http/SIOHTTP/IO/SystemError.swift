// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call, with the call's name and `errno`'s text.
public struct SystemError: Error, CustomStringConvertible {
    /// The call that failed, as written in logs (`connect([::1]:6379)`, `fcntl`).
    public let call: String
    /// The `errno` the call left.
    public let errno: Int32

    /// Captures `errno` now (by default), before another call overwrites it.
    public init(_ call: String, errno: Int32 = currentErrno()) {
        self.call = call
        self.errno = errno
    }

    /// `connect: Connection refused`: the call and `strerror(errno)`.
    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}

/// `errno` under one name on both platforms.
@inline(__always)
public func currentErrno() -> Int32 {
    #if canImport(Glibc)
    return Glibc.errno
    #else
    return Darwin.errno
    #endif
}
