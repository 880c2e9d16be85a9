/// One SQLite value, as stored in a column or bound to a `?` placeholder.
///
/// The five cases are SQLite's storage classes (https://sqlite.org/datatype3.html).
/// A plain value: safe to share between threads.
public enum SQLiteValue: Sendable, Hashable {
    /// SQL `NULL`. Distinct from `.text("")` and from `.blob([])`.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// An IEEE 754 double. Binding NaN stores `NULL`, as SQLite does.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])
}

extension SQLiteValue {
    /// Whether this is SQL `NULL`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The integer, or `nil` when this is not `.integer`.
    public var int64Value: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The number as a double: `.real` as is, `.integer` converted; otherwise `nil`.
    ///
    /// Integers are accepted because SQLite returns them for REAL-looking
    /// expressions such as `sum()` over whole numbers.
    public var doubleValue: Double? {
        switch self {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    /// The text, or `nil` when this is not `.text`.
    public var stringValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The bytes, or `nil` when this is not `.blob`.
    public var blobValue: [UInt8]? {
        if case .blob(let value) = self { return value }
        return nil
    }

    /// The name of the storage class, as SQL's `typeof()` spells it; used in diagnostics.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .integer: return "integer"
        case .real: return "real"
        case .text: return "text"
        case .blob: return "blob"
        }
    }
}
