// SPDX-License-Identifier: MIT

import Foundation
import Synchronization

/// What the event loops of one ChatDemo process share: set up once, before the loops serve, then used by
/// every loop's `ChatApp`.
///
/// | shared                   | why once                                                                     |
/// |--------------------------|------------------------------------------------------------------------------|
/// | `configuration`          | one set of settings                                                          |
/// | `logger`                 | one daily file, one console, admins hear every loop, counts for the process |
/// | `secret`                 | a token issued on one loop must be valid on all of them                      |
/// | the first admin          | created once, its password printed once                                      |
/// | `online`                 | a user's sockets may sit on different loops                                  |
/// | `metrics`                | `/metrics` describes the process, whichever loop answers                     |
///
/// What is not shared is confined to a loop and needs no lock: each loop has its own HTTP and Socket.IO
/// servers, services and `ChatStore` (its own SQLite connection to the same file: write-ahead logging lets
/// the connections write in turn, exactly as between two processes).
final class ChatShared: Sendable {
    let configuration: ChatConfiguration
    let logger: Logger
    /// The token-signing secret (`SecretKeyFile`).
    let secret: [UInt8]
    /// True when this start generated the signing secret.
    let createdSecret: Bool
    /// How this start created the first admin account (a generated password is printed once), else `nil`.
    let firstAdmin: AccountService.FirstAdmin?
    /// True when the data directory existed with group or other permissions (`main` warns once).
    let dataDirectoryIsShared: Bool
    /// Hashes passwords for every loop (`PasswordWorkPool`).
    let passwordPool: PasswordWorkPool
    /// Counts failed password attempts for every loop (`LoginGuard`).
    let loginGuard: LoginGuard
    let online = OnlineUsers()
    let metrics = ProcessMetrics()
    /// When the process started, in seconds since 1970 (`process_start_time_seconds`).
    let startTime = Date().timeIntervalSince1970.rounded()
    private let shutdownStarted = Atomic(false)

    init(configuration: ChatConfiguration) throws {
        self.configuration = configuration
        dataDirectoryIsShared = try Self.makeDirectory(configuration.dataDirectory)
        logger = Logger(
            directory: configuration.logDirectory, consoleLevel: configuration.consoleLogLevel, format: configuration.logFormat,
            retentionDays: configuration.logRetentionDays, maxBytesPerDay: configuration.logMaxBytesPerDay)
        (secret, createdSecret) = try SecretKeyFile.loadOrCreate(at: configuration.secretPath)
        // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the same mode.
        try PrivateFiles.prepareFile(configuration.databasePath)
        // A connection of its own, before the loops open theirs: the schema is then brought up to date once.
        let store = try ChatStore(path: configuration.databasePath)
        defer { store.close() }
        firstAdmin = try AccountService.ensureFirstAdmin(
            in: store, hasher: PasswordHasher(iterations: configuration.passwordIterations),
            password: configuration.firstAdminPassword)
        passwordPool = PasswordWorkPool(threadCount: configuration.passwordThreads, queueLimit: configuration.passwordQueue)
        loginGuard = LoginGuard(account: configuration.loginAccountRule, address: configuration.loginAddressRule)
    }

    /// Starts the graceful shutdown's first step for the whole process: every loop's `/ready` answers 503 from
    /// now on, even before that loop has run its own shutdown.
    func markShuttingDown() {
        shutdownStarted.store(true, ordering: .releasing)
    }

    var isShuttingDown: Bool { shutdownStarted.load(ordering: .acquiring) }

    /// The end of a graceful shutdown, once every loop has stopped: logs how long it took and closes the log.
    func stopped(after duration: Duration) {
        logger.info("stopped", fields: ["durationMs": .number(Double(duration.milliseconds))])
        logger.close()
        passwordPool.stop()
    }

    /// Creates the data directory (mode 0700: the secret and the database are nobody else's business). An
    /// existing one keeps the mode its operator gave it; returns true when that lets others in.
    private static func makeDirectory(_ path: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ConfigurationError("\(path) exists and is not a directory") }
            return PrivateFiles.isShared(path)
        }
        do {
            try PrivateFiles.makeDirectory(path)
        } catch {
            throw ConfigurationError("cannot create the data directory \(path): \(error)")
        }
        return false
    }
}
