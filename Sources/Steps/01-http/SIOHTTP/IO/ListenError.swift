// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A listening socket that could not be opened: the address asked for and the system's reason, in the words
/// an operator needs (`cannot listen on 0.0.0.0:3000: Address already in use`), not the failing call's name.
public struct ListenError: Error, CustomStringConvertible {
    /// The host as given (`0.0.0.0`, `localhost`, `::1`).
    public let host: String
    /// The port as given (0 asks the system for a free one).
    public let port: Int
    /// The system's words: `Address already in use`, `Permission denied`, `Name or service not known`.
    public let reason: String

    /// `cannot listen on 0.0.0.0:3000: Address already in use` (IPv6 hosts in brackets).
    public var description: String {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return "cannot listen on \(address): \(reason)"
    }
}

extension ListenError {
    /// The reason `errno` names.
    init(host: String, port: Int, errno: Int32) {
        self.init(host: host, port: port, reason: String(cString: strerror(errno)))
    }
}
