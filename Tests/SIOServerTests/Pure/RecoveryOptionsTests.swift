// SPDX-License-Identifier: MIT

import SIOCommandLine
import SIOServer
import Testing

@Suite("Step4's connection state recovery flags")
struct RecoveryOptionsTests {
    private func apply(_ arguments: [String]) throws -> ServerConfiguration {
        let options = try CommandLineOptions(
            arguments: arguments, environment: [:],
            switchNames: ServerConfiguration.recoverySwitchNames.union(["test-suite"]),
            valueNames: ServerConfiguration.optionNames.union(ServerConfiguration.recoveryOptionNames))
        var configuration = ServerConfiguration()
        try configuration.apply(options)
        return configuration
    }

    @Test("recovery is off by default, on for 2 minutes with the switch, and the duration alone turns it on")
    func turnsRecoveryOn() throws {
        #expect(try apply([]).connectionStateRecovery == nil)
        #expect(try apply(["--test-suite"]).connectionStateRecovery == nil)
        #expect(try apply(["--connection-state-recovery"]).connectionStateRecovery == ConnectionStateRecovery())
        let shorter = try apply(["--max-disconnection-duration", "5000"]).connectionStateRecovery
        #expect(shorter?.maxDisconnectionDuration == .seconds(5))
        #expect(shorter?.skipMiddlewares == true)
    }

    @Test("a duration outside 1 ms to a day is refused")
    func refusesBadDurations() {
        #expect(throws: (any Error).self) { try apply(["--max-disconnection-duration", "0"]) }
        #expect(throws: (any Error).self) { try apply(["--max-disconnection-duration", "soon"]) }
    }
}
