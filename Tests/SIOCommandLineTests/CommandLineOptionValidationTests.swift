// SPDX-License-Identifier: MIT

import SIOCommandLine
import Testing

@Suite("Command-line option validation")
struct CommandLineOptionValidationTests {
    private func parse(
        _ arguments: [String], environment: [String: String] = [:], valueNames: Set<String>? = ["static"]
    ) throws -> CommandLineOptions {
        try CommandLineOptions(
            arguments: arguments, environment: environment, switchNames: ["quiet"], valueNames: valueNames)
    }

    /// The one line `fromProcess` prints (after `StepN: `) for `arguments`.
    private func refusal(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        do {
            _ = try parse(arguments, environment: environment)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("reads host, port, values and switches, with `--name value` and `--name=value`")
    func readsEverything() throws {
        let options = try parse(["--host", "127.0.0.1", "--port=8080", "--static", "/srv", "--quiet"])
        #expect(options.host == "127.0.0.1")
        #expect(options.port == 8080)
        #expect(options.values == ["static": "/srv"])
        #expect(options.switches == ["quiet"])
    }

    @Test(
        "refuses a bad value, an unknown flag or a stray word with one line that names it",
        arguments: [
            (["--port", "-1"], [:], "invalid --port '-1' (expected a whole number from 0 to 65535)"),
            (["--port", "65536"], [:], "invalid --port '65536' (expected a whole number from 0 to 65535)"),
            (["--port", "http"], [:], "invalid --port 'http' (expected a whole number from 0 to 65535)"),
            ([], ["PORT": "70000"], "invalid PORT '70000' (expected a whole number from 0 to 65535)"),
            (["--loops", "2"], [:], "unknown option --loops"),
            (["--max-paylod", "100"], [:], "unknown option --max-paylod"),
            (["--static"], [:], "--static needs a value"),
            (["serve"], [:], "unexpected argument 'serve'"),
        ] as [([String], [String: String], String)])
    func refusals(arguments: [String], environment: [String: String], message: String) {
        #expect(refusal(arguments, environment: environment) == message)
    }

    @Test("accepts any `--name value` when the program lists no names")
    func anyNameWithoutList() throws {
        #expect(try parse(["--anything", "x"], valueNames: nil).values == ["anything": "x"])
    }

    @Test("reads a number within its range and names the flag and the range when it is not", arguments: [
        ("1", 1), ("86400000", 86_400_000), ("0", nil), ("86400001", nil), ("-5", nil), ("1.5", nil), ("", nil),
        ("9223372036854775808", nil),
    ] as [(String, Int?)])
    func numbers(text: String, expected: Int?) {
        let range = CommandLineOptions.millisecondRange
        let value = try? CommandLineOptions.number(text, name: "--ping-interval", in: range)
        #expect(value == expected)
        if expected == nil {
            #expect(throws: CommandLineOptions.Invalid.self) {
                try CommandLineOptions.number(text, name: "--ping-interval", in: range)
            }
        }
    }
}
