import KehuCore
import SQLiteStore

/// Writes a mutation's audit entry and change event inside the caller's transaction, so
/// they commit or roll back with the change itself.
enum SQLiteJournal {
    static func record(_ mutation: Mutation, context: RequestContext, in db: Database) throws {
        let at = StoredTime.millis(context.now)
        let fields = StoredJSON.encode(mutation.changedFields)
        try db.execute("""
            INSERT INTO audit_log (occurred_at, actor_id, key_id, request_id, entity_type, entity_id, action, changed_fields, field_values)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [at, context.principal.userID, context.principal.keyID, context.requestID, mutation.entityType,
                  mutation.entityID, mutation.action, fields, StoredJSON.encode(mutation.auditValues)])
        try db.execute("""
            INSERT INTO events (type, entity_type, entity_id, changed_fields, occurred_at) VALUES (?, ?, ?, ?, ?)
            """, [mutation.eventType, mutation.entityType, mutation.entityID, fields, at])
        // Queue a delivery for every active webhook that wants this event, in this same
        // transaction: a committed change always has its deliveries, a rolled-back one none.
        // The event's seq is bound, not read with last_insert_rowid() in the SELECT: that
        // function changes as each delivery row is inserted, so a second matching webhook
        // would get the first delivery's id as its event (sqlite.org/c3ref/last_insert_rowid.html).
        try db.execute("""
            INSERT INTO webhook_deliveries (webhook_id, event_seq, status, next_attempt_at, created_at)
            SELECT id, ?1, 'pending', ?2, ?2 FROM webhooks
            WHERE active = 1 AND EXISTS (SELECT 1 FROM json_each(webhooks.events) WHERE value = '*' OR value = ?3)
            """, [db.lastInsertRowID, at, mutation.eventType])
    }
}

/// Reads the audit trail (newest first) and the change feed (in commit order).
public struct SQLiteJournalRepository: JournalRepository {
    private let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func audit(filter: AuditFilter, after cursor: String?, limit: Int) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: [any SQLiteBindable] = []
        if let cursor {
            guard let seq = Int64(cursor), seq > 0 else { throw KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")]) }
            conditions.append("seq < ?")
            arguments.append(seq)
        }
        if let type = filter.entityType { conditions.append("entity_type = ?"); arguments.append(type) }
        if let id = filter.entityID { conditions.append("entity_id = ?"); arguments.append(id) }
        if let actor = filter.actorID { conditions.append("actor_id = ?"); arguments.append(actor) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(limit)
        return try database.read { db in
            try db.query("SELECT * FROM audit_log \(whereClause) ORDER BY seq DESC LIMIT ?", arguments).map { row in
                AuditEntry(
                    id: String(row.int64("seq")), occurredAt: StoredTime.date(row.int64("occurred_at")),
                    actorID: row.string("actor_id"), keyID: row.optionalString("key_id"), requestID: row.string("request_id"),
                    entityType: row.string("entity_type"), entityID: row.string("entity_id"), action: row.string("action"),
                    changedFields: StoredJSON.decode([String].self, row.string("changed_fields")) ?? [],
                    values: StoredJSON.decode([String: String].self, row.string("field_values")) ?? [:]
                )
            }
        }
    }

    public func events(after sequence: Int64, limit: Int) throws -> [ChangeEvent] {
        try database.read { db in
            try db.query("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", [sequence, limit]).map { row in
                ChangeEvent(
                    sequence: row.int64("seq"), type: row.string("type"), entityType: row.string("entity_type"),
                    entityID: row.string("entity_id"), changedFields: StoredJSON.decode([String].self, row.string("changed_fields")) ?? [],
                    occurredAt: StoredTime.date(row.int64("occurred_at"))
                )
            }
        }
    }
}
