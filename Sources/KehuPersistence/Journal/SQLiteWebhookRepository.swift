import Foundation
import KehuCore
import SQLiteStore

/// Webhooks, their queued deliveries and every attempt, in SQLite.
public struct SQLiteWebhookRepository: WebhookRepository {
    private let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func insert(_ webhook: Webhook, secret: String, context: RequestContext) throws {
        try database.write { db in
            try db.execute("""
                INSERT INTO webhooks (id, url, events, secret, active, consecutive_failures, disabled_reason, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)
                """, [webhook.id, webhook.url, StoredJSON.encode(webhook.events), secret, webhook.active,
                      StoredTime.millis(webhook.createdAt), StoredTime.millis(webhook.updatedAt), webhook.version])
            try SQLiteJournal.record(Mutation(entityType: "webhook", entityID: webhook.id, action: "created", changedFields: ["url", "events"]), context: context, in: db)
        }
    }

    public func find(id: String) throws -> Webhook? {
        try database.read { db in try db.queryOne("SELECT * FROM webhooks WHERE id = ?", [id]).map(Self.webhook) }
    }

    public func list(after cursor: String?, limit: Int) throws -> [Webhook] {
        try database.read { db in
            try db.query("SELECT * FROM webhooks WHERE (?1 IS NULL OR id > ?1) ORDER BY id LIMIT ?2", [cursor, limit]).map(Self.webhook)
        }
    }

    public func update(_ webhook: Webhook, expectedVersion: Int, mutation: Mutation, context: RequestContext) throws {
        try database.write { db in
            try db.execute("""
                UPDATE webhooks SET url = ?, events = ?, active = ?, consecutive_failures = ?, disabled_reason = ?, updated_at = ?, version = ?
                WHERE id = ? AND version = ?
                """, [webhook.url, StoredJSON.encode(webhook.events), webhook.active, webhook.consecutiveFailures, webhook.disabledReason,
                      StoredTime.millis(webhook.updatedAt), webhook.version, webhook.id, expectedVersion])
            if db.changes == 0 {
                guard try db.queryOne("SELECT 1 FROM webhooks WHERE id = ?", [webhook.id]) != nil else { throw KehuError.notFound(entity: "webhook", id: webhook.id) }
                throw KehuError.preconditionFailed("The webhook changed since version \(expectedVersion); fetch it again.")
            }
            try SQLiteJournal.record(mutation, context: context, in: db)
        }
    }

    public func delete(id: String, expectedVersion: Int?, context: RequestContext) throws -> Bool {
        try database.write { db in
            guard let row = try db.queryOne("SELECT version FROM webhooks WHERE id = ?", [id]) else { return false }
            try Versioning.check(expectedVersion, current: row.int("version"), entity: "webhook")
            try db.execute("DELETE FROM webhooks WHERE id = ?", [id])
            try SQLiteJournal.record(Mutation(entityType: "webhook", entityID: id, action: "deleted"), context: context, in: db)
            return true
        }
    }

    public func deliveries(webhookID: String, before cursor: Int64?, limit: Int) throws -> [WebhookDelivery] {
        try database.read { db in
            let rows = try db.query("""
                SELECT d.*, e.type AS event_type FROM webhook_deliveries d JOIN events e ON e.seq = d.event_seq
                WHERE d.webhook_id = ?1 AND (?2 IS NULL OR d.id < ?2) ORDER BY d.id DESC LIMIT ?3
                """, [webhookID, cursor, limit])
            return try rows.map { row in
                let id = row.int64("id")
                let attempts = try db.query("SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY number", [id]).map { a in
                    WebhookAttempt(number: a.int("number"), at: StoredTime.date(a.int64("at")), statusCode: a.optionalInt("status_code"),
                                   error: a.optionalString("error"), durationMilliseconds: a.int("duration_ms"))
                }
                return WebhookDelivery(
                    id: id, webhookID: row.string("webhook_id"), eventSequence: row.int64("event_seq"), eventType: row.string("event_type"),
                    status: WebhookDelivery.Status(rawValue: row.string("status")) ?? .pending,
                    nextAttemptAt: row.optionalInt64("next_attempt_at").map(StoredTime.date), createdAt: StoredTime.date(row.int64("created_at")),
                    deliveredAt: row.optionalInt64("delivered_at").map(StoredTime.date), attempts: attempts
                )
            }
        }
    }

    public func claimDue(now: Date, lease: TimeInterval, limit: Int) throws -> [DueDelivery] {
        let time = StoredTime.millis(now)
        return try database.write { db in
            let rows = try db.query("""
                SELECT d.id, d.webhook_id, d.attempts, w.url, w.secret, e.* FROM webhook_deliveries d
                JOIN webhooks w ON w.id = d.webhook_id JOIN events e ON e.seq = d.event_seq
                WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 AND (d.lease_until IS NULL OR d.lease_until <= ?1) AND w.active = 1
                ORDER BY d.next_attempt_at, d.id LIMIT ?2
                """, [time, limit])
            for row in rows {
                try db.execute("UPDATE webhook_deliveries SET lease_until = ? WHERE id = ?", [time + Int64(lease * 1000), row.int64("id")])
            }
            return rows.map { row in
                DueDelivery(
                    id: row.int64("id"), webhookID: row.string("webhook_id"), url: row.string("url"), secret: row.string("secret"),
                    event: ChangeEvent(sequence: row.int64("seq"), type: row.string("type"), entityType: row.string("entity_type"),
                                       entityID: row.string("entity_id"), changedFields: StoredJSON.decode([String].self, row.string("changed_fields")) ?? [],
                                       occurredAt: StoredTime.date(row.int64("occurred_at"))),
                    attemptsSoFar: row.int("attempts")
                )
            }
        }
    }

    @discardableResult
    public func record(_ attempt: WebhookAttempt, deliveryID: Int64, outcome: DeliveryOutcome, disableAfter: Int, now: Date) throws -> Bool {
        let time = StoredTime.millis(now)
        return try database.write { db in
            // The webhook may have been deleted (its deliveries with it) while the attempt
            // ran; then there is nothing left to record.
            guard let webhookID = try db.queryOne("SELECT webhook_id FROM webhook_deliveries WHERE id = ? AND status = 'pending'", [deliveryID])?
                .string("webhook_id") else { return false }
            try db.execute("INSERT OR REPLACE INTO webhook_attempts (delivery_id, number, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                           [deliveryID, attempt.number, StoredTime.millis(attempt.at), attempt.statusCode, attempt.error, attempt.durationMilliseconds])
            switch outcome {
            case .succeeded:
                try db.execute("UPDATE webhook_deliveries SET status = 'succeeded', attempts = ?, delivered_at = ?, lease_until = NULL, next_attempt_at = NULL WHERE id = ?",
                               [attempt.number, time, deliveryID])
                try db.execute("UPDATE webhooks SET consecutive_failures = 0 WHERE id = ?", [webhookID])
            case .retry(let at):
                try db.execute("UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, lease_until = NULL WHERE id = ?",
                               [attempt.number, StoredTime.millis(at), deliveryID])
            case .failed(let reason):
                try db.execute("UPDATE webhook_deliveries SET status = 'failed', attempts = ?, lease_until = NULL, next_attempt_at = NULL WHERE id = ?",
                               [attempt.number, deliveryID])
                try db.execute("UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = ?", [webhookID])
                let failures = try db.scalar("SELECT consecutive_failures FROM webhooks WHERE id = ?", [webhookID])?.int64Value ?? 0
                let why = reason ?? (failures >= Int64(disableAfter) ? "\(failures) deliveries in a row failed" : nil)
                if let why {
                    try db.execute("UPDATE webhooks SET active = 0, disabled_reason = ?, updated_at = ?, version = version + 1 WHERE id = ? AND active = 1",
                                   [why, time, webhookID])
                    if db.changes > 0 {
                        try SQLiteJournal.record(Mutation(entityType: "webhook", entityID: webhookID, action: "disabled", changedFields: ["active"], auditValues: ["active": "false"]),
                                                 context: RequestContext(principal: .system, requestID: "webhook-sender", now: now), in: db)
                    }
                }
            }
            return try db.queryOne("SELECT active FROM webhooks WHERE id = ?", [webhookID])?.bool("active") ?? false
        }
    }

    static func webhook(_ row: Row) -> Webhook {
        Webhook(
            id: row.string("id"), url: row.string("url"), events: StoredJSON.decode([String].self, row.string("events")) ?? [],
            active: row.bool("active"), consecutiveFailures: row.int("consecutive_failures"), disabledReason: row.optionalString("disabled_reason"),
            createdAt: StoredTime.date(row.int64("created_at")), updatedAt: StoredTime.date(row.int64("updated_at")), version: row.int("version")
        )
    }
}
