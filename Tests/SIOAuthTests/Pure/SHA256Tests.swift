// SPDX-License-Identifier: MIT

import SIOAuth
import Testing

/// FIPS 180-4 SHA-256, checked against the NIST example vectors ("SHA-256 examples", csrc.nist.gov)
/// and against padding-boundary lengths computed with coreutils `sha256sum`.
struct SHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let message: [UInt8]
        let digest: String
        var testDescription: String { name }
    }

    static let nistVectors: [Vector] = [
        Vector(
            name: "empty message",
            message: [],
            digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        ),
        Vector(
            name: "abc (one block)",
            message: Array("abc".utf8),
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        ),
        Vector(
            name: "448-bit message (padding needs a second block)",
            message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        Vector(
            name: "896-bit message",
            message: Array(
                ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8
            ),
            digest: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
        Vector(
            name: "one million 'a'",
            message: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
            digest: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        ),
    ]

    static let paddingBoundaries: [(count: Int, digest: String)] = [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
    ]

    @Test("hashing a whole message matches the NIST example digest", arguments: nistVectors)
    func oneShot(vector: Vector) {
        #expect(Hex.string(SHA256.hash(vector.message)) == vector.digest)
    }

    @Test("messages of 55, 56, 63, 64, 119 and 120 bytes are padded correctly", arguments: paddingBoundaries)
    func paddingBoundary(count: Int, digest: String) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: count)
        #expect(Hex.string(SHA256.hash(message)) == digest)
    }

    @Test("feeding the 896-bit message split at any point gives the same digest")
    func splitAnywhere() {
        let vector = Self.nistVectors[3]
        for split in 0...vector.message.count {
            var hasher = SHA256()
            hasher.update(vector.message[..<split])
            hasher.update(vector.message[split...])
            #expect(Hex.string(hasher.finalize()) == vector.digest, "split at \(split)")
        }
    }

    @Test("feeding one byte at a time gives the same digest as hashing at once")
    func byteByByte() {
        let message = Array(repeating: Array("0123456789".utf8), count: 20).flatMap { $0 }
        var hasher = SHA256()
        for byte in message {
            hasher.update(CollectionOfOne(byte))
        }
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test("a non-contiguous sequence hashes like the same bytes in an array")
    func nonContiguousInput() {
        let lazyBytes = (0..<200).lazy.map { UInt8(truncatingIfNeeded: $0) }
        #expect(SHA256.hash(lazyBytes) == SHA256.hash(Array(lazyBytes)))
    }

    @Test("finalize leaves the hasher usable, so a message can be extended afterwards")
    func finalizeDoesNotConsume() {
        var hasher = SHA256()
        hasher.update("ab".utf8)
        #expect(hasher.finalize() == SHA256.hash("ab".utf8))
        hasher.update("c".utf8)
        #expect(Hex.string(hasher.finalize()) == Self.nistVectors[1].digest)
    }
}
