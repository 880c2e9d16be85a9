/// A Swift value that can be bound to a `?` placeholder.
///
/// Statements take `[any SQLiteBindable]`, so call sites read
/// `try db.execute("INSERT INTO t(name, n) VALUES (?, ?)", [name, 3])`.
/// An optional binds `NULL` when it is `nil`; a bare `nil` literal has no type
/// in such an array, so write `SQLiteValue.null` or `String?.none` instead.
/// Conformers are values, hence `Sendable`.
public protocol SQLiteBindable: Sendable {
    /// The value to bind. Must be cheap and must not throw.
    var sqliteValue: SQLiteValue { get }
}

extension SQLiteValue: SQLiteBindable {
    /// The value itself.
    public var sqliteValue: SQLiteValue { self }
}

extension Int: SQLiteBindable {
    /// `.integer`; `Int` is 64-bit on every platform Kehu builds for.
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Int64: SQLiteBindable {
    /// `.integer`.
    public var sqliteValue: SQLiteValue { .integer(self) }
}

extension Int32: SQLiteBindable {
    /// `.integer`.
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Double: SQLiteBindable {
    /// `.real`.
    public var sqliteValue: SQLiteValue { .real(self) }
}

extension Bool: SQLiteBindable {
    /// `.integer(1)` or `.integer(0)`: SQLite has no boolean type
    /// (https://sqlite.org/datatype3.html#boolean_datatype).
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension String: SQLiteBindable {
    /// `.text`; the empty string stays text, never `NULL`.
    public var sqliteValue: SQLiteValue { .text(self) }
}

extension Array: SQLiteBindable where Element == UInt8 {
    /// `.blob`; the empty array stays a zero-length blob, never `NULL`.
    public var sqliteValue: SQLiteValue { .blob(self) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    /// The wrapped value, or `.null` when `nil`.
    public var sqliteValue: SQLiteValue {
        switch self {
        case .some(let value): return value.sqliteValue
        case .none: return .null
        }
    }
}
