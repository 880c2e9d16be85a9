/// Users: who may use Kehu and with which role. Route-level permissions are checked by
/// the API; this type keeps the rules that need data (scope, unique e-mail, last admin).
public struct UserService: Sendable {
    private let users: any UserRepository
    private let environment: Environment
    private let onIdentityChange: @Sendable () -> Void

    /// `onIdentityChange` runs after a user's role or status changed (to drop cached keys).
    public init(users: any UserRepository, environment: Environment, onIdentityChange: @escaping @Sendable () -> Void = {}) {
        self.users = users
        self.environment = environment
        self.onIdentityChange = onIdentityChange
    }

    public func create(_ input: NewUser, context: RequestContext) throws -> User {
        var validator = Validator()
        let name = validator.requiredText(input.name, field: "name", maxLength: 200)
        let email = EmailAddress.normalize(input.email)
        if email == nil { validator.fail("email", "Must be a valid e-mail address.") }
        try validator.check()
        let user = User(
            id: environment.makeID("usr"), name: name!, email: email!, role: input.role, active: input.active,
            createdAt: context.now, updatedAt: context.now, version: 1
        )
        try users.insert(user, context: context)
        return user
    }

    /// The user, if `principal` may see them (others: `notFound`, not leaking existence).
    public func get(id: String, principal: Principal) throws -> User {
        guard let user = try users.find(id: id),
              AccessPolicy.userScope(for: principal).permits(ownerID: user.id)
        else { throw KehuError.notFound(entity: "user", id: id) }
        return user
    }

    public func list(principal: Principal, page: PageRequest) throws -> Page<User> {
        let rows = try users.list(scope: AccessPolicy.userScope(for: principal), after: page.cursor, limit: page.limit + 1)
        return Paging.page(rows, limit: page.limit) { $0.id }
    }

    /// Applies `patch`; `expectedVersion` (from If-Match) guards against lost updates.
    public func update(id: String, patch: UserPatch, expectedVersion: Int?, context: RequestContext) throws -> User {
        var user = try get(id: id, principal: context.principal)
        try Versioning.check(expectedVersion, current: user.version, entity: "user")
        var validator = Validator()
        var changed: [String] = []
        var values: [String: String] = [:]
        if let name = patch.name, let trimmed = validator.requiredText(name, field: "name", maxLength: 200), trimmed != user.name {
            user.name = trimmed
            changed.append("name")
        }
        if let email = patch.email {
            if let normalized = EmailAddress.normalize(email) {
                if normalized != user.email {
                    user.email = normalized
                    changed.append("email")
                }
            } else {
                validator.fail("email", "Must be a valid e-mail address.")
            }
        }
        if let role = patch.role, role != user.role {
            user.role = role
            changed.append("role")
            values["role"] = role.rawValue
        }
        if let active = patch.active, active != user.active {
            user.active = active
            changed.append("active")
            values["active"] = String(active)
        }
        try validator.check()
        let stillAdmin = user.role == .admin && user.active
        if !stillAdmin, changed.contains(where: { $0 == "role" || $0 == "active" }),
           try users.countActiveAdmins(excluding: user.id) == 0 {
            throw KehuError.conflict("This is the last active admin; make another user admin first.")
        }
        guard !changed.isEmpty else { return user }
        let expected = expectedVersion ?? user.version
        user.version = expected + 1
        user.updatedAt = context.now
        let mutation = Mutation(entityType: "user", entityID: user.id, action: "updated", changedFields: changed, auditValues: values)
        try users.update(user, expectedVersion: expected, mutation: mutation, context: context)
        if values["role"] != nil || values["active"] != nil { onIdentityChange() }
        return user
    }
}

/// Turning `limit + 1` rows into a page with a cursor.
public enum Paging {
    /// Keeps `limit` rows; if there were more, the cursor is the key of the last kept row.
    public static func page<T>(_ rows: [T], limit: Int, key: (T) -> String) -> Page<T> {
        guard rows.count > limit else { return Page(items: rows, nextCursor: nil) }
        let kept = Array(rows.prefix(limit))
        return Page(items: kept, nextCursor: kept.last.map(key))
    }
}

/// If-Match, evaluated before anything else (RFC 9110 §13.2.2): a stale version is 412 even
/// when the change would do nothing. Repositories check again atomically when they write.
public enum Versioning {
    public static func check(_ expected: Int?, current: Int, entity: String) throws {
        if let expected, expected != current {
            throw KehuError.preconditionFailed("The \(entity) is at version \(current), not \(expected); fetch it again.")
        }
    }
}
