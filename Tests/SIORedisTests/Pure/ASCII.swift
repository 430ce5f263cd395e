// SPDX-License-Identifier: MIT

/// The bytes of `text` (for RESP vectors, which are mostly ASCII).
func ascii(_ text: String) -> [UInt8] {
    Array(text.utf8)
}
