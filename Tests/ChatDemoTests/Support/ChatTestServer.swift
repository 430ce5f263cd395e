// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import SIOHTTP
import SIOServer
import SIOTestSupport

/// The whole chat app on port 0 with its own loop thread and a temporary data directory.
///
/// Passwords are hashed with one PBKDF2 iteration (the count is a setting; only its cost matters here), and
/// the first admin's password is fixed, so tests can log in as `admin`.
final class ChatTestServer: @unchecked Sendable {
    static let adminPassword = "admin-password"

    let thread: LoopThread
    let app: ChatApp
    let port: Int
    let directory: TemporaryDirectory

    init(configure: (inout ChatConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory()
        var configuration = ChatConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = directory.path + "/data"
        configuration.passwordIterations = 1
        configuration.consoleLogLevel = .error
        configuration.firstAdminPassword = Self.adminPassword
        configure(&configuration)
        let thread = try LoopThread()
        let settings = configuration
        (app, port) = try thread.sync {
            let app = try ChatApp(configuration: settings, loop: thread.loop)
            return (app, try app.start())
        }
        self.thread = thread
    }

    /// Shuts the app down (as SIGTERM would), stops the loop and deletes the data directory.
    func stop() {
        let done = Flag()
        _ = try? thread.sync { self.app.shutdown { done.set() } }
        _ = done.wait(timeout: .seconds(10))
        thread.stop()
        directory.remove()
    }

    /// Runs `body` on the app's loop.
    func onLoop<T>(_ body: @escaping () throws -> T) throws -> T {
        try thread.sync(body)
    }

    // MARK: HTTP

    struct Reply {
        let status: Int
        let json: JSON
        let response: TestResponse

        var error: String? { json["error"]?.stringValue }
    }

    /// One request on a fresh connection; `body` is sent as JSON text.
    func request(_ method: String, _ path: String, body: JSON? = nil, raw: String? = nil, token: String? = nil) throws -> Reply {
        var headers: [(String, String)] = []
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
