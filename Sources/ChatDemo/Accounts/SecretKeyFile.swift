// SPDX-License-Identifier: MIT

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server's token-signing secret, generated on first start and kept in a file only its owner can read.
///
/// Why a file and not a fresh secret per run: every token would become invalid at each restart, and
/// clients that reconnect after a deploy would all be logged out. Why generated, not configured: a
/// fresh machine then starts with a strong secret, and nobody ships the example secret of a README.
///
/// The file holds 64 random bytes as hex (text, so an operator can rotate it by deleting the file:
/// all tokens are then invalid and everyone logs in again). It is created with mode 0600 and
/// `O_EXCL`, so an existing file is never overwritten and no other user can ever read it.
enum SecretKeyFile {
    static let byteCount = 64

    /// The secret stored at `path`, created first if the file does not exist.
    static func loadOrCreate(at path: String) throws -> (secret: [UInt8], created: Bool) {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let secret = decodeHex(text.trimmingCharacters(in: .whitespacesAndNewlines)), secret.count >= 32 else {
                throw ConfigurationError("\(path) does not hold a hex secret of at least 32 bytes; delete it to generate a new one")
            }
            // A file copied in by hand, or by an older version, may be readable by others: no longer.
            guard chmod(path, 0o600) == 0 else { throw ConfigurationError("cannot chmod \(path): \(String(cString: strerror(errno)))") }
            return (secret, false)
        }
        let secret = RandomText.bytes(count: byteCount)
        let text = secret.map { String($0, radix: 16).leftPadded(to: 2) }.joined() + "\n"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ConfigurationError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw ConfigurationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return (secret, true)
    }

    private static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

extension String {
    /// The string with zeros in front up to `width` characters ("7" -> "07").
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
