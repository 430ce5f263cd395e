// SPDX-License-Identifier: MIT

/// Hex helpers for writing test vectors the way the RFCs print them.
enum Hex {
    /// Decodes hex digits, ignoring spaces and newlines (RFC vectors are often printed in groups).
    static func bytes(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        precondition(digits.count.isMultiple(of: 2), "odd number of hex digits")
        return stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(digits[index...index + 1]), radix: 16)!
        }
    }

    /// Encodes bytes as lowercase hex, for readable `#expect` failures.
    static func string(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
