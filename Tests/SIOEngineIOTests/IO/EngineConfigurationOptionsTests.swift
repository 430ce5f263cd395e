// SPDX-License-Identifier: MIT

import Testing

import SIOCommandLine
import SIOEngineIO
import SIOHTTP

struct EngineConfigurationOptionsTests {
    private func apply(_ arguments: [String]) throws -> EngineConfiguration {
        let options = try CommandLineOptions(
            arguments: arguments, environment: [:], switchNames: ["test-suite"],
            valueNames: EngineConfiguration.optionNames)
        var configuration = EngineConfiguration()
        try configuration.apply(options)
        return configuration
    }

    private func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try apply(arguments)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("applies the engine flags")
    func appliesFlags() throws {
        let configuration = try apply([
            "--path", "/io", "--ping-interval", "1000", "--ping-timeout", "500", "--max-payload", "100", "--cors", "*",
        ])
        #expect(configuration.path == "/io/")
        #expect(configuration.pingInterval == .milliseconds(1000))
        #expect(configuration.pingTimeout == .milliseconds(500))
        #expect(configuration.maxPayload == 100)
        #expect(configuration.cors != nil)
    }

    @Test("accepts the ends of each range: 1 byte to 1 GiB, 1 ms to a day")
    func rangeEnds() throws {
        #expect(try apply(["--max-payload", "1"]).maxPayload == 1)
        #expect(try apply(["--max-payload", "1073741824"]).maxPayload == 1 << 30)
        #expect(try apply(["--ping-interval", "86400000"]).pingInterval == .milliseconds(86_400_000))
    }

    @Test(
        "refuses a value out of its range with one line naming the flag",
        arguments: [
            (["--max-payload", "0"], "invalid --max-payload '0' (expected a whole number from 1 to 1073741824)"),
            (["--max-payload", "1073741825"],
             "invalid --max-payload '1073741825' (expected a whole number from 1 to 1073741824)"),
            (["--max-payload", "1e6"], "invalid --max-payload '1e6' (expected a whole number from 1 to 1073741824)"),
            (["--ping-interval", "0"], "invalid --ping-interval '0' (expected a whole number from 1 to 86400000)"),
            (["--ping-timeout", "-20"], "invalid --ping-timeout '-20' (expected a whole number from 1 to 86400000)"),
            (["--ping-timeout", "86400001"],
             "invalid --ping-timeout '86400001' (expected a whole number from 1 to 86400000)"),
            (["--path", "engine.io"], "invalid --path 'engine.io' (expected a path such as /engine.io/)"),
            (["--connect-timeout", "5"], "unknown option --connect-timeout"),
        ] as [([String], String)])
    func refusals(arguments: [String], message: String) {
        #expect(refusal(arguments) == message)
    }
}
