// SPDX-License-Identifier: MIT

import SIOAuth
import Testing

struct ConstantTimeTests {
    @Test("equal byte sequences compare equal, including empty ones")
    func equalSequences() {
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(ConstantTime.equals("abc".utf8, [0x61, 0x62, 0x63] as [UInt8]))
    }

    @Test("a difference in the first, a middle or the last byte makes them unequal", arguments: [0, 15, 31])
    func singleByteDifference(position: Int) {
        let reference = [UInt8](repeating: 0xa5, count: 32)
        var changed = reference
        changed[position] ^= 0x01
        #expect(!ConstantTime.equals(reference, changed))
    }

    @Test("sequences of different lengths are unequal even when one is a prefix of the other")
    func differentLengths() {
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(!ConstantTime.equals([UInt8](), [0] as [UInt8]))
    }
}
