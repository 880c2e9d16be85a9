import KehuCore
import SQLiteStore

/// Kehu's database: the pool, opened and migrated, with SQLite errors translated into
/// `KehuError` at this one seam so that SQLite codes never reach handlers.
public final class KehuDatabase: Sendable {
    /// The underlying pool, for repositories.
    public let pool: DatabasePool

    /// Opens (creating if needed) and migrates the database at `configuration.path`.
    /// Returns the database and the migrations applied now.
    public static func open(_ configuration: DatabaseConfiguration) throws -> (KehuDatabase, applied: [Migration]) {
        let pool = try DatabasePool(configuration: configuration)
        do {
            let applied = try Migrator(migrations: KehuMigrations.all).migrate(pool)
            return (KehuDatabase(pool: pool), applied)
        } catch {
            pool.close()
            throw error
        }
    }

    init(pool: DatabasePool) { self.pool = pool }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`), translating storage errors.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch { throw Self.translate(error) }
    }

    /// Runs `body` in a read transaction on a reader, translating storage errors.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw Self.translate(error) }
    }

    /// Refreshes the query planner's statistics (sqlite.org/lang_analyze.html), sampling at
    /// most 1,000 rows per index so it stays cheap: with them, each list filter is served
    /// by its own index instead of the one that avoids sorting. Every table, or the ones
    /// named (in one transaction, so connections reload the schema once).
    public func refreshStatistics(of tables: [String]? = nil) throws {
        try write { db in
            try db.withPageCacheLimit(kibibytes: Self.maintenanceCacheKiB) {
                try db.execute("PRAGMA analysis_limit = 1000")
                guard let tables else { return try db.execute("ANALYZE") }
                for table in tables { try db.execute("ANALYZE \(Self.quoted(table))") }
            }
        }
    }

    /// The page cache a connection keeps while maintenance reads whole tables: with the
    /// full --cache-mib, the hourly sweep's scans left each connection it used holding up
    /// to that much, and the soak's RSS jumped 24-28 MiB at every sweep.
    static let maintenanceCacheKiB = 1024

    /// Closes every connection; later calls fail with `KehuError.unavailable`.
    public func close() { pool.close() }

    /// Maps storage failures to what a client can act on: constraint violations are
    /// conflicts (409) or invalid references (422), a full disk is 507, a locked or
    /// read-only database is 503. Domain errors pass through unchanged.
    static func translate(_ error: any Error) -> any Error {
        if error is KehuError { return error }
        if let error = error as? SQLiteError {
            if error.isUniqueConstraint { return KehuError.conflict("A record with the same unique value already exists.") }
            if error.isForeignKeyConstraint {
                return KehuError.validation([FieldError(field: "body", message: "A referenced record does not exist.")])
            }
            if error.isConstraint { return KehuError.validation([FieldError(field: "body", message: "A value breaks a rule of the data model.")]) }
            if error.isFull { return KehuError.storageFull }
            if error.isBusy { return KehuError.unavailable("The database is busy; retry shortly.") }
            if error.isReadOnly { return KehuError.unavailable("The database is read-only.") }
        }
        if let error = error as? DatabasePoolError, case .closed = error {
            return KehuError.unavailable("The database is closed.")
        }
        return error
    }
}

/// Liveness and readiness from the pool.
public struct SQLiteHealthCheck: HealthCheck {
    private let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func isAlive() -> Bool { !database.pool.statistics.isClosed }

    public func checkReady() throws {
        _ = try database.read { db in try db.scalar("SELECT 1") }
    }
}
