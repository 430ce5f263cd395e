// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import SIOHTTP
import SIOJSON
import SIOTestSupport

/// The whole chat app on port 0 with a temporary data directory: one `ChatApp` on its own loop thread, or, with
/// `loops` > 1, a `ChatServer` with that many loops (as `ChatDemo --loops` runs), on a thread of its own.
///
/// Passwords are hashed with one PBKDF2 iteration (the count is a setting; only its cost matters here), and
/// the first admin's password is fixed, so tests can log in as `admin`.
final class ChatTestServer: @unchecked Sendable {
    static let adminPassword = "admin-password"

    /// One app per loop; connections are dealt to them in turn.
    let apps: [ChatApp]
    let port: Int
    let directory: TemporaryDirectory
    private let host: Host
    /// Set by `shutdown()` (on the test's thread), so that `stop()` does not shut down twice.
    private var shutdownRequested = false

    /// What runs the apps: a loop thread with one app, or a whole `ChatServer` and the thread running it.
    private enum Host {
        case alone(LoopThread)
        case server(ChatServer, finished: Flag)
    }

    /// The app of loop 0 (the only one unless `loops` > 1).
    var app: ChatApp { apps[0] }

    init(loops: Int = 1, configure: (inout ChatConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory()
        var configuration = ChatConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = directory.path + "/data"
        configuration.passwordIterations = 1
        configuration.consoleLogLevel = .error
        configuration.firstAdminPassword = Self.adminPassword
        configuration.loops = loops
        configure(&configuration)
        if loops == 1 {
            let thread = try LoopThread()
            let settings = configuration
            (apps, port) = try thread.sync {
                let app = try ChatApp(configuration: settings, loop: thread.loop)
                return ([app], try app.start())
            }
            host = .alone(thread)
        } else {
            let (server, port, finished) = try Self.runServer(configuration)
            (apps, self.port, host) = (server.apps, port, .server(server, finished: finished))
        }
    }

    /// Builds, starts and runs a `ChatServer` on a new thread (loop 0 runs on the thread that built it).
    private static func runServer(_ configuration: ChatConfiguration) throws -> (ChatServer, Int, Flag) {
        let outcome = Outcome<(ChatServer, Int)>(), started = Flag(), finished = Flag()
        Thread.detachNewThread {
            do {
                let server = try ChatServer(configuration: configuration)
                outcome.result = .success((server, try server.start()))
                started.set()
                server.loops.run()
            } catch {
                outcome.result = .failure(error)
                started.set()
            }
            finished.set()
        }
        guard started.wait(timeout: .seconds(30)), let result = outcome.result else {
            throw RawClient.Failure(description: "the ChatServer did not start")
        }
        let (server, port) = try result.get()
        return (server, port, finished)
    }

    /// Starts the graceful shutdown of every loop, as SIGTERM does; the flag is set once all have finished.
    func shutdown() -> Flag {
        let done = Flag()
        shutdownRequested = true
        switch host {
        case .alone: _ = try? onLoop { self.app.shutdown { done.set() } }
        case .server(let server, _): app.loop.execute { server.shutdown { done.set() } }
        }
        return done
    }

    /// Shuts the apps down (unless `shutdown()` already did), stops the loops and deletes the data directory.
    func stop() {
        if !shutdownRequested { _ = shutdown().wait(timeout: .seconds(10)) }
        switch host {
        case .alone(let thread):
            thread.stop()
        case .server(let server, let finished):
            server.loops.stop()
            _ = finished.wait(timeout: .seconds(10))
        }
        directory.remove()
    }

    /// Runs `body` on the loop of `apps[index]` and returns its result.
    func onLoop<T>(_ index: Int = 0, _ body: @escaping () throws -> T) throws -> T {
        let outcome = Outcome<T>(), done = Flag(), task = LoopBound(body, loop: apps[index].loop)
        apps[index].loop.execute {
            outcome.result = Result { try task.value() }
            done.set()
        }
        guard done.wait(timeout: .seconds(10)), let result = outcome.result else {
            throw RawClient.Failure(description: "loop \(index) did not answer")
        }
        return try result.get()
    }

    // MARK: HTTP

    struct Reply {
        let status: Int
        let json: JSON
        let response: TestResponse

        var error: String? { json["error"]?.stringValue }
    }

    /// One request on a fresh connection; `body` is sent as JSON text, after `extraHeaders`.
    func request(
        _ method: String, _ path: String, body: JSON? = nil, raw: String? = nil, token: String? = nil,
        headers extraHeaders: [(String, String)] = []
    ) throws -> Reply {
        var headers = extraHeaders
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        let text = raw ?? body?.serialized() ?? ""
        if !text.isEmpty { headers.append(("Content-Type", "application/json")) }
        let response = try RawClient(port: port).request(method, path, body: Array(text.utf8), headers: headers)
        let json = response.body.isEmpty ? JSON.null : (try? JSON.parse(response.body)) ?? .string(response.text)
        return Reply(status: response.status, json: json, response: response)
    }

    struct Account {
        let id: Int
        let name: String
        let token: String
        let gid: String
    }

    /// Registers `name` (password: the name repeated to 8+ characters) and returns its first login.
    func register(_ name: String) throws -> Account {
        let reply = try request("POST", "/api/register", body: ["name": .string(name), "password": .string(Self.password(for: name))])
        guard reply.status == 201 else { throw RawClient.Failure(description: "register \(name): \(reply.status) \(reply.json)") }
        return try Self.account(from: reply.json)
    }

    /// A new login (a new device: a new gid) of an existing account.
    func login(_ name: String, password: String? = nil) throws -> Account {
        let reply = try request("POST", "/api/login", body: ["name": .string(name), "password": .string(password ?? Self.password(for: name))])
        guard reply.status == 200 else { throw RawClient.Failure(description: "login \(name): \(reply.status) \(reply.json)") }
        return try Self.account(from: reply.json)
    }

    func loginAdmin() throws -> Account {
        try login("admin", password: Self.adminPassword)
    }

    /// Creates a public room as `account` and returns its id.
    func createRoom(_ name: String, as account: Account) throws -> Int {
        let reply = try request("POST", "/api/rooms", body: ["name": .string(name)], token: account.token)
        guard reply.status == 201, let id = reply.json["room"]?["id"]?.intValue else {
            throw RawClient.Failure(description: "create room: \(reply.status) \(reply.json)")
        }
        return id
    }

    func join(_ roomID: Int, as account: Account) throws {
        let reply = try request("POST", "/api/rooms/\(roomID)/join", token: account.token)
        guard reply.status == 200 else { throw RawClient.Failure(description: "join: \(reply.status) \(reply.json)") }
    }

    static func password(for name: String) -> String { String(repeating: name, count: 8 / max(1, name.count) + 1) }

    private static func account(from json: JSON) throws -> Account {
        guard let id = json["user"]?["id"]?.intValue, let name = json["user"]?["name"]?.stringValue,
              let token = json["token"]?.stringValue, let gid = json["gid"]?.stringValue
        else { throw RawClient.Failure(description: "unexpected session \(json)") }
        return Account(id: id, name: name, token: token, gid: gid)
    }
}

/// A result handed from one thread to another: written before a `Flag` is set, read after it was.
private final class Outcome<Value>: @unchecked Sendable {
    var result: Result<Value, any Error>?
}
