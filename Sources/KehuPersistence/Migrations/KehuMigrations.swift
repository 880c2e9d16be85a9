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
    ]
}
