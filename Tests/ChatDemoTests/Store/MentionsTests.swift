// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Testing

@Suite("Mentions")
struct MentionsTests {
    @Test("finds @names once each, lowercased, in order", arguments: [
        ("hi @bob", ["bob"]),
        ("@Alice and @bob and @alice", ["alice", "bob"]),
        ("thanks @bob.", ["bob"]),
        ("@j.doe-2_x: look", ["j.doe-2_x"]),
        ("mail me at bob@example.org", []),
        ("@ alone and @@", []),
        ("(@carol)", ["carol"]),
        ("no mentions", []),
    ])
    func names(text: String, expected: [String]) {
        #expect(Mentions.names(in: text) == expected)
    }
}
