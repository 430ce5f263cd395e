// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Log lines to standard output, unbuffered.
///
/// `print` buffers when standard output is a pipe or a file, so a server's log would appear late
/// (or never, if it is killed). One `write(2)` per line goes out at once, and lines shorter than
/// `PIPE_BUF` are never interleaved with other writers'.
package enum Console {
    package static func log(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
    }
}
