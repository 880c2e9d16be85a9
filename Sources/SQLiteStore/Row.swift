/// One result row: its values plus the execution's shared column names.
///
/// Read by column name (`row["email"]`, case-insensitive, first match wins
/// when a name repeats) or by 0-based index (`row[0]`). Naming a column the
/// query did not select is a programmer error and traps. A `Row` is a value
/// copied out of SQLite, so it stays valid after the statement moves on and can
/// be shared between threads.
public struct Row: Sendable {
    let columns: RowColumns
    /// The values in result-column order.
    public let values: [SQLiteValue]

    init(columns: RowColumns, values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The column names in result order.
    public var columnNames: [String] { columns.names }

    /// The number of columns.
    public var count: Int { values.count }

    /// Whether the row has a column with this name (case-insensitive).
    public func hasColumn(_ name: String) -> Bool {
        columns.index(of: name) != nil
    }

    /// The value at a 0-based index. Traps when the index is out of range.
    public subscript(index: Int) -> SQLiteValue {
        precondition(values.indices.contains(index), "Row has \(values.count) columns; index \(index) is out of range")
        return values[index]
    }

    /// The value of the named column. Traps when there is no such column.
    public subscript(name: String) -> SQLiteValue {
        values[index(of: name)]
    }

    /// The index of a named column; traps when it is missing (a typo in SQL or Swift).
    func index(of name: String) -> Int {
        guard let index = columns.index(of: name) else {
            preconditionFailure("Row has no column named '\(name)'; columns are \(columns.names)")
        }
        return index
    }
}
