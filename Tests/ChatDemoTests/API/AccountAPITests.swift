// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import SIOServer
import Testing

@Suite("HTTP API: accounts and bad input", .serialized)
struct AccountAPITests {
    @Test("register answers 201 with the user, a token and a gid; each login gets a new gid")
    func registerAndLogin() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let again = try server.login("alice")
        #expect(alice.id == again.id && alice.gid != again.gid)
        let me = try server.request("GET", "/api/me", token: again.token)
        #expect(me.status == 200 && me.json["user"]?["name"] == "alice" && me.json["rooms"] == [])
    }

    @Test("the first start creates the admin account with the configured password")
    func firstAdmin() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin()
        #expect(try server.request("GET", "/api/me", token: admin.token).json["user"]?["admin"] == true)
        #expect(FileManager.default.fileExists(atPath: server.directory.path + "/data/secret.key"))
        #expect(FileManager.default.fileExists(atPath: server.directory.path + "/data/chat.sqlite3"))
    }

    @Test("a wrong password and an unknown name get the same 401")
    func wrongCredentials() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        _ = try server.register("alice")
        let wrong = try server.request("POST", "/api/login", body: ["name": "alice", "password": "not-her-password"])
        let unknown = try server.request("POST", "/api/login", body: ["name": "nobody", "password": "not-her-password"])
        #expect(wrong.status == 401 && unknown.status == 401)
        #expect(wrong.json == unknown.json)
        #expect(wrong.json == ["error": "wrong name or password"])
    }

    @Test("bad requests get a 4xx JSON error naming the problem", arguments: [
        ("POST", "/api/register", #"{"name":"alice""#, 400, "request body is not valid JSON"),
        ("POST", "/api/register", "[1,2]", 400, "request body must be a JSON object"),
        ("POST", "/api/register", "", 400, "request body is empty"),
        ("POST", "/api/register", #"{"password":"12345678"}"#, 400, "'name' is required"),
        ("POST", "/api/register", #"{"name":7,"password":"12345678"}"#, 400, "'name' must be a string"),
        ("POST", "/api/register", #"{"name":"a b","password":"12345678"}"#, 400, "name must be 1 to 32 characters"),
        ("POST", "/api/register", #"{"name":"alice","password":"short"}"#, 400, "password must be 8 to 128 characters"),
        ("GET", "/api/nothing-here", "", 404, "no such endpoint: GET /api/nothing-here"),
        ("PUT", "/api/rooms", "", 405, "PUT is not allowed on /api/rooms"),
        ("GET", "/api/me", "", 401, "missing 'Authorization: Bearer <token>' header"),
    ])
    func badRequests(method: String, path: String, body: String, status: Int, error: String) throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let reply = try server.request(method, path, raw: body)
        #expect(reply.status == status)
        #expect(reply.error?.hasPrefix(error) == true, "\(reply.json)")
        #expect(reply.response.header("Content-Type") == "application/json; charset=utf-8")
    }

    @Test("a body over 16 KiB is refused with 413 before it is parsed")
    func oversizedBody() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let reply = try server.request("POST", "/api/login", raw: String(repeating: "x", count: Limits.maxBodyBytes + 1))
        #expect(reply.status == 413 && reply.error == "request body is 16385 bytes; the limit is 16384")
    }

    @Test("a taken name is 409, whatever its case")
    func takenName() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        _ = try server.register("alice")
        let reply = try server.request("POST", "/api/register", body: ["name": "Alice", "password": "12345678"])
        #expect(reply.status == 409 && reply.error == "the name 'Alice' is already taken")
    }

    @Test("a forged or garbled token is 401 with WWW-Authenticate: Bearer")
    func badToken() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let reply = try server.request("GET", "/api/me", token: "abc.def.ghi")
        #expect(reply.status == 401 && reply.response.header("WWW-Authenticate") == "Bearer")
        #expect(try server.request("GET", "/api/me", token: nil).status == 401)
    }

    @Test("changing the password needs the current one; afterwards only the new one logs in")
    func changePassword() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let refused = try server.request("PATCH", "/api/me", body: ["currentPassword": "wrong-one", "password": "new-password"], token: alice.token)
        #expect(refused.status == 403)
        let changed = try server.request(
            "PATCH", "/api/me", body: ["currentPassword": .string(ChatTestServer.password(for: "alice")), "password": "new-password"],
            token: alice.token)
        #expect(changed.status == 204)
        #expect(throws: (any Error).self) { try server.login("alice") }
        #expect(try server.login("alice", password: "new-password").id == alice.id)
    }

    @Test("only admins change admin rights; a deleted user's token stops working")
    func adminActions() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin()
        let alice = try server.register("alice")
        let bob = try server.register("bob")
        #expect(try server.request("PATCH", "/api/users/\(bob.id)", body: ["admin": true], token: alice.token).status == 403)
        let promoted = try server.request("PATCH", "/api/users/\(bob.id)", body: ["admin": true], token: admin.token)
        #expect(promoted.status == 200 && promoted.json["user"]?["admin"] == true)
        #expect(try server.request("DELETE", "/api/users/\(bob.id)", token: alice.token).status == 403)
        #expect(try server.request("DELETE", "/api/users/\(alice.id)", token: admin.token).status == 204)
        #expect(try server.request("GET", "/api/me", token: alice.token).status == 401)
        let users = try server.request("GET", "/api/users", token: admin.token).json["users"]?.arrayValue ?? []
        #expect(users.compactMap { $0["name"]?.stringValue } == ["admin", "bob"])
    }

    @Test("the page and the client script are served next to the API")
    func staticFiles() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let page = try server.request("GET", "/")
        #expect(page.status == 200 && page.response.text.contains("/socket.io/socket.io.js"))
        let script = try server.request("GET", "/socket.io/socket.io.js")
        #expect(script.status == 200 && script.response.text.contains("io.clientName = \"sio-client.js\""))
        #expect(try server.request("GET", "/api/health").json == ["status": "ok"])
    }

    @Test("with --client-bundle, that file is served at /socket.io/socket.io.js instead")
    func clientBundle() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bundle = directory.path + "/bundle.js"
        try "window.io = function official() {};".write(toFile: bundle, atomically: true, encoding: .utf8)
        let server = try ChatTestServer { $0.clientBundle = bundle }
        defer { server.stop() }
        #expect(try server.request("GET", "/socket.io/socket.io.js").response.text == "window.io = function official() {};")
    }
}
