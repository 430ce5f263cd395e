// SPDX-License-Identifier: MIT

import SIOAuth
import SIOTestSupport
import Testing

/// PBKDF2-HMAC-SHA-256 (RFC 8018 §5.2) against the vectors of RFC 7914 §11.
struct PBKDF2Tests {
    @Test("RFC 7914 §11: P=\"passwd\", S=\"salt\", c=1, dkLen=64")
    func oneIteration() {
        let key = PBKDF2.deriveKey(password: "passwd".utf8, salt: "salt".utf8, iterations: 1, keyByteCount: 64)
        let expected = Hex.bytes(
            """
            55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05
            f9 41 85 21 6d de 04 65 e6 8b 9d 57 c2 0d ac bc
            49 ca 9c cc f1 79 b6 45 99 16 64 b3 9d 77 ef 31
            7c 71 b8 45 b1 e3 0b d5 09 11 20 41 d3 a1 97 83
            """
        )
        #expect(key == expected)
    }

    @Test("RFC 7914 §11: P=\"Password\", S=\"NaCl\", c=80000, dkLen=64")
    func eightyThousandIterations() async throws {
        // On a thread of its own: 80,000 iterations take seconds in a debug build and half a minute under
        // ThreadSanitizer, which would hold one of the two threads of Swift's pool that the live tests resume on.
        let key = try await offPool {
            PBKDF2.deriveKey(password: "Password".utf8, salt: "NaCl".utf8, iterations: 80_000, keyByteCount: 64)
        }
        let expected = Hex.bytes(
            """
            4d dc d8 f6 0b 98 be 21 83 0c ee 5e f2 27 01 f9
            64 1a 44 18 d0 4c 04 14 ae ff 08 87 6b 34 ab 56
            a1 d4 25 a1 22 58 33 54 9a db 84 1b 51 c9 b3 17
            6a 27 2b de bb a1 d0 78 47 8f 62 b3 97 f3 3c 8d
            """
        )
        #expect(key == expected)
    }

    @Test("a shorter key is a prefix of a longer key derived from the same inputs")
    func prefixProperty() {
        let long = PBKDF2.deriveKey(password: "passwd".utf8, salt: "salt".utf8, iterations: 2, keyByteCount: 40)
        let short = PBKDF2.deriveKey(password: "passwd".utf8, salt: "salt".utf8, iterations: 2, keyByteCount: 20)
        #expect(long.count == 40)
        #expect(Array(long.prefix(20)) == short)
    }
}
