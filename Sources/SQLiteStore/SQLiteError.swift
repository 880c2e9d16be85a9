import CSQLite

/// An error reported by SQLite, with its extended result code, message and the SQL that failed.
///
/// Thrown by every `SQLiteStore` call that reaches SQLite. Repositories turn it
/// into domain errors using the `is…` helpers; result codes never leave the
/// persistence layer. Result codes: https://sqlite.org/rescode.html.
/// A plain value: safe to share between threads.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code, e.g. `SQLITE_CONSTRAINT_UNIQUE` (2067).
    ///
    /// Connections turn extended codes on (`sqlite3_extended_result_codes`),
    /// so this is the most specific code SQLite gave.
    public let extendedCode: Int32
    /// The human-readable message from `sqlite3_errmsg`, e.g. "UNIQUE constraint failed: customers.email".
    public let message: String
    /// The SQL text being prepared or run, when there was one. Never contains bound values.
    public let sql: String?

    /// Creates an error from a result code and message.
    ///
    /// - Parameters:
    ///   - extendedCode: an extended or primary result code; the primary code is its low 8 bits.
    ///   - message: what went wrong.
    ///   - sql: the statement involved, if any.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code, e.g. `SQLITE_CONSTRAINT` (19): the low 8 bits of `extendedCode`.
    public var code: Int32 { extendedCode & 0xFF }

    /// Any constraint violation (UNIQUE, PRIMARY KEY, FOREIGN KEY, CHECK, NOT NULL, …).
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }

    /// A UNIQUE or PRIMARY KEY violation: the row would duplicate an existing key.
    ///
    /// PRIMARY KEY is included because a duplicate key is the same conflict to
    /// callers; use `isPrimaryKeyConstraint` to tell them apart.
    public var isUniqueConstraint: Bool {
        extendedCode == kehu_SQLITE_CONSTRAINT_UNIQUE || extendedCode == kehu_SQLITE_CONSTRAINT_PRIMARYKEY
    }

    /// A PRIMARY KEY violation only.
    public var isPrimaryKeyConstraint: Bool { extendedCode == kehu_SQLITE_CONSTRAINT_PRIMARYKEY }

    /// A FOREIGN KEY violation (connections always run with `PRAGMA foreign_keys = ON`).
    public var isForeignKeyConstraint: Bool { extendedCode == kehu_SQLITE_CONSTRAINT_FOREIGNKEY }

    /// A CHECK constraint violation.
    public var isCheckConstraint: Bool { extendedCode == kehu_SQLITE_CONSTRAINT_CHECK }

    /// A NOT NULL constraint violation.
    public var isNotNullConstraint: Bool { extendedCode == kehu_SQLITE_CONSTRAINT_NOTNULL }

    /// Another connection or process held a lock past the busy timeout (`SQLITE_BUSY` or `SQLITE_LOCKED`).
    ///
    /// Usually transient: the caller may retry or answer 503.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    /// The disk or the database size limit is full (`SQLITE_FULL`).
    public var isFull: Bool { code == SQLITE_FULL }

    /// A write was attempted on a read-only connection or file (`SQLITE_READONLY`).
    public var isReadOnly: Bool { code == SQLITE_READONLY }

    /// The file is damaged (`SQLITE_CORRUPT`) or is not a database at all (`SQLITE_NOTADB`).
    ///
    /// `SQLITE_NOTADB` is included because a damaged header page reports it.
    public var isCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }

    /// "SQLite error 2067 (constraint failed): UNIQUE constraint failed: t.x [SQL: INSERT …]".
    public var description: String {
        // sqlite3_errstr gives the generic English text for the code; it is a static string.
        let generic = sqlite3_errstr(extendedCode).map { String(cString: $0) } ?? "unknown error"
        var text = "SQLite error \(extendedCode) (\(generic)): \(message)"
        if let sql {
            text += " [SQL: \(sql)]"
        }
        return text
    }
}

extension SQLiteError {
    /// Builds an error from a failed call on `db`, reading its current message.
    ///
    /// `resultCode` is the value the failing call returned; with extended result
    /// codes on it is already the extended code.
    init(resultCode: Int32, db: OpaquePointer?, sql: String?) {
        let message: String
        if let db, let text = sqlite3_errmsg(db) {
            message = String(cString: text)
        } else {
            message = sqlite3_errstr(resultCode).map { String(cString: $0) } ?? "unknown error"
        }
        self.init(extendedCode: resultCode, message: message, sql: sql)
    }
}
