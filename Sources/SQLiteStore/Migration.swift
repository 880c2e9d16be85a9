/// One forward-only schema step: plain SQL, applied once, never edited after it ships.
///
/// `id`s run 1, 2, 3, … and become `PRAGMA user_version` once applied. The SQL
/// may hold several `;`-separated statements; it must not contain BEGIN or
/// COMMIT (the migrator wraps each step in its own transaction), and because
/// of that transaction `PRAGMA foreign_keys` cannot be changed inside it.
public struct Migration: Sendable, Equatable {
    /// The step's position, starting at 1.
    public var id: Int
    /// A short name recorded in `schema_migrations`, e.g. "create_customers".
    public var name: String
    /// The SQL to run.
    public var sql: String

    /// Creates a migration step.
    public init(id: Int, name: String, sql: String) {
        self.id = id
        self.name = name
        self.sql = sql
    }
}
