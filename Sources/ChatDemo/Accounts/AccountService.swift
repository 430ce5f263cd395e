// SPDX-License-Identifier: MIT

import SIOHTTP

/// Accounts: registering, logging in, changing a password, and checking the token of a request.
///
/// Password hashing is the only slow work of the server (PBKDF2 on purpose), so it runs on the process's
/// `PasswordWorkPool` and the answer comes later, on this loop, through `completion`: the HTTP handler returns
/// a deferred response meanwhile. A full pool answers 503 at once. Every password check (login, password
/// change) first asks the `LoginGuard`, which answers 429 to an account or address that failed too often.
/// Everything else here is quick and synchronous.
final class AccountService {
    let store: ChatStore
    let hasher: PasswordHasher
    let tokens: TokenIssuer
    let logger: Logger
    let loop: EventLoop
    let pool: PasswordWorkPool
    let loginGuard: LoginGuard

    init(
        store: ChatStore, hasher: PasswordHasher, tokens: TokenIssuer, logger: Logger, loop: EventLoop,
        pool: PasswordWorkPool, loginGuard: LoginGuard
    ) {
        self.store = store
        self.hasher = hasher
        self.tokens = tokens
        self.logger = logger
        self.loop = loop
        self.pool = pool
        self.loginGuard = loginGuard
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
        hash({ hasher.makeRecord(for: password) }, busy: { completion(.failure($0)) }) { [self] record in
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

    /// Checks a name and password from `address`; on success, a token for a new device group.
    ///
    /// An unknown name is checked against a decoy hash, so it takes as long as a wrong password, and both
    /// get the same answer: a caller cannot tell which names exist. Unknown names are throttled like known ones.
    func login(
        name: String, password: String, address: String, completion: @escaping (Result<AccountSession, ChatError>) -> Void
    ) {
        if let refusal = admit(account: name, address: address) { return completion(.failure(refusal)) }
        let found: (User, PasswordRecord)?
        do {
            found = try store.credentials(named: name)
        } catch {
            logger.error("store failure while logging in \(name): \(error)")
            return completion(.failure(.internalError))
        }
        let hasher = hasher, record = found?.1 ?? hasher.decoy
        hash({ hasher.verify(password, against: record) }, busy: { [self] in
            loginGuard.withdraw(account: name, address: address)
            completion(.failure($0))
        }) { [self] matches in
            guard matches, let user = found?.0 else {
                logger.warn("failed login for '\(name.prefix(Limits.userNameLength.upperBound))'", fields: ["address": .string(address)])
                return completion(.failure(.unauthorized("wrong name or password")))
            }
            loginGuard.succeeded(account: name, address: address)
            logger.info("\(user.name) logged in")
            completion(.success(makeSession(for: user)))
        }
    }

    /// Changes `user`'s password after checking the current one (throttled as a login is: a stolen token must
    /// not become a way to guess the password).
    func changePassword(
        _ user: User, current: String, new: String, address: String, completion: @escaping (Result<Void, ChatError>) -> Void
    ) {
        do throws(ChatError) {
            try Limits.checkPassword(new)
        } catch {
            return completion(.failure(error))
        }
        guard let record = try? store.passwordRecord(userID: user.id) else { return completion(.failure(.notFound("no such user"))) }
        if let refusal = admit(account: user.name, address: address) { return completion(.failure(refusal)) }
        let hasher = hasher
        hash({ () -> PasswordRecord? in
            hasher.verify(current, against: record) ? hasher.makeRecord(for: new) : nil
        }, busy: { [self] in
            loginGuard.withdraw(account: user.name, address: address)
            completion(.failure($0))
        }) { [self] newRecord in
            guard let newRecord else {
                logger.warn("\(user.name) gave a wrong current password", fields: ["address": .string(address)])
                return completion(.failure(.forbidden("the current password is wrong")))
            }
            loginGuard.succeeded(account: user.name, address: address)
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

    /// How the first admin account got its password.
    enum FirstAdmin: Equatable, Sendable {
        /// A random one, which the caller prints once (nowhere else can the operator learn it).
        case generated(password: String)
        /// The operator's own (`CHATDEMO_ADMIN_PASSWORD`): never printed, the operator knows it.
        case supplied
    }

    /// On a fresh database, creates the first admin account, `admin`, with `password`, or a random one. Runs once
    /// per process at startup, before the loops (`ChatShared`), so hashing here blocks nobody. `nil` when users
    /// already exist.
    static func ensureFirstAdmin(in store: ChatStore, hasher: PasswordHasher, password: String?) throws -> FirstAdmin? {
        guard try store.userCount() == 0 else { return nil }
        let chosen = password ?? RandomText.make(byteCount: 12)
        _ = try store.createUser(name: "admin", password: hasher.makeRecord(for: chosen), isAdmin: true)
        return password == nil ? .generated(password: chosen) : .supplied
    }

    /// Nil when `account` and `address` may try a password now; else the 429 to answer.
    private func admit(account: String, address: String) -> ChatError? {
        guard case .refuse(let seconds, let scope) = loginGuard.begin(account: account, address: address) else { return nil }
        logger.warn(
            "refused a password attempt: too many failures for this \(scope.rawValue)",
            fields: ["account": .string(String(account.prefix(Limits.userNameLength.upperBound))), "address": .string(address)])
        return .tooManyRequests("too many failed attempts; try again in \(seconds) s", retryAfter: seconds)
    }

    /// Runs `work` on the password pool and `then` on this loop with its result; when the pool's queue is
    /// full, `busy` gets 503 with `Retry-After` instead, at once.
    private func hash<T: Sendable>(
        _ work: @escaping @Sendable () -> T, busy: (ChatError) -> Void, then: @escaping (T) -> Void
    ) {
        guard pool.submit(on: loop, work, then: then) else {
            logger.warn("refused a password hash: the queue is full", fields: ["queue": .number(Double(pool.queueLimit))])
            return busy(.unavailable("the server is busy checking passwords; try again shortly",
                                     retryAfter: PasswordWorkPool.retryAfterSeconds))
        }
    }

    private func makeSession(for user: User) -> AccountSession {
        let groupID = TokenIssuer.makeGroupID()
        return AccountSession(user: user, token: tokens.issue(for: user, groupID: groupID), groupID: groupID)
    }
}
