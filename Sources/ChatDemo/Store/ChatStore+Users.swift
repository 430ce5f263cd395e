// SPDX-License-Identifier: MIT

extension ChatStore {
    /// Creates an account. Names are unique without regard to case (`Alice` and `alice` are one name).
    /// - Throws: `ChatError.conflict` when the name is taken.
    func createUser(name: String, password: PasswordRecord, isAdmin: Bool) throws -> User {
        let created = clock()
        try run(
            "INSERT INTO users (name, password_hash, password_salt, password_iterations, admin, created) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(name), .blob(password.hash), .blob(password.salt), SQLiteValue(password.iterations),
             SQLiteValue(isAdmin), SQLiteValue(created)],
            conflict: .conflict("the name '\(name)' is already taken"))
        return User(id: database.lastInsertRowID, name: name, isAdmin: isAdmin, created: created)
    }

    func user(id: Int) throws -> User? {
        try database.rows("SELECT \(User.columns) FROM users WHERE id = ?", [SQLiteValue(id)]).first.map(User.init)
    }

    /// The user called `name`, whatever its case.
    func user(named name: String) throws -> User? {
        try database.rows("SELECT \(User.columns) FROM users WHERE name = ?", [.text(name)]).first.map(User.init)
    }

    /// The user and their password record, for a login.
    func credentials(named name: String) throws -> (User, PasswordRecord)? {
        let sql = "SELECT \(User.columns), password_hash, password_salt, password_iterations FROM users WHERE name = ?"
        guard let row = try database.rows(sql, [.text(name)]).first else { return nil }
        return (User(row: row), PasswordRecord(hash: row[4].bytes, salt: row[5].bytes, iterations: row[6].int))
    }

    /// The password record of user `id`, to check the current password before changing it.
    func passwordRecord(userID: Int) throws -> PasswordRecord? {
        let sql = "SELECT password_hash, password_salt, password_iterations FROM users WHERE id = ?"
        guard let row = try database.rows(sql, [SQLiteValue(userID)]).first else { return nil }
        return PasswordRecord(hash: row[0].bytes, salt: row[1].bytes, iterations: row[2].int)
    }

    /// Every user, by name.
    func users() throws -> [User] {
        try database.rows("SELECT \(User.columns) FROM users ORDER BY name").map(User.init)
    }

    func userCount() throws -> Int {
        try database.rows("SELECT COUNT(*) FROM users").first?.first?.int ?? 0
    }

    /// Grants or revokes admin rights; `nil` if there is no such user.
    func setAdmin(userID: Int, _ isAdmin: Bool) throws -> User? {
        try database.run("UPDATE users SET admin = ? WHERE id = ?", [SQLiteValue(isAdmin), SQLiteValue(userID)])
        return try user(id: userID)
    }

    func setPassword(userID: Int, _ password: PasswordRecord) throws {
        try database.run(
            "UPDATE users SET password_hash = ?, password_salt = ?, password_iterations = ? WHERE id = ?",
            [.blob(password.hash), .blob(password.salt), SQLiteValue(password.iterations), SQLiteValue(userID)])
    }

    /// The account's email address, `nil` when it has none (it is shown to its user only, never in `User.json`).
    func email(userID: Int) throws -> String? {
        try database.rows("SELECT email FROM users WHERE id = ?", [SQLiteValue(userID)]).first?.first?.optionalString
    }

    /// Sets (or, with `nil`, removes) the account's email address; false if there is no such user.
    func setEmail(userID: Int, _ email: String?) throws -> Bool {
        try database.run("UPDATE users SET email = ? WHERE id = ?", [SQLiteValue(email), SQLiteValue(userID)])
        return database.changes > 0
    }

    /// Deletes an account: its memberships and notifications go with it; its messages stay, with the
    /// author's name kept and the author id set to NULL (the conversation still reads correctly).
    /// Returns false if there was no such user.
    func deleteUser(id: Int) throws -> Bool {
        try database.run("DELETE FROM users WHERE id = ?", [SQLiteValue(id)])
        return database.changes > 0
    }
}
