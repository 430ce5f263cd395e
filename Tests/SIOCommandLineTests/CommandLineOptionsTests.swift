// SPDX-License-Identifier: MIT

import SIOCommandLine
import Testing

@Suite("Command-line options")
struct CommandLineOptionsTests {
    @Test("defaults to 0.0.0.0:3000")
    func defaults() throws {
        let options = try CommandLineOptions(arguments: [], environment: [:])
        #expect(options.host == "0.0.0.0")
        #expect(options.port == 3000)
    }

    @Test("takes the port from PORT, and --port wins over it")
    func portSources() throws {
        #expect(try CommandLineOptions(arguments: [], environment: ["PORT": "8080"]).port == 8080)
        #expect(try CommandLineOptions(arguments: ["--port", "9000"], environment: ["PORT": "8080"]).port == 9000)
        #expect(try CommandLineOptions(arguments: ["--port=0"], environment: [:]).port == 0)
    }

    @Test("keeps step-specific values and switches")
    func extras() throws {
        let options = try CommandLineOptions(
            arguments: ["--static", "/tmp", "--verbose", "--host", "127.0.0.1"], environment: [:], switchNames: ["verbose"])
        #expect(options.values == ["static": "/tmp"])
        #expect(options.switches == ["verbose"])
        #expect(options.host == "127.0.0.1")
    }

    @Test("rejects a bad port and a flag without its value", arguments: [["--port", "70000"], ["--port", "abc"], ["--static"], ["stray"]])
    func invalid(arguments: [String]) {
        #expect(throws: CommandLineOptions.Invalid.self) { try CommandLineOptions(arguments: arguments, environment: [:]) }
    }
}
