// SPDX-License-Identifier: MIT

/// Base64 (RFC 4648 §4) and base64url (RFC 4648 §5), written by hand.
///
/// Three steps of the workshop need it:
/// - Engine.IO long-polling carries binary packets as `b` + base64 (Engine.IO v4 spec, "Payload encoding").
/// - The WebSocket handshake answers with `base64(SHA-1(key + GUID))` (RFC 6455 §4.2.2).
/// - JSON Web Tokens are three base64url segments without padding (RFC 7515 §2, RFC 7519).
///
/// The idea: every 3 input bytes (24 bits) become 4 output characters of 6 bits each. A final group of
/// 1 or 2 bytes becomes 2 or 3 characters, and the standard alphabet pads the group to 4 with `=`.
///
/// Decoding is strict, because its input comes from the network: a character outside the alphabet,
/// misplaced or missing padding, or non-zero unused bits in the last character (RFC 4648 §3.5, which lets
/// decoders reject them) all give `nil`. Every encoder produces canonical output, so no real client is refused.
///
/// ```swift
/// Base64.encode(Array("foobar".utf8))   // "Zm9vYmFy"
/// Base64.decode("AQIDBA==")             // [1, 2, 3, 4]
/// Base64.encodeURL([0xfb, 0xff])        // "-_8"
/// ```
package enum Base64 {
    /// Encodes with the standard alphabet `A-Z a-z 0-9 + /` and `=` padding (RFC 4648 §4).
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: standardAlphabet, padding: true)
    }

    /// `encode` for an array, the common case (a SHA-1 digest, random bytes).
    ///
    /// The generic version above is compiled once, unspecialized, for callers in other modules (it is not
    /// `@inlinable`), and then works through witness tables: about 400 instructions per output character.
    /// This overload is what those callers pick for `[UInt8]`, and inside this module the compiler
    /// specializes the encoder for arrays.
    package static func encode(_ bytes: [UInt8]) -> String {
        encode(bytes, alphabet: standardAlphabet, padding: true)
    }

    /// `encodeURL` for an array (see `encode(_:)` for why it exists).
    package static func encodeURL(_ bytes: [UInt8]) -> String {
        encode(bytes, alphabet: urlAlphabet, padding: false)
    }

    /// Decodes standard, padded base64. The length must be a multiple of 4. Returns `nil` for invalid input.
    package static func decode(_ string: some StringProtocol) -> [UInt8]? {
        decode(utf8: string.utf8)
    }

    /// Encodes with the URL- and filename-safe alphabet `A-Z a-z 0-9 - _` and no padding
    /// (RFC 4648 §5, as JWTs and Engine.IO session ids use it).
    package static func encodeURL(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: urlAlphabet, padding: false)
    }

    /// Decodes unpadded base64url. `=` is refused, like any other character outside the alphabet.
    /// Returns `nil` for invalid input.
    package static func decodeURL(_ string: some StringProtocol) -> [UInt8]? {
        decode(string.utf8, table: urlTable, padded: false)
    }

    /// Appends the standard, padded encoding of `bytes` to `output` (no intermediate `String`).
    static func appendEncoded(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) {
        appendEncoded(bytes, alphabet: standardAlphabet, padding: true, to: &output)
    }

    /// Decodes standard, padded base64 given as UTF-8 bytes (a slice of a polling payload).
    static func decode(utf8 characters: some Collection<UInt8>) -> [UInt8]? {
        decode(characters, table: standardTable, padded: true)
    }

    // MARK: - Alphabets

    /// The 6-bit value of one base64url character (RFC 4648 §5), or `nil` outside the alphabet.
    static func urlDigit(_ character: UInt8) -> UInt8? {
        let value = urlTable[Int(character)]
        return value == invalid ? nil : value
    }

    private static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let padByte = UInt8(ascii: "=")
    /// Marks a byte that is not in the alphabet in a decoding table.
    private static let invalid: UInt8 = 0xFF

    /// `table[byte]` is the 6-bit value of the ASCII character `byte`, or `invalid`.
    private static let standardTable = decodingTable(for: standardAlphabet)
    private static let urlTable = decodingTable(for: urlAlphabet)

    private static func decodingTable(for alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }

    // MARK: - Encoding

    private static func encode(_ bytes: some Collection<UInt8>, alphabet: [UInt8], padding: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        appendEncoded(bytes, alphabet: alphabet, padding: padding, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendEncoded(
        _ bytes: some Collection<UInt8>, alphabet: [UInt8], padding: Bool, to output: inout [UInt8]
    ) {
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = second == nil ? nil : iterator.next()
            // Three bytes side by side: aaaaaaaa bbbbbbbb cccccccc -> 24 bits -> four 6-bit indexes.
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            if second != nil {
                output.append(alphabet[Int(group >> 6 & 0x3F)])
            } else if padding {
                output.append(padByte)
            }
            if third != nil {
                output.append(alphabet[Int(group & 0x3F)])
            } else if padding {
                output.append(padByte)
            }
        }
    }

    // MARK: - Decoding

    private static func decode(_ characters: some Collection<UInt8>, table: [UInt8], padded: Bool) -> [UInt8]? {
        var input = Array(characters)
        if padded {
            guard input.count % 4 == 0 else { return nil }
            // At most two `=`, and only at the very end (RFC 4648 §3.3: padding never appears elsewhere).
            var padCount = 0
            while padCount < 2, input.last == padByte {
                input.removeLast()
                padCount += 1
            }
        }
        // A final group of one character would carry only 6 bits: not even one byte.
        guard input.count % 4 != 1 else { return nil }

        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var group: UInt32 = 0
        var groupLength = 0
        for character in input {
            let value = table[Int(character)]
            guard value != invalid else { return nil }
            group = group << 6 | UInt32(value)
            groupLength += 1
            if groupLength == 4 {
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
                groupLength = 0
            }
        }
        switch groupLength {
        case 2:  // 12 bits: one byte plus 4 unused bits, which must be zero.
            guard group & 0xF == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:  // 18 bits: two bytes plus 2 unused bits, which must be zero.
            guard group & 0x3 == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 10))
            output.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return output
    }
}
