// SPDX-License-Identifier: MIT

/// Finds the `@name` mentions in a message text.
///
/// A mention is `@` followed by a user name (the characters `UserNameRules` allows), at the start of the
/// text or after a character that cannot be part of a name, so `mail@example.org` mentions nobody.
/// Trailing dots are dropped (`thanks @bob.` mentions `bob`). Names are returned once each, lowercased,
/// in order of first appearance; the store then keeps those that are real users.
enum Mentions {
    static func names(in text: String) -> [String] {
        var found: [String] = []
        var previous: Character = " "
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "@", !Limits.isUserNameCharacter(previous) {
                var end = text.index(after: index)
                while end < text.endIndex, Limits.isUserNameCharacter(text[end]) { end = text.index(after: end) }
                var name = text[text.index(after: index)..<end]
                while name.last == "." { name = name.dropLast() }
                let lowered = name.lowercased()
                if !lowered.isEmpty, lowered.count <= Limits.userNameLength.upperBound, !found.contains(lowered) {
                    found.append(lowered)
                }
                previous = text[text.index(before: end)]
                index = end
                continue
            }
            previous = character
            index = text.index(after: index)
        }
        return found
    }
}
