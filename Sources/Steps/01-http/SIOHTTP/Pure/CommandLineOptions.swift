// SPDX-License-Identifier: MIT

/// The options every step's executable understands: `--host`, `--port` (or `PORT`), `--loops` (event loops,
/// one per core you want to use; 1 by default), and step-specific `--name value` flags and `--switch`es.
///
/// Hand-written rather than an argument-parser package: the project has no dependencies, and
/// a dozen lines are easier to read in a workshop than a library's conventions.
public struct CommandLineOptions: Sendable, Equatable {
    public var host = "0.0.0.0"
    public var port = 3000
    /// How many event loops (threads) serve the port (`LoopGroup`, `HTTPServerGroup`).
    public var loops = 1
    /// `--name value` pairs other than host and port.
    public var values: [String: String] = [:]
    /// `--name` flags that take no value.
    public var switches: Set<String> = []

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Parses `arguments` (without the program name). `switchNames` lists the flags that take no value.
    public init(arguments: [String], environment: [String: String], switchNames: Set<String> = []) throws {
        if let fromEnvironment = environment["PORT"] { port = try Self.port(fromEnvironment) }
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
            guard let value = inlineValue ?? remaining.popFirst() else {
                throw Invalid(description: "--\(name) needs a value")
            }
            switch name {
            case "port": port = try Self.port(value)
            case "host": host = value
            case "loops": loops = try Self.loops(value)
            default: values[name] = value
            }
        }
    }

    private static func loops(_ text: String) throws -> Int {
        guard let loops = Int(text), (1...64).contains(loops) else {
            throw Invalid(description: "invalid loops '\(text)' (expected 1 to 64)")
        }
        return loops
    }

    private static func port(_ text: String) throws -> Int {
        guard let port = Int(text), (0...65535).contains(port) else {
            throw Invalid(description: "invalid port '\(text)' (expected 0 to 65535)")
        }
        return port
    }
}
