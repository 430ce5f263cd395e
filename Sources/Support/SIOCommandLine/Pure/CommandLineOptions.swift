// SPDX-License-Identifier: MIT

/// The options every step's executable understands: `--host`, `--port` (or `PORT`), and step-specific
/// `--name value` flags and `--switch`es (Step 5 and ChatDemo add `--loops`: SIOLoops' `LoopGroup.count(from:)`).
///
/// Hand-written rather than an argument-parser package: the project has no dependencies, and
/// a dozen lines are easier to read in a workshop than a library's conventions.
///
/// Every value is checked here, at start: a flag the program does not know, a number that is not one or is out
/// of its range stops the program with one line (`fromProcess`), instead of a server that fails at its first
/// client, or never notices that `--max-paylod 100` was a typo.
package struct CommandLineOptions: Sendable, Equatable {
    package var host = "0.0.0.0"
    /// The TCP port; 0 asks the system for any free one (the start-up line shows which).
    package var port = 3000
    /// `--name value` pairs other than host and port.
    package var values: [String: String] = [:]
    /// `--name` flags that take no value.
    package var switches: Set<String> = []

    /// Why the command line was refused, as one line for standard error.
    package struct Invalid: Error, CustomStringConvertible {
        package let description: String
        package init(description: String) { self.description = description }
    }

    /// The ports a server may ask for.
    package static let portRange = 0...65535
    /// The durations in milliseconds a timeout or interval flag accepts: up to a day. Longer is a typo, and
    /// would reach the timer arithmetic as a number no clock needs.
    package static let millisecondRange = 1...86_400_000

    /// Parses `arguments` (without the program name). `switchNames` lists the flags that take no value;
    /// `valueNames`, when given, the `--name value` flags the program reads: any other name is refused.
    package init(
        arguments: [String], environment: [String: String], switchNames: Set<String> = [], valueNames: Set<String>? = nil
    ) throws {
        if let fromEnvironment = environment["PORT"] { port = try Self.number(fromEnvironment, name: "PORT", in: Self.portRange) }
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--") else { throw Invalid(description: "unexpected argument '\(argument)'") }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if switchNames.contains(name) {
                switches.insert(name)
                continue
            }
            let known = ["host", "port"].contains(name) || valueNames?.contains(name) ?? true
            guard known else { throw Invalid(description: "unknown option --\(name)") }
            guard let value = inlineValue ?? remaining.popFirst() else {
                throw Invalid(description: "--\(name) needs a value")
            }
            switch name {
            case "port": port = try Self.number(value, name: "--port", in: Self.portRange)
            case "host": host = value
            default: values[name] = value
            }
        }
    }

    /// `text` as a whole number in `range`, or an `Invalid` naming `name` (`--max-payload`, `PORT`) and the range.
    package static func number(_ text: String, name: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw Invalid(
                description: "invalid \(name) '\(text)' (expected a whole number from \(range.lowerBound) to \(range.upperBound))")
        }
        return value
    }
}
