import Foundation

/// Applies ordered, forward-only migrations to a `DatabasePool`.
///
/// Each pending step runs in its own `BEGIN IMMEDIATE` transaction that also
/// sets `PRAGMA user_version` to the step's id and records it in
/// `schema_migrations(id, name, applied_at)`: a failing step rolls back
/// completely and leaves the database at the previous step. `user_version` is
/// the source of truth (https://sqlite.org/pragma.html#pragma_user_version);
/// the table is the human-readable history. Safe to run from several processes:
/// each step re-reads the version under the write lock.
public struct Migrator: Sendable {
    /// The steps, in order.
    public let migrations: [Migration]
    private let now: @Sendable () -> Date

    /// Creates a migrator.
    ///
    /// - Parameters:
    ///   - migrations: steps with ids 1, 2, 3, … (checked by `migrate`).
    ///   - now: the clock for `applied_at`; injected so tests are deterministic.
    public init(migrations: [Migration], now: @escaping @Sendable () -> Date = { Date() }) {
        self.migrations = migrations
        self.now = now
    }

    /// Brings the database up to the last migration.
    ///
    /// Blocks the calling thread; takes the pool's writer once per pending step.
    ///
    /// - Returns: the migrations applied by this call, in order (empty when up to date).
    /// - Throws: `MigrationError.nonSequentialIDs` before touching the database;
    ///   `MigrationError.databaseNewerThanCode`; the failing step's `SQLiteError`
    ///   (earlier steps of this call stay applied).
    @discardableResult
    public func migrate(_ pool: DatabasePool) throws -> [Migration] {
        for (position, migration) in migrations.enumerated() where migration.id != position + 1 {
            throw MigrationError.nonSequentialIDs(position: position, expected: position + 1, found: migration.id)
        }
        let latest = migrations.count
        let current = try pool.read { db in try Self.userVersion(db) }
        guard current <= latest else {
            throw MigrationError.databaseNewerThanCode(databaseVersion: current, latestKnown: latest)
        }

        var applied: [Migration] = []
        for migration in migrations where migration.id > current {
            let didApply = try pool.write { db in
                // Another process may have migrated since the read above; the
                // write lock makes this re-check authoritative.
                let version = try Self.userVersion(db)
                guard version < migration.id else { return false }
                guard version == migration.id - 1 else {
                    throw MigrationError.databaseNewerThanCode(databaseVersion: version, latestKnown: latest)
                }
                try apply(migration, db)
                return true
            }
            if didApply { applied.append(migration) }
        }
        return applied
    }

    private func apply(_ migration: Migration, _ db: Database) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """)
        try db.executeScript(migration.sql)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        try db.execute(
            "INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)",
            [migration.id, migration.name, formatter.string(from: now())]
        )
        // PRAGMA takes no parameters; the id is an Int, not outside text.
        // user_version lives in the file header, so it commits or rolls back with the step.
        try db.execute("PRAGMA user_version = \(migration.id)")
    }

    /// The database's `PRAGMA user_version` (0 for a new file).
    static func userVersion(_ db: Database) throws -> Int {
        Int(try db.scalar("PRAGMA user_version")?.int64Value ?? 0)
    }
}
