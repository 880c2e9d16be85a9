import SQLiteStore

/// Kehu's schema history, oldest first. Shipped migrations are never edited; a change
/// is a new step at the end (STYLE §8.10).
public enum KehuMigrations {
    /// Every migration in order.
    public static let all: [Migration] = [
        Migration(id: 1, name: "settings", sql: """
            -- Named JSON documents for service settings (cadence, SLA, priority weights, ...).
            CREATE TABLE settings (
                key        TEXT PRIMARY KEY NOT NULL,
                value      TEXT NOT NULL CHECK (json_valid(value)),
                version    INTEGER NOT NULL DEFAULT 1,
                updated_at TEXT NOT NULL
            ) STRICT;
            """),
        Migration(id: 2, name: "identity_and_journal", sql: """
            -- Times are integer milliseconds since 1970 (UTC): sortable, exact, cheap.
            CREATE TABLE users (
                id         TEXT PRIMARY KEY NOT NULL,
                name       TEXT NOT NULL,
                email      TEXT NOT NULL UNIQUE,
                role       TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'rep', 'viewer')),
                active     INTEGER NOT NULL CHECK (active IN (0, 1)),
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                version    INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX users_active_admins ON users (role, active);

            CREATE TABLE api_keys (
                id          TEXT PRIMARY KEY NOT NULL,
                user_id     TEXT NOT NULL REFERENCES users (id),
                name        TEXT NOT NULL,
                prefix      TEXT NOT NULL,
                secret_hash BLOB NOT NULL,
                created_at  INTEGER NOT NULL,
                revoked_at  INTEGER
            ) STRICT;
            CREATE INDEX api_keys_prefix ON api_keys (prefix);
            CREATE INDEX api_keys_user ON api_keys (user_id, id);

            -- Who changed what: field names always, values only for non-personal fields.
            CREATE TABLE audit_log (
                seq            INTEGER PRIMARY KEY AUTOINCREMENT,
                occurred_at    INTEGER NOT NULL,
                actor_id       TEXT NOT NULL,
                key_id         TEXT,
                request_id     TEXT NOT NULL,
                entity_type    TEXT NOT NULL,
                entity_id      TEXT NOT NULL,
                action         TEXT NOT NULL,
                changed_fields TEXT NOT NULL CHECK (json_valid(changed_fields)),
                field_values   TEXT NOT NULL CHECK (json_valid(field_values))
            ) STRICT;
            CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, seq);
            CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);

            -- The change feed. One writer commits in seq order, so seq is commit order.
            CREATE TABLE events (
                seq            INTEGER PRIMARY KEY AUTOINCREMENT,
                type           TEXT NOT NULL,
                entity_type    TEXT NOT NULL,
                entity_id      TEXT NOT NULL,
                changed_fields TEXT NOT NULL CHECK (json_valid(changed_fields)),
                occurred_at    INTEGER NOT NULL
            ) STRICT;

            -- First responses to POSTs with an Idempotency-Key, kept 24 hours.
            CREATE TABLE idempotency_keys (
                owner        TEXT NOT NULL,
                key          TEXT NOT NULL,
                request_hash BLOB NOT NULL,
                status       INTEGER NOT NULL,
                headers      TEXT NOT NULL CHECK (json_valid(headers)),
                body         BLOB NOT NULL,
                created_at   INTEGER NOT NULL,
                PRIMARY KEY (owner, key)
            ) STRICT;
            CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
            """),
        Migration(id: 3, name: "webhooks", sql: """
            CREATE TABLE webhooks (
                id                   TEXT PRIMARY KEY NOT NULL,
                url                  TEXT NOT NULL,
                events               TEXT NOT NULL CHECK (json_valid(events)),
                secret               TEXT NOT NULL,
                active               INTEGER NOT NULL CHECK (active IN (0, 1)),
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                disabled_reason      TEXT,
                created_at           INTEGER NOT NULL,
                updated_at           INTEGER NOT NULL,
                version              INTEGER NOT NULL
            ) STRICT;

            -- Queued in the transaction of the change; the sender leases due rows.
            CREATE TABLE webhook_deliveries (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
                event_seq       INTEGER NOT NULL REFERENCES events (seq),
                status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER,
                lease_until     INTEGER,
                created_at      INTEGER NOT NULL,
                delivered_at    INTEGER
            ) STRICT;
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
            CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);

            CREATE TABLE webhook_attempts (
                delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
                number      INTEGER NOT NULL,
                at          INTEGER NOT NULL,
                status_code INTEGER,
                error       TEXT,
                duration_ms INTEGER NOT NULL,
                PRIMARY KEY (delivery_id, number)
            ) STRICT;
            """),
    ]
}
