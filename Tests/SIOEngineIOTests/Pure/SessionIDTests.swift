// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO
import SIOTestSupport

struct SessionIDTests {
    @Test("writes 15 random bytes as 20 base64url characters")
    func twentyURLSafeCharacters() {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for _ in 0..<50 {
            let id = SessionID.random().rawValue
            #expect(id.count == 20)
            #expect(id.allSatisfy(allowed.contains))
            #expect(Base64.decodeURL(id)?.count == 15)
        }
    }

    @Test("gives the same ids for the same seed, and different ids in a row")
    func injectableGenerator() {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        let a = SessionID.random(using: &first)
        #expect(a == SessionID.random(using: &second))
        #expect(a != SessionID.random(using: &first))
    }

    @Test("does not repeat across many draws")
    func unique() {
        let ids = Set((0..<1_000).map { _ in SessionID.random() })
        #expect(ids.count == 1_000)
    }

    @Test("wraps a query string value unchanged")
    func wrapsRawValue() {
        let id = SessionID(rawValue: "lv_VI97HAXpY6yYWAAAC")
        #expect(id.description == "lv_VI97HAXpY6yYWAAAC")
        #expect(id == SessionID(rawValue: "lv_VI97HAXpY6yYWAAAC"))
    }

    @Test("names the loop that owns the session in its first character, for every group size up to 64")
    func owningLoop() {
        var generator = SplitMix64(seed: 7)
        for loops in 1...64 {
            for loop in 0..<loops {
                let id = SessionID.random(loop: loop, of: loops, using: &generator)
                #expect(id.loop(of: loops) == loop)
                #expect(id.rawValue.count == 20)
                #expect(Base64.decodeURL(id.rawValue)?.count == 15)
            }
        }
    }

    @Test("sends an id it never issued to loop 0, which answers that the session is unknown")
    func foreignIDsGoToLoopZero() {
        #expect(SessionID(rawValue: "").loop(of: 4) == 0)
        #expect(SessionID(rawValue: "!nope").loop(of: 4) == 0)
        #expect(SessionID(rawValue: "B").loop(of: 2) == 1)
    }
}
