import CSQLite

/// One SQLite connection: owns a `sqlite3*` and its cache of prepared statements.
///
/// Threading: opened with `SQLITE_OPEN_NOMUTEX` (multi-thread mode,
/// https://sqlite.org/threadsafe.html), so SQLite does not lock it; it must be
/// used by one thread at a time. `DatabasePool` guarantees that by leasing each
/// connection to a single thread, which is why this class is not `Sendable`.
/// Lifetime: closed exactly once, by `close()` or else by `deinit`.
final class Connection {
    /// The open handle; `nil` once closed.
    private var handle: OpaquePointer?
    /// Prepared statements by SQL text, reused across executions.
    private var statementCache: [String: Statement] = [:]
    private let statementCacheCapacity: Int
    /// Monotonic counter stamped on statements as they are used, for LRU eviction.
    private var useTick: UInt64 = 0
    /// Bumped by the pool each time it lends or takes back this connection;
    /// a `Database` handle remembers the value it was made with, which catches
    /// a handle used after its closure returned.
    var leaseGeneration: UInt64 = 0

    /// Wraps an already-open handle. Use `Connection.open(configuration:role:)`.
    init(handle: OpaquePointer, statementCacheCapacity: Int) {
        self.handle = handle
        self.statementCacheCapacity = max(statementCacheCapacity, 1)
    }

    deinit {
        close()
    }

    /// The live handle. Using a closed connection is a programmer error.
    var db: OpaquePointer {
        guard let handle else { preconditionFailure("SQLite connection used after close()") }
        return handle
    }

    /// Finalizes cached statements and closes the handle; later calls do nothing.
    ///
    /// `sqlite3_close_v2` is used so that a statement still alive somewhere
    /// cannot make the close fail: the handle becomes a zombie that SQLite frees
    /// when that statement is finalized (https://sqlite.org/c3ref/close.html).
    func close() {
        guard let handle else { return }
        statementCache.removeAll()
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE (`sqlite3_changes64`).
    var changes: Int { Int(sqlite3_changes64(db)) }

    /// The rowid of the most recent successful INSERT (`sqlite3_last_insert_rowid`).
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(db) }

    /// Whether a transaction is open (`sqlite3_get_autocommit` is off).
    var isInTransaction: Bool { sqlite3_get_autocommit(db) == 0 }

    /// Heap this connection's page cache holds (https://sqlite.org/c3ref/c_dbstatus_options.html).
    var pageCacheBytes: Int {
        var current: Int32 = 0
        var highwater: Int32 = 0
        sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_USED, &current, &highwater, 0)
        return Int(current)
    }

    /// Runs one statement to completion, ignoring any rows it returns.
    func execute(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws {
        try withStatement(sql, arguments) { statement in
            while try statement.step() {}
        }
    }

    /// Runs one statement and collects every row.
    func query(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> [Row] {
        var rows: [Row] = []
        try forEachRow(sql, arguments) { rows.append($0) }
        return rows
    }

    /// Runs one statement and returns its first row, or `nil` when there is none.
    func queryOne(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> Row? {
        try withStatement(sql, arguments) { statement in
            guard try statement.step() else { return nil }
            return Row(columns: statement.makeColumns(), values: statement.currentValues())
        }
    }

    /// Runs one statement, calling `body` for each row as it is stepped (no buffering).
    func forEachRow(_ sql: String, _ arguments: [any SQLiteBindable], _ body: (Row) throws -> Void) throws {
        try withStatement(sql, arguments) { statement in
            var columns: RowColumns?
            while try statement.step() {
                let shared = columns ?? statement.makeColumns()
                columns = shared
                try body(Row(columns: shared, values: statement.currentValues()))
            }
        }
    }

    /// Runs SQL that may hold several statements separated by `;`, none with placeholders.
    ///
    /// Loops over `sqlite3_prepare_v2`'s tail pointer rather than calling
    /// `sqlite3_exec`, so a failure reports the statement that failed. Statements
    /// are not cached: scripts (migrations) run once.
    func executeScript(_ sql: String) throws {
        let db = self.db
        try sql.withCString { start in
            var cursor: UnsafePointer<CChar>? = start
            while let current = cursor, current.pointee != 0 {
                var prepared: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let result = sqlite3_prepare_v2(db, current, -1, &prepared, &tail)
                guard result == SQLITE_OK else {
                    throw SQLiteError(resultCode: result, db: db, sql: String(cString: current))
                }
                defer { sqlite3_finalize(prepared) }
                cursor = tail
                // Whitespace or a comment compiles to no statement.
                guard let prepared else { continue }
                var step = sqlite3_step(prepared)
                while step == SQLITE_ROW {
                    step = sqlite3_step(prepared)
                }
                guard step == SQLITE_DONE else {
                    let text = sqlite3_sql(prepared).map { String(cString: $0) }
                    throw SQLiteError(resultCode: step, db: db, sql: text)
                }
            }
        }
    }

    /// Lends a bound statement to `body`, then resets it (which also clears bindings).
    private func withStatement<T>(
        _ sql: String,
        _ arguments: [any SQLiteBindable],
        _ body: (Statement) throws -> T
    ) throws -> T {
        let statement = try statement(for: sql)
        statement.isInUse = true
        defer {
            statement.reset()
            statement.isInUse = false
        }
        try statement.bind(arguments)
        return try body(statement)
    }

    /// A cached statement for `sql`, or a fresh one.
    ///
    /// When the cached statement is busy (the same SQL run again from inside a
    /// `forEachRow` body), a one-off uncached statement is returned instead.
    private func statement(for sql: String) throws -> Statement {
        useTick &+= 1
        if let cached = statementCache[sql] {
            if cached.isInUse {
                return try Statement(db: db, sql: sql, persistent: false)
            }
            cached.lastUsedTick = useTick
            return cached
        }
        let statement = try Statement(db: db, sql: sql, persistent: true)
        statement.lastUsedTick = useTick
        if statementCache.count >= statementCacheCapacity {
            evictLeastRecentlyUsed()
        }
        statementCache[sql] = statement
        return statement
    }

    /// Drops the idle statement used longest ago. Linear, but only on a cache
    /// miss with a full cache, and the cache is small.
    private func evictLeastRecentlyUsed() {
        let idle = statementCache.values.filter { !$0.isInUse }
        guard let oldest = idle.min(by: { $0.lastUsedTick < $1.lastUsedTick }) else { return }
        statementCache[oldest.sql] = nil
    }

    /// How many statements are cached; for tests.
    var cachedStatementCount: Int { statementCache.count }
}
