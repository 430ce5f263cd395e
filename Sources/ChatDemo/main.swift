// SPDX-License-Identifier: MIT
//
// ChatDemo: the complete chat and notification server, on top of every step.
//
//   swift run ChatDemo [--config FILE] [--port 3000] [--data ./data] [--loops N] [--log-format json] ...   (--help lists all)
//
// On a fresh machine it creates ./data (the SQLite database, the token-signing secret, daily logs) and a first
// admin account whose password it prints once. It serves the port from one event loop per core (`--loops`).
// Open http://localhost:3000/. Settings: App/Settings and docs/deploy.md; events and HTTP API: docs/chatdemo.md.
import Foundation
import SIOCommandLine
import SIOHTTP
import SIOJSON

let configuration: ChatConfiguration
do {
    let flags = try CommandLineFlags(arguments: Array(CommandLine.arguments.dropFirst()))
    if flags.help {
        Console.log(Setting.helpText())
        exit(0)
    }
    configuration = try SettingsLoader().load(flags: flags, environment: ProcessInfo.processInfo.environment)
} catch {
    Startup.exit("\(error)", status: Startup.invalidSettingStatus)
}

let server: ChatServer
do {
    server = try ChatServer(configuration: configuration)
} catch {
    Startup.exit("\(error)", status: Startup.invalidSettingStatus)
}
let logger = server.shared.logger
if !configuration.sources.isEmpty {
    let sources = configuration.sources.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value.description)) }
    logger.info("settings that are not at their default", fields: JSONObject(sources))
}
if server.shared.dataDirectoryIsShared {
    logger.warn("the data directory \(configuration.dataDirectory) can be read by other users: chmod 700 it")
}
if server.shared.createdSecret { logger.info("generated a new token-signing secret in \(configuration.secretPath)") }
switch server.shared.firstAdmin {
case nil:
    break
case .supplied:
    logger.info("created the first admin account 'admin' with the password from CHATDEMO_ADMIN_PASSWORD")
case .generated(let password):
    // Printed on the console only: the daily log files can be read back by admins. A password the operator
    // supplied is never printed: they know it, and the console may go to a journal others can read.
    switch configuration.logFormat {
    case .text:
        Console.log("""
            ChatDemo: created the first admin account. Log in as 'admin' with the password
                \(password)
            It is shown only this once: change it with PATCH /api/me (docs/chatdemo.md).
            """)
    case .json:
        logger.announce(
            "created the first admin account; this password is shown only once: change it with PATCH /api/me",
            fields: ["user": "admin", "password": .string(password)])
    }
}
// A port in use, a host that is not this machine's: one line (`cannot listen on ...`) and status 1.
_ = Startup.orExit { try server.start() }
server.run()
