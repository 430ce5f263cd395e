// SPDX-License-Identifier: MIT

import SIOJSON

/// One value for a setting, as written in its source: text (a flag or an environment variable) or JSON (a
/// key of the config file), with typed readers that refuse what does not fit.
///
/// Text and JSON are read with the same rules, except for types: in JSON, `"port": "3000"` is refused (a
/// string where a number belongs is usually a mistake worth knowing about), while `--port 3000` is text by
/// nature. A reader throws `Mismatch` with what it expected; the setting adds its name and the source.
struct SettingValue {
    enum Raw {
        case text(String)
        case json(JSON)
    }

    /// What a reader expected, e.g. "a whole number from 0 to 65535".
    struct Mismatch: Error {
        let expected: String
    }

    let raw: Raw
    let source: SettingSource

    /// The value as the operator wrote it, for messages: `'70000'` for text, `70000` or `"3000"` for JSON.
    var shown: String {
        switch raw {
        case .text(let text): "'\(text)'"
        case .json(let json): json.serialized()
        }
    }

    /// A whole number in `range`; `expected` describes it for the error message.
    func integer(in range: ClosedRange<Int>, expected: String) throws(Mismatch) -> Int {
        let number: Int? = switch raw {
        case .text(let text): Int(text)
        case .json(let json): json.intValue
        }
        guard let number, range.contains(number) else { throw Mismatch(expected: expected) }
        return number
    }

    /// A number (fractions allowed) of at least `minimum`.
    func number(atLeast minimum: Double, expected: String) throws(Mismatch) -> Double {
        let number: Double? = switch raw {
        case .text(let text): Double(text)
        case .json(let json): json.doubleValue
        }
        guard let number, number.isFinite, number >= minimum else { throw Mismatch(expected: expected) }
        return number
    }

    /// A non-empty string.
    func string(expected: String = "a non-empty string") throws(Mismatch) -> String {
        let text: String? = switch raw {
        case .text(let text): text
        case .json(let json): json.stringValue
        }
        guard let text, !text.isEmpty else { throw Mismatch(expected: expected) }
        return text
    }

    /// One of `choices`, by its name.
    func choice<Choice: RawRepresentable & CaseIterable>(of choices: Choice.Type) throws(Mismatch) -> Choice
    where Choice.RawValue == String {
        let names = Choice.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
        let name = try string(expected: names)
        guard let choice = Choice(rawValue: name) else { throw Mismatch(expected: names) }
        return choice
    }
}
