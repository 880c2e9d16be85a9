import CSQLite

/// SQLite's `SQLITE_TRANSIENT` destructor: "copy the bytes before the bind call returns".
///
/// The C macro is `((sqlite3_destructor_type)-1)`, which Swift cannot import,
/// so it is declared once here (https://sqlite.org/c3ref/bind_blob.html). Binding
/// with it means SQLite never points into Swift-owned memory after the call.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One prepared statement; owns its `sqlite3_stmt*` and finalizes it in `deinit`.
///
/// Used only by the `Connection` that prepared it, on that connection's
/// thread, so it is deliberately not `Sendable`. Parameters are bound 1-based
/// (https://sqlite.org/c3ref/bind_blob.html). After every use the owner calls
/// `reset()`, which also clears bindings, so a cached statement is always
/// clean before its next use.
final class Statement {
    /// The SQL this statement was prepared from (also the cache key).
    let sql: String
    /// The prepared statement. Never null while `self` exists.
    let handle: OpaquePointer
    /// How many `?` placeholders the SQL has.
    let parameterCount: Int
    /// True while an execution is stepping this statement, so a nested call
    /// with the same SQL (from inside `forEachRow`) gets a fresh statement
    /// instead of resetting this one under its caller.
    var isInUse = false
    /// When the cache last handed this statement out, for least-recently-used eviction.
    var lastUsedTick: UInt64 = 0

    /// Prepares exactly one statement.
    ///
    /// - Parameter persistent: passes `SQLITE_PREPARE_PERSISTENT`, the hint for
    ///   statements that will be cached and reused
    ///   (https://sqlite.org/c3ref/c_prepare_normalize.html).
    /// - Throws: `SQLiteError` when SQLite rejects the SQL.
    /// - Precondition: `sql` holds exactly one statement; scripts go through
    ///   `Connection.executeScript`, so a silently ignored second statement is a bug.
    init(db: OpaquePointer, sql: String, persistent: Bool) throws {
        self.sql = sql
        var prepared: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let result: Int32 = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let result = sqlite3_prepare_v3(db, text, -1, flags, &prepared, &tail)
            if result == SQLITE_OK, let tail, tail.pointee != 0 {
                // sqlite3_prepare compiles only the first statement. Anything
                // left must be whitespace or comments, which prepare to NULL.
                var extra: OpaquePointer?
                let extraResult = sqlite3_prepare_v2(db, tail, -1, &extra, nil)
                let hasMore = extraResult != SQLITE_OK || extra != nil
                sqlite3_finalize(extra)
                if hasMore {
                    sqlite3_finalize(prepared)
                    preconditionFailure("SQL has more than one statement; use executeScript: \(sql)")
                }
            }
            return result
        }
        guard result == SQLITE_OK else {
            let error = SQLiteError(resultCode: result, db: db, sql: sql)
            sqlite3_finalize(prepared)
            throw error
        }
        guard let prepared else {
            preconditionFailure("SQL holds no statement (only whitespace or comments): '\(sql)'")
        }
        self.handle = prepared
        self.parameterCount = Int(sqlite3_bind_parameter_count(prepared))
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `arguments` to placeholders 1…n.
    ///
    /// - Precondition: the count matches the SQL's placeholders.
    /// - Throws: `SQLiteError` (e.g. `SQLITE_TOOBIG` for an oversized blob).
    func bind(_ arguments: [any SQLiteBindable]) throws {
        precondition(
            arguments.count == parameterCount,
            "SQL has \(parameterCount) placeholders but \(arguments.count) arguments were given: \(sql)"
        )
        for (offset, argument) in arguments.enumerated() {
            try bind(argument.sqliteValue, at: Int32(offset + 1))
        }
    }

    /// Binds one value at a 1-based index.
    func bind(_ value: SQLiteValue, at index: Int32) throws {
        let result: Int32
        switch value {
        case .null:
            result = sqlite3_bind_null(handle, index)
        case .integer(let number):
            result = sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            result = sqlite3_bind_double(handle, index, number)
        case .text(let string):
            result = bindText(string, at: index)
        case .blob(let bytes):
            result = bytes.withUnsafeBytes { buffer in
                // A NULL data pointer would bind SQL NULL, so an empty array
                // binds a zero-length blob explicitly.
                guard let base = buffer.baseAddress, !buffer.isEmpty else {
                    return sqlite3_bind_zeroblob(handle, index, 0)
                }
                return sqlite3_bind_blob64(handle, index, base, UInt64(buffer.count), sqliteTransient)
            }
        }
        guard result == SQLITE_OK else {
            throw SQLiteError(resultCode: result, db: sqlite3_db_handle(handle), sql: sql)
        }
    }

    private func bindText(_ string: String, at index: Int32) -> Int32 {
        var string = string
        return string.withUTF8 { buffer in
            // As for blobs, a NULL pointer would mean SQL NULL: "" must stay text.
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            }
            // Passing the byte count keeps embedded NUL characters and skips a strlen.
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text in
                sqlite3_bind_text64(handle, index, text, UInt64(buffer.count), sqliteTransient, UInt8(SQLITE_UTF8))
            }
        }
    }

    /// Advances one step: `true` when a row is ready, `false` when done.
    ///
    /// - Throws: `SQLiteError` with the statement's SQL, e.g. a constraint
    ///   violation or `SQLITE_BUSY` after the busy timeout.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let result: throw SQLiteError(resultCode: result, db: sqlite3_db_handle(handle), sql: sql)
        }
    }

    /// Resets the statement and clears its bindings so it can be reused.
    ///
    /// Also ends the statement's implicit read transaction when the connection
    /// is in autocommit mode: a SELECT left un-reset keeps its snapshot (and
    /// blocks WAL checkpoints) alive. Its return value repeats the last step's
    /// error, which `step()` already threw, so it is ignored.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The current row's column names; call after a step returned a row.
    ///
    /// Asked per execution, not cached per statement: after a schema change
    /// SQLite re-prepares transparently and `SELECT *` may gain columns.
    func makeColumns() -> RowColumns {
        let count = sqlite3_column_count(handle)
        let names = (0..<count).map { column in
            sqlite3_column_name(handle, column).map { String(cString: $0) } ?? ""
        }
        return RowColumns(names: names)
    }

    /// Copies the current row's values out of SQLite.
    func currentValues() -> [SQLiteValue] {
        let count = sqlite3_column_count(handle)
        var values: [SQLiteValue] = []
        values.reserveCapacity(Int(count))
        for column in 0..<count {
            values.append(value(at: column))
        }
        return values
    }

    /// One column of the current row, copied out. 0-based.
    func value(at column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            // Ask for the pointer first, then the size: the documented safe
            // order (https://sqlite.org/c3ref/column_blob.html).
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            // A zero-length blob comes back as a NULL pointer.
            guard let bytes = sqlite3_column_blob(handle, column) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }
}
