// SPDX-License-Identifier: MIT

/// `"93 a6 41"` -> `[0x93, 0xa6, 0x41]`: test vectors are written the way `xxd` and Node's Buffer print bytes.
public func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}
