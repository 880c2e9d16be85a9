/// The handle a `DatabasePool` closure receives: runs SQL on the leased connection.
///
/// Lifetime: valid only inside the `write`/`read`/`writeWithoutTransaction`
/// closure it was passed to. Do not store it or return it; using it after the
/// closure returns traps. Threading: use it only on the thread running the
/// closure (it is deliberately not `Sendable`). Calls are not reentrant into
/// the pool: calling `pool.write` from inside a write closure traps.
/// Errors: every method throws `SQLiteError` for failures SQLite reports;
/// misuse (wrong number of arguments, two statements in `execute`) traps.
public struct Database {
    private let connection: Connection
    private let generation: UInt64

    init(_ connection: Connection) {
        self.connection = connection
        self.generation = connection.leaseGeneration
    }

    /// The connection, after checking this handle's closure is still running.
    private var live: Connection {
        precondition(
            connection.leaseGeneration == generation,
            "Database handle used outside the closure it was passed to"
        )
        return connection
    }

    /// Runs one statement with `?` placeholders bound to `arguments`, ignoring any rows.
    public func execute(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws {
        try live.execute(sql, arguments)
    }

    /// Runs one statement and returns all its rows.
    public func query(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> [Row] {
        try live.query(sql, arguments)
    }

    /// Runs one statement and returns its first row, or `nil` when it returns none.
    public func queryOne(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> Row? {
        try live.queryOne(sql, arguments)
    }

    /// The first column of the first row; `nil` when there is no row
    /// (`.null` when the row's value is NULL).
    ///
    /// Example: `try db.scalar("SELECT count(*) FROM customers")?.int64Value`.
    public func scalar(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> SQLiteValue? {
        try live.queryOne(sql, arguments)?[0]
    }

    /// Calls `body` for each row as SQLite produces it, without collecting them.
    ///
    /// For large exports: memory stays flat. `body` may run other statements on
    /// this handle, including the same SQL. A throw from `body` stops the loop
    /// and is rethrown.
    public func forEachRow(
        _ sql: String,
        _ arguments: [any SQLiteBindable] = [],
        _ body: (Row) throws -> Void
    ) throws {
        try live.forEachRow(sql, arguments, body)
    }

    /// Runs SQL holding several `;`-separated statements, without placeholders
    /// (schema scripts). Must not contain BEGIN/COMMIT: the pool owns transactions.
    public func executeScript(_ sql: String) throws {
        try live.executeScript(sql)
    }

    /// Runs `body` with this connection's page cache held to `kibibytes`, then gives it
    /// back the size it had. For maintenance that reads whole tables: at full size such
    /// a scan fills the cache with pages no request wants, and once they are freed
    /// malloc keeps the space (docs/reliability.md, the soak's hourly sweep). Shrinking
    /// drops the clean pages over the limit at once; pages a write has dirtied stay.
    public func withPageCacheLimit<T>(kibibytes: Int, _ body: () throws -> T) throws -> T {
        let connection = live
        // cache_size is pages when positive, KiB when negative; either is restored as read.
        guard let size = try connection.queryOne("PRAGMA cache_size")?[0].int64Value else { return try body() }
        try connection.execute("PRAGMA cache_size = -\(max(kibibytes, 1))")
        // A failed restore leaves only a smaller cache: slower reads, nothing wrong.
        defer { try? connection.execute("PRAGMA cache_size = \(size)") }
        return try body()
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    public var changes: Int { live.changes }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { live.lastInsertRowID }
}

/// Not sendable: the handle belongs to the thread running the closure.
@available(*, unavailable)
extension Database: Sendable {}
