// SPDX-License-Identifier: MIT

/// `"93 a6 41"` -> `[0x93, 0xa6, 0x41]`: test vectors are written the way `xxd` and Node's Buffer print bytes.
func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}

/// The bytes of `text` (for RESP vectors, which are mostly ASCII).
func ascii(_ text: String) -> [UInt8] {
    Array(text.utf8)
}
