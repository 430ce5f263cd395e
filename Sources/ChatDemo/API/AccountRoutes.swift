// SPDX-License-Identifier: MIT

import SIOServer

/// `/api/register`, `/api/login`, `/api/me`, `/api/users`: accounts and the user directory.
enum AccountRoutes {
    static func install(on router: APIRouter, accounts: AccountService, chat: ChatService) {
        router.add("POST", "/api/register", access: .anyone) { request in
            let body = try request.body()
            let name = try body.requiredString("name"), password = try body.requiredString("password")
            return .later { done in
                accounts.register(name: name, password: password) { result in
                    if case .success(let session) = result { chat.userRegistered(session.user) }
                    done(result.map { .created($0.json) })
                }
            }
        }

        router.add("POST", "/api/login", access: .anyone) { request in
            let body = try request.body()
            let name = try body.requiredString("name"), password = try body.requiredString("password")
            guard name.count <= Limits.userNameLength.upperBound, password.count <= Limits.passwordLength.upperBound else {
                throw ChatError.unauthorized("wrong name or password")
            }
            let address = request.clientAddress
            return .later { done in
                accounts.login(name: name, password: password, address: address) { result in done(result.map { .ok($0.json) }) }
            }
        }

        router.add("GET", "/api/me", access: .user) { request in
            .ok(try chat.profile(request.currentUser))
        }

        router.add("PATCH", "/api/me", access: .user) { request in
            let body = try request.body()
            let current = try body.requiredString("currentPassword"), new = try body.requiredString("password")
            let user = request.currentUser, address = request.clientAddress, origin = request.origin
            return .later { done in
                accounts.changePassword(user, current: current, new: new, address: address) { result in
                    if case .success = result { chat.passwordChanged(origin) }
                    done(result.map { .noContent })
                }
            }
        }

        // `{"email":"a@example.org"}` sets the address, `{"email":null}` removes it.
        router.add("PUT", "/api/me/email", access: .user) { request in
            let body = try request.body()
            guard body["email"] != nil else { throw ChatError.badRequest("'email' is required (a string, or null to remove it)") }
            return .ok(["user": try chat.changeEmail(request.origin, email: try body.optionalString("email"))])
        }

        router.add("DELETE", "/api/me", access: .user) { request in
            try chat.deleteUser(request.origin, userID: request.currentUser.id)
            return .noContent
        }

        router.add("GET", "/api/users", access: .user) { _ in
            .ok(["users": try chat.directory()])
        }

        router.add("PATCH", "/api/users/:id", access: .admin) { request in
            let isAdmin = try request.body().requiredBool("admin")
            return .ok(["user": try chat.setAdmin(request.origin, userID: request.parameter("id"), isAdmin: isAdmin).json])
        }

        router.add("DELETE", "/api/users/:id", access: .user) { request in
            try chat.deleteUser(request.origin, userID: request.parameter("id"))
            return .noContent
        }

        router.add("GET", "/api/health", access: .anyone) { _ in
            .ok(["status": "ok"])
        }
    }
}
