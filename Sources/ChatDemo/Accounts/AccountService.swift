// SPDX-License-Identifier: MIT

import SIOHTTP

/// Accounts: registering, logging in, changing a password, and checking the token of a request.
///
/// Password hashing is the only slow work of the server (PBKDF2 on purpose), so it runs on a background
/// thread and the answer comes later, on the loop, through `completion`: the HTTP handler returns a
/// deferred response meanwhile. Everything else here is quick and synchronous.
final class AccountService {
    let store: ChatStore
    let hasher: PasswordHasher
    let tokens: TokenIssuer
    let logger: Logger
    let loop: EventLoop

    init(store: ChatStore, hasher: PasswordHasher, tokens: TokenIssuer, logger: Logger, loop: EventLoop) {
        self.store = store
        self.hasher = hasher
        self.tokens = tokens
        self.logger = logger
        self.loop = loop
    }

    /// Creates an account and logs it in (a new device group).
    func register(name: String, password: String, completion: @escaping (Result<AccountSession, ChatError>) -> Void) {
        do throws(ChatError) {
            try Limits.checkUserName(name)
            try Limits.checkPassword(password)
            guard (try? store.user(named: name)) == nil else { throw .conflict("the name '\(name)' is already taken") }
        } catch {
            return completion(.failure(error))
        }
        let hasher = hasher
        BackgroundWork.run(on: loop, { hasher.makeRecord(for: password) }) { [self] record in
            do {
                let user = try store.createUser(name: name, password: record, isAdmin: false)
                logger.info("registered \(user.name) (#\(user.id))")
                completion(.success(makeSession(for: user)))
            } catch let error as ChatError {
                completion(.failure(error))
            } catch {
                logger.error("store failure while registering \(name): \(error)")
                completion(.failure(.internalError))
            }
        }
    }

    /// Checks a name and password; on success, a token for a new device group.
    ///
    /// An unknown name is checked against a decoy hash, so it takes as long as a wrong password, and both
    /// get the same answer: a caller cannot tell which names exist.
    func login(name: String, password: String, completion: @escaping (Result<AccountSession, ChatError>) -> Void) {
        let found: (User, PasswordRecord)?
        do {
            found = try store.credentials(named: name)
        } catch {
            logger.error("store failure while logging in \(name): \(error)")
            return completion(.failure(.internalError))
        }
        let hasher = hasher, record = found?.1 ?? hasher.decoy
        BackgroundWork.run(on: loop, { hasher.verify(password, against: record) }) { [self] matches in
            guard matches, let user = found?.0 else {
                logger.warn("failed login for '\(name.prefix(Limits.userNameLength.upperBound))'")
                return completion(.failure(.unauthorized("wrong name or password")))
            }
            logger.info("\(user.name) logged in")
            completion(.success(makeSession(for: user)))
        }
    }

    /// Changes `user`'s password after checking the current one.
    func changePassword(
        _ user: User, current: String, new: String, completion: @escaping (Result<Void, ChatError>) -> Void
    ) {
        do throws(ChatError) {
            try Limits.checkPassword(new)
        } catch {
            return completion(.failure(error))
        }
        guard let record = try? store.passwordRecord(userID: user.id) else { return completion(.failure(.notFound("no such user"))) }
        let hasher = hasher
        BackgroundWork.run(on: loop, { () -> PasswordRecord? in
            hasher.verify(current, against: record) ? hasher.makeRecord(for: new) : nil
        }) { [self] newRecord in
            guard let newRecord else {
                logger.warn("\(user.name) gave a wrong current password")
                return completion(.failure(.forbidden("the current password is wrong")))
            }
            do {
                try store.setPassword(userID: user.id, newRecord)
                logger.info("\(user.name) changed their password")
                completion(.success(()))
            } catch {
                logger.error("store failure while changing a password: \(error)")
                completion(.failure(.internalError))
            }
        }
    }

    /// The user a token belongs to, read from the store now (a deleted user's token stops working at once).
    func authenticate(token: String) throws(ChatError) -> (user: User, claims: TokenClaims) {
        let claims = try tokens.verify(token)
        guard let user = try? store.user(id: claims.userID) else { throw .unauthorized("the token's user no longer exists") }
        return (user, claims)
    }

    /// On a fresh database, creates the first admin account, `admin`, and returns its password (random
    /// unless `password` is given) so the caller can print it once. Runs once per process at startup, before
    /// the loops (`ChatShared`), so hashing here blocks nobody. `nil` when users already exist.
    static func ensureFirstAdmin(in store: ChatStore, hasher: PasswordHasher, password: String?) throws -> String? {
        guard try store.userCount() == 0 else { return nil }
        let chosen = password ?? RandomText.make(byteCount: 12)
        _ = try store.createUser(name: "admin", password: hasher.makeRecord(for: chosen), isAdmin: true)
        return chosen
    }

    private func makeSession(for user: User) -> AccountSession {
        let groupID = TokenIssuer.makeGroupID()
        return AccountSession(user: user, token: tokens.issue(for: user, groupID: groupID), groupID: groupID)
    }
}
