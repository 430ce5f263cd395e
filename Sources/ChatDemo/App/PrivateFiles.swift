// SPDX-License-Identifier: MIT

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files and directories only the server's user may read: the database, the logs, the secret.
///
/// Modes passed to `open` and `mkdir` are filtered by the umask, and a file that already exists keeps its
/// mode; so each call sets the mode explicitly (`fchmod`, `chmod`) after creating or opening. A permissive
/// umask (0000) or an earlier version's 0644 file then cannot leave chat history or logs readable by other
/// local users. SQLite gives its `-wal` and `-shm` files the database file's mode (it `fchmod`s them to it),
/// so making the database 0600 before SQLite opens it is enough for all three.
enum PrivateFiles {
    static let fileMode: mode_t = 0o600
    static let directoryMode: mode_t = 0o700

    /// Creates `path` (and missing parents) as a 0700 directory, or makes an existing one 0700.
    static func makeDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } else if !isDirectory.boolValue {
            throw ConfigurationError("\(path) exists and is not a directory")
        }
        guard chmod(path, directoryMode) == 0 else { throw ConfigurationError("cannot chmod \(path): \(reason())") }
    }

    /// Creates `path` if needed and makes it a 0600 file.
    static func prepareFile(_ path: String) throws {
        let descriptor = try openFile(path, flags: O_WRONLY)
        close(descriptor)
    }

    /// Opens `path` for appending, created if needed, as a 0600 file; the caller closes the descriptor.
    static func openForAppending(_ path: String) throws -> Int32 {
        try openFile(path, flags: O_WRONLY | O_APPEND)
    }

    /// True when group or others may read or enter `path` (the operator's own choice for `--data`: warned about).
    static func isShared(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & 0o077 != 0
    }

    private static func openFile(_ path: String, flags: Int32) throws -> Int32 {
        let descriptor = open(path, flags | O_CREAT | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw ConfigurationError("cannot open \(path): \(reason())") }
        guard fchmod(descriptor, fileMode) == 0 else {
            let message = reason()
            close(descriptor)
            throw ConfigurationError("cannot chmod \(path): \(message)")
        }
        return descriptor
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
