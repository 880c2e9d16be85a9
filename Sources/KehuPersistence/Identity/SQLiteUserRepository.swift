import KehuCore
import SQLiteStore

/// Users in SQLite.
public struct SQLiteUserRepository: UserRepository {
    private let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func insert(_ user: User, context: RequestContext) throws {
        try database.write { db in
            try Self.insert(user, in: db)
            try SQLiteJournal.record(
                Mutation(entityType: "user", entityID: user.id, action: "created", changedFields: ["name", "email", "role", "active"],
                         auditValues: ["role": user.role.rawValue, "active": String(user.active)]),
                context: context, in: db
            )
        }
    }

    static func insert(_ user: User, in db: Database) throws {
        do {
            try db.execute("""
                INSERT INTO users (id, name, email, role, active, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [user.id, user.name, user.email, user.role.rawValue, user.active,
                      StoredTime.millis(user.createdAt), StoredTime.millis(user.updatedAt), user.version])
        } catch let error as SQLiteError where error.isUniqueConstraint {
            throw KehuError.conflict("A user with this e-mail address already exists.")
        }
    }

    public func find(id: String) throws -> User? {
        try database.read { db in try db.queryOne("SELECT * FROM users WHERE id = ?", [id]).map(Self.user) }
    }

    public func find(email: String) throws -> User? {
        try database.read { db in try db.queryOne("SELECT * FROM users WHERE email = ?", [email]).map(Self.user) }
    }

    public func list(scope: OwnerScope, after cursor: String?, limit: Int) throws -> [User] {
        try database.read { db in
            try db.query("""
                SELECT * FROM users WHERE (?1 IS NULL OR id > ?1) AND (?2 IS NULL OR id = ?2) ORDER BY id LIMIT ?3
                """, [cursor, scope.ownerID, limit]).map(Self.user)
        }
    }

    public func update(_ user: User, expectedVersion: Int, mutation: Mutation, context: RequestContext) throws {
        try database.write { db in
            do {
                try db.execute("""
                    UPDATE users SET name = ?, email = ?, role = ?, active = ?, updated_at = ?, version = ? WHERE id = ? AND version = ?
                    """, [user.name, user.email, user.role.rawValue, user.active, StoredTime.millis(user.updatedAt), user.version, user.id, expectedVersion])
            } catch let error as SQLiteError where error.isUniqueConstraint {
                throw KehuError.conflict("A user with this e-mail address already exists.")
            }
            if db.changes == 0 {
                guard try db.queryOne("SELECT 1 FROM users WHERE id = ?", [user.id]) != nil else {
                    throw KehuError.notFound(entity: "user", id: user.id)
                }
                throw KehuError.preconditionFailed("The user changed since version \(expectedVersion); fetch it again.")
            }
            try SQLiteJournal.record(mutation, context: context, in: db)
        }
    }

    public func count() throws -> Int {
        try database.read { db in Int(try db.scalar("SELECT count(*) FROM users")?.int64Value ?? 0) }
    }

    public func countActiveAdmins(excluding userID: String) throws -> Int {
        try database.read { db in
            Int(try db.scalar("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND id <> ?", [userID])?.int64Value ?? 0)
        }
    }

    static func user(_ row: Row) -> User {
        User(
            id: row.string("id"), name: row.string("name"), email: row.string("email"),
            role: Role(rawValue: row.string("role")) ?? .viewer, active: row.bool("active"),
            createdAt: StoredTime.date(row.int64("created_at")), updatedAt: StoredTime.date(row.int64("updated_at")),
            version: row.int("version")
        )
    }
}
