// SPDX-License-Identifier: MIT

import Foundation

/// The settings that protect the server from password guessing and its disk from its own logs: the end of
/// `Setting.all`. docs/deploy.md ("Password guessing", "Logs") explains the defaults.
extension Setting {
    static var protection: [Setting] {
        [
            Setting(
                name: "password-threads", valueName: "N", defaultText: "the number of cores minus 1 (at least 1)",
                meaning: "threads that hash passwords (PBKDF2), shared by every loop"
            ) {
                $0.passwordThreads = try $1.integer(in: 1...64, expected: "a whole number from 1 to 64")
            },
            Setting(
                name: "password-queue", valueName: "N", defaultText: "16",
                meaning: "password hashes that may wait for a thread; more are answered 503 with Retry-After"
            ) {
                $0.passwordQueue = try $1.integer(in: 1...100_000, expected: "a whole number from 1 to 100000")
            },
            Setting(
                name: "login-account-failures", valueName: "N", defaultText: "5",
                meaning: "failed password attempts per account per 15 minutes; more are answered 429 with Retry-After"
            ) {
                $0.loginAccountRule = .init(limit: try Self.attempts($1), windowMilliseconds: 15 * 60_000)
            },
            Setting(
                name: "login-address-failures", valueName: "N", defaultText: "20",
                meaning: "failed password attempts per client address per minute; more are answered 429 with Retry-After"
            ) {
                $0.loginAddressRule = .init(limit: try Self.attempts($1), windowMilliseconds: 60_000)
            },
            Setting(
                name: "trusted-proxies", valueName: "ADDRESSES", defaultText: "none",
                meaning: "comma-separated proxy addresses whose X-Forwarded-For names the client (login throttling)"
            ) {
                let addresses = try $1.string().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard !addresses.contains(where: \.isEmpty) else {
                    throw SettingValue.Mismatch(expected: "addresses separated by commas, like 127.0.0.1,::1")
                }
                $0.trustedProxies = Set(addresses)
            },
            Setting(
                name: "log-retention-days", valueName: "DAYS", defaultText: "14",
                meaning: "daily log files kept, today included; older ones are deleted at start and at each new day"
            ) {
                $0.logRetentionDays = try $1.integer(in: 1...36_500, expected: "a whole number of days from 1 to 36500")
            },
            Setting(
                name: "log-max-bytes", valueName: "BYTES", defaultText: "67108864 (64 MiB)",
                meaning: "size a day's log file may reach; later records of that day are dropped (console and admins still get them)"
            ) {
                $0.logMaxBytesPerDay = try $1.integer(in: 4096...Int.max, expected: "a whole number of bytes, at least 4096")
            },
        ]
    }

    private static func attempts(_ value: SettingValue) throws(SettingValue.Mismatch) -> Int {
        try value.integer(in: 1...1_000_000, expected: "a whole number from 1 to 1000000")
    }
}
