// SPDX-License-Identifier: MIT

/// Checks UTF-8 as it arrives, one chunk at a time, and says "invalid" at the first byte that makes it so.
///
/// RFC 6455 §5.6: a text message must be valid UTF-8, and §8.1 says to fail the connection (close code 1007)
/// when it is not. A text message may arrive in many fragments, and a character may be split between two
/// of them, so the check must carry its state from one chunk to the next. Autobahn (cases 6.4.x) also
/// expects us to "fail fast": give up on the fragment where the text becomes invalid, not at the end.
///
/// The validator is a small automaton over the table of well-formed byte sequences (Unicode 15,
/// Table 3-7). Its state is "how many continuation bytes are still due, and in which range must the
/// next one be". The narrow ranges after `E0`, `ED`, `F0` and `F4` are what reject the three classic
/// mistakes, each at its second byte:
/// - overlong forms (`C0 AF` for "/", `E0 80 80`): `C0`, `C1` never start a character, and `E0` / `F0`
///   need a second byte of at least `A0` / `90`;
/// - UTF-16 surrogate halves U+D800...U+DFFF (`ED A0 80`): after `ED` the second byte stays below `A0`;
/// - code points above U+10FFFF (`F4 90 80 80`, `F5`...`FF`): after `F4` the second byte stays below `90`.
///
/// ```swift
/// var utf8 = UTF8Validator()
/// utf8.validate([0xCE, 0xBA, 0xE1])   // true: "κ" and the start of a 3-byte character
/// utf8.isComplete                     // false: the message must not end here
/// utf8.validate([0xBD, 0xB9])         // true, and now isComplete is true ("κό")
/// ```
package struct UTF8Validator: Sendable {
    /// What the automaton expects next.
    private enum State: Sendable {
        /// Between characters: any ASCII byte or a valid lead byte.
        case boundary
        /// `n` more continuation bytes in `80...BF`.
        case continuation(Int)
        /// One continuation byte in `range`, then `n` more in `80...BF`.
        case restricted(ClosedRange<UInt8>, then: Int)
        /// An invalid byte was seen; nothing can make the text valid again.
        case invalid
    }

    private var state = State.boundary

    package init() {}

    /// True when every byte so far was valid and the last character is whole: a text message may end here.
    package var isComplete: Bool {
        if case .boundary = state { return true }
        return false
    }

    /// Feeds the next chunk. Returns false as soon as the bytes so far cannot start any valid UTF-8 text;
    /// from then on it keeps returning false.
    package mutating func validate(_ bytes: ArraySlice<UInt8>) -> Bool {
        if case .invalid = state { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if case .boundary = state {
                    index = Self.skipASCII(buffer, from: index)
                    guard index < buffer.count else { break }
                }
                state = Self.next(after: state, byte: buffer[index])
                if case .invalid = state { return false }
                index += 1
            }
            return true
        }
    }

    /// Feeds the next chunk (see `validate(_:)` on a slice).
    package mutating func validate(_ bytes: [UInt8]) -> Bool {
        validate(bytes[...])
    }

    /// Most text is ASCII. Between characters we can skip 8 bytes at a time while none has its high bit set.
    private static func skipASCII(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let raw = UnsafeRawBufferPointer(buffer)
        while buffer.count - index >= 8 {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            guard word & 0x8080_8080_8080_8080 == 0 else { break }
            index += 8
        }
        while index < buffer.count, buffer[index] < 0x80 {
            index += 1
        }
        return index
    }

    /// One step of the automaton (Unicode Table 3-7, "Well-Formed UTF-8 Byte Sequences").
    private static func next(after state: State, byte: UInt8) -> State {
        switch state {
        case .boundary:
            switch byte {
            case 0x00...0x7F: return .boundary
            case 0xC2...0xDF: return .continuation(1)  // U+0080...U+07FF
            case 0xE0: return .restricted(0xA0...0xBF, then: 1)  // no overlong 3-byte forms
            case 0xE1...0xEC, 0xEE...0xEF: return .continuation(2)
            case 0xED: return .restricted(0x80...0x9F, then: 1)  // no surrogates U+D800...U+DFFF
            case 0xF0: return .restricted(0x90...0xBF, then: 2)  // no overlong 4-byte forms
            case 0xF1...0xF3: return .continuation(3)
            case 0xF4: return .restricted(0x80...0x8F, then: 2)  // nothing above U+10FFFF
            default: return .invalid  // 80...C1 (stray continuation, overlong 2-byte lead) and F5...FF
            }
        case .continuation(let remaining):
            guard 0x80...0xBF ~= byte else { return .invalid }
            return remaining == 1 ? .boundary : .continuation(remaining - 1)
        case .restricted(let range, let remaining):
            guard range ~= byte else { return .invalid }
            return .continuation(remaining)
        case .invalid:
            return .invalid
        }
    }
}
