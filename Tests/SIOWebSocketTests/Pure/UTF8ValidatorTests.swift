// SPDX-License-Identifier: MIT

import Testing

@testable import SIOWebSocket

struct UTF8ValidatorTests {
    /// What `validate` answered for each chunk, in order, and whether the text may end after the last one.
    private struct Run: Equatable {
        var answers: [Bool]
        var isComplete: Bool
    }

    private func run(_ chunks: [UInt8]...) -> Run {
        var utf8 = UTF8Validator()
        let answers = chunks.map { utf8.validate($0) }
        return Run(answers: answers, isComplete: utf8.isComplete)
    }

    /// Complete, valid texts, including the edges of each length class.
    @Test(
        "accepts well-formed UTF-8, from ASCII to 4-byte characters",
        arguments: [
            "", "41", "68656c6c6f2c20776f726c6421",  // "", "A", "hello, world!"
            "cebae1bdb9cf83cebcceb5",  // "κόσμε" (Autobahn 6.2.1)
            "c280", "dfbf",  // U+0080, U+07FF: first and last 2-byte characters
            "e0a080", "ed9fbf", "ee8080", "efbfbf",  // U+0800, U+D7FF, U+E000, U+FFFF around the surrogates
            "f09f9880",  // U+1F600, a 4-byte emoji
            "f0908080", "f48fbfbf",  // U+10000, U+10FFFF: first and last 4-byte characters
        ])
    func acceptsValidText(text: String) {
        #expect(run(hex(text)) == Run(answers: [true], isComplete: true))
    }

    /// Each of these is invalid at its last byte: the validator must say so on that byte, not later.
    @Test(
        "rejects overlongs, surrogates, code points above U+10FFFF and stray bytes at the first bad byte",
        arguments: [
            "c0", "c1",  // leads of overlong 2-byte forms (C0 AF would be "/"): never valid
            "e080", "e09f",  // overlong 3-byte forms: after E0 the second byte must be >= A0
            "f080", "f08f",  // overlong 4-byte forms: after F0 the second byte must be >= 90
            "eda0", "edbf",  // UTF-16 surrogate halves U+D800, U+DFFF
            "f490", "f5", "ff", "fe",  // above U+10FFFF, and bytes that never appear in UTF-8
            "80", "bf",  // a continuation byte with no lead byte
            "c241", "e18041", "f0908041",  // a lead byte followed by too few continuation bytes
        ])
    func rejectsAtTheFirstBadByte(text: String) {
        let bytes = hex(text)
        #expect(run(Array(bytes.dropLast()), [bytes.last!]) == Run(answers: [true, false], isComplete: false))
    }

    @Test("says a text cut inside a character is valid so far but not complete", arguments: ["c2", "e180", "f09f98"])
    func truncatedIsNotComplete(text: String) {
        #expect(run(hex(text)) == Run(answers: [true], isComplete: false))
    }

    @Test("follows a 4-byte character split across three chunks")
    func splitAcrossChunks() {
        #expect(run([0xF0], [0x9F, 0x98], [0x80]) == Run(answers: [true, true, true], isComplete: true))
        #expect(run([0xF0], [0x9F, 0x98]) == Run(answers: [true, true], isComplete: false))
    }

    @Test("rejects a surrogate whose halves arrive in different chunks")
    func surrogateSplitAcrossChunks() {
        #expect(run(Array("abc".utf8) + [0xED], [0xA0, 0x80]) == Run(answers: [true, false], isComplete: false))
    }

    @Test("stays invalid once it has seen an invalid byte")
    func invalidIsSticky() {
        #expect(run([0xFF], Array("fine".utf8)) == Run(answers: [false, false], isComplete: false))
    }

    @Test("checks bytes after a long ASCII run, where 8 bytes are skipped at a time")
    func asciiFastPath() {
        let ascii = [UInt8](repeating: UInt8(ascii: "x"), count: 21)
        #expect(run(ascii + [0xE2, 0x82, 0xAC] + ascii) == Run(answers: [true], isComplete: true))  // "€"
        #expect(run(ascii + [0xE2, 0x28, 0xA1] + ascii) == Run(answers: [false], isComplete: false))
    }

    @Test("agrees with the standard library on every 2-byte sequence that starts with a lead byte")
    func agreesWithStandardLibrary() {
        var disagreements: [[UInt8]] = []
        for first in UInt8(0xC0)...0xFF {
            for second in UInt8.min...UInt8.max {
                var utf8 = UTF8Validator()
                let ours = utf8.validate([first, second]) && utf8.isComplete
                let stdlib = String(validating: [first, second], as: UTF8.self) != nil
                if ours != stdlib { disagreements.append([first, second]) }
            }
        }
        #expect(disagreements.isEmpty)
    }
}
