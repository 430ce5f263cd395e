// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The calling thread as a number, so that an `Atomic` can hold which thread runs a loop.
///
/// `pthread_t` is an integer on Linux and a pointer on Darwin; both fit in a `UInt`, and no running thread is 0.
enum ThreadID {
    static var current: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }
}
