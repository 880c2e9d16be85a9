import KehuCore
import SQLiteStore

/// API keys in SQLite: the hash of the secret, never the secret.
public struct SQLiteAPIKeyRepository: APIKeyRepository, BootstrapRepository {
    private let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func insert(_ key: APIKey, secretHash: [UInt8], context: RequestContext) throws {
        try database.write { db in
            try Self.insert(key, secretHash: secretHash, in: db)
            try SQLiteJournal.record(Self.createdMutation(key), context: context, in: db)
        }
    }

    public func insertFirstAdmin(_ user: User, key: APIKey, secretHash: [UInt8], context: RequestContext) throws -> Bool {
        try database.write { db in
            guard try db.scalar("SELECT count(*) FROM users")?.int64Value == 0 else { return false }
            try SQLiteUserRepository.insert(user, in: db)
            try SQLiteJournal.record(
                Mutation(entityType: "user", entityID: user.id, action: "created", changedFields: ["name", "email", "role", "active"],
                         auditValues: ["role": user.role.rawValue, "active": "true"]),
                context: context, in: db
            )
            try Self.insert(key, secretHash: secretHash, in: db)
            try SQLiteJournal.record(Self.createdMutation(key), context: context, in: db)
            return true
        }
    }

    private static func insert(_ key: APIKey, secretHash: [UInt8], in db: Database) throws {
        try db.execute("""
            INSERT INTO api_keys (id, user_id, name, prefix, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL)
            """, [key.id, key.userID, key.name, key.prefix, secretHash, StoredTime.millis(key.createdAt)])
    }

    private static func createdMutation(_ key: APIKey) -> Mutation {
        Mutation(entityType: "api_key", entityID: key.id, action: "created", changedFields: ["userId", "name"], auditValues: ["userId": key.userID])
    }

    public func findForAuthentication(prefix: String) throws -> [StoredAPIKey] {
        try database.read { db in
            try db.query("""
                SELECT k.*, u.role AS user_role, u.active AS user_active FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.prefix = ?
                """, [prefix]).map { row in
                StoredAPIKey(key: Self.key(row), secretHash: row.blob("secret_hash"),
                             userRole: Role(rawValue: row.string("user_role")) ?? .viewer, userActive: row.bool("user_active"))
            }
        }
    }

    public func find(id: String) throws -> APIKey? {
        try database.read { db in try db.queryOne("SELECT * FROM api_keys WHERE id = ?", [id]).map(Self.key) }
    }

    public func list(scope: OwnerScope, after cursor: String?, limit: Int) throws -> [APIKey] {
        try database.read { db in
            try db.query("""
                SELECT * FROM api_keys WHERE (?1 IS NULL OR id > ?1) AND (?2 IS NULL OR user_id = ?2) ORDER BY id LIMIT ?3
                """, [cursor, scope.ownerID, limit]).map(Self.key)
        }
    }

    public func revoke(id: String, context: RequestContext) throws -> Bool {
        try database.write { db in
            try db.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [StoredTime.millis(context.now), id])
            guard db.changes > 0 else { return false }
            try SQLiteJournal.record(Mutation(entityType: "api_key", entityID: id, action: "revoked", changedFields: ["revokedAt"]), context: context, in: db)
            return true
        }
    }

    static func key(_ row: Row) -> APIKey {
        APIKey(
            id: row.string("id"), userID: row.string("user_id"), name: row.string("name"), prefix: row.string("prefix"),
            createdAt: StoredTime.date(row.int64("created_at")), revokedAt: row.optionalInt64("revoked_at").map(StoredTime.date)
        )
    }
}
