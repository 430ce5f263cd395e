// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import SIOEngineIO
import SIOJSON
import Synchronization
import SIOAuth
import Testing

@Suite("Passwords, tokens and the secret file")
struct AccountsTests {
    @Test("a password verifies against its own record only, and two records of one password differ (salt)")
    func passwords() {
        let hasher = PasswordHasher(iterations: 2)
        let first = hasher.makeRecord(for: "correct horse")
        let second = hasher.makeRecord(for: "correct horse")
        #expect(hasher.verify("correct horse", against: first))
        #expect(!hasher.verify("correct hors", against: first))
        #expect(first.salt != second.salt && first.hash != second.hash)
        #expect(first.salt.count == 16 && first.hash.count == 32 && first.iterations == 2)
    }

    @Test("a record keeps its own iteration count, so raising the setting does not lock anyone out")
    func iterationsTravelWithTheRecord() {
        let old = PasswordHasher(iterations: 3).makeRecord(for: "password1")
        #expect(PasswordHasher(iterations: 50).verify("password1", against: old))
    }

    @Test("the decoy record matches no password")
    func decoy() {
        let hasher = PasswordHasher(iterations: 1)
        #expect(!hasher.verify("", against: hasher.decoy))
        #expect(!hasher.verify("anything at all", against: hasher.decoy))
    }

    @Test("a token carries sub, admin, gid and exp, and verifies back to them")
    func tokens() throws {
        let issuer = TokenIssuer(secret: Array(repeating: 7, count: 32), lifetime: 60) { 1_000_000 }
        let token = issuer.issue(for: User(id: 42, name: "alice", isAdmin: true, created: 0), groupID: "tab-1")
        #expect(try issuer.verify(token) == TokenClaims(userID: 42, isAdmin: true, groupID: "tab-1", expiresAt: 1_000_060))
        let payload = try #require(JWTTestPayload.decode(token))
        #expect(payload["sub"] == "42" && payload["gid"] == "tab-1" && payload["admin"] == true && payload["exp"] == 1_000_060)
    }

    @Test("an expired token, or one signed with another secret, is refused with 401")
    func refusedTokens() {
        let now = Mutex(1_000_000.0)
        let issuer = TokenIssuer(secret: Array(repeating: 7, count: 32), lifetime: 60) { now.withLock { $0 } }
        let token = issuer.issue(for: User(id: 1, name: "a", isAdmin: false, created: 0), groupID: "g")
        now.withLock { $0 += 60 + JWT.defaultLeeway }
        #expect(throws: ChatError.self) { try issuer.verify(token) }
        let other = TokenIssuer(secret: Array(repeating: 8, count: 32), lifetime: 60) { 1_000_000 }
        do {
            _ = try other.verify(issuer.issue(for: User(id: 1, name: "a", isAdmin: false, created: 0), groupID: "g"))
            Issue.record("a token signed with another secret was accepted")
        } catch {
            #expect(error.status == 401)
        }
    }

    @Test("device group ids are 22 url-safe characters and differ every time")
    func groupIDs() {
        let ids = (0..<20).map { _ in TokenIssuer.makeGroupID() }
        #expect(Set(ids).count == 20)
        #expect(ids.allSatisfy { $0.count == 22 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
    }

    @Test("the secret file is created once with mode 0600 and read back unchanged")
    func secretFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/secret.key"
        let (secret, created) = try SecretKeyFile.loadOrCreate(at: path)
        #expect(created && secret.count == SecretKeyFile.byteCount)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let (again, createdAgain) = try SecretKeyFile.loadOrCreate(at: path)
        #expect(!createdAgain && again == secret)
    }

    @Test("a secret file that is not hex is an error, not silently replaced")
    func badSecretFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/secret.key"
        try "not hex".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try SecretKeyFile.loadOrCreate(at: path) }
    }
}

/// Reads a JWT's payload without verifying it: what any client can see in a token.
enum JWTTestPayload {
    static func decode(_ token: String) -> JSON? {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let bytes = Base64.decodeURL(parts[1]) else { return nil }
        return try? JSON.parse(bytes)
    }
}
