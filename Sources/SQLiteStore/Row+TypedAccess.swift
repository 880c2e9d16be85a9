/// Typed readers for `Row`.
///
/// Contract for every helper: the column must exist and hold the expected
/// storage class; the non-optional forms also reject `NULL`. A mismatch means
/// the SQL and the Swift disagree about the schema, which is a programmer error,
/// so it traps with the column name and the actual type rather than throwing.
extension Row {
    /// The text in the named column.
    public func string(_ name: String) -> String {
        expect(optionalString(name), name, "text")
    }

    /// The text in the named column, or `nil` for `NULL`.
    public func optionalString(_ name: String) -> String? {
        convert(name, "text") { $0.stringValue }
    }

    /// The integer in the named column as `Int`.
    public func int(_ name: String) -> Int {
        expect(optionalInt(name), name, "integer")
    }

    /// The integer in the named column as `Int`, or `nil` for `NULL`.
    public func optionalInt(_ name: String) -> Int? {
        // Int is 64-bit on every platform Kehu supports, so this never truncates there.
        convert(name, "integer") { $0.int64Value.flatMap { Int(exactly: $0) } }
    }

    /// The integer in the named column.
    public func int64(_ name: String) -> Int64 {
        expect(optionalInt64(name), name, "integer")
    }

    /// The integer in the named column, or `nil` for `NULL`.
    public func optionalInt64(_ name: String) -> Int64? {
        convert(name, "integer") { $0.int64Value }
    }

    /// The number in the named column; an integer is converted.
    public func double(_ name: String) -> Double {
        expect(optionalDouble(name), name, "real")
    }

    /// The number in the named column, or `nil` for `NULL`; an integer is converted.
    public func optionalDouble(_ name: String) -> Double? {
        convert(name, "real") { $0.doubleValue }
    }

    /// The boolean in the named column: integer 0 is `false`, any other integer `true`.
    public func bool(_ name: String) -> Bool {
        expect(optionalBool(name), name, "integer (boolean)")
    }

    /// The boolean in the named column, or `nil` for `NULL`.
    public func optionalBool(_ name: String) -> Bool? {
        convert(name, "integer (boolean)") { $0.int64Value.map { $0 != 0 } }
    }

    /// The bytes in the named column.
    public func blob(_ name: String) -> [UInt8] {
        expect(optionalBlob(name), name, "blob")
    }

    /// The bytes in the named column, or `nil` for `NULL`.
    public func optionalBlob(_ name: String) -> [UInt8]? {
        convert(name, "blob") { $0.blobValue }
    }

    /// `NULL` → `nil`; otherwise the converted value, trapping when conversion fails.
    private func convert<T>(_ name: String, _ expected: String, _ transform: (SQLiteValue) -> T?) -> T? {
        convert(self[name], label: name, expected, transform)
    }

    private func convert<T>(_ value: SQLiteValue, label: @autoclosure () -> String, _ expected: String, _ transform: (SQLiteValue) -> T?) -> T? {
        if value.isNull { return nil }
        guard let converted = transform(value) else {
            preconditionFailure("Column '\(label())' holds \(value.typeName), expected \(expected)")
        }
        return converted
    }

    private func expect<T>(_ value: T?, _ name: @autoclosure () -> String, _ expected: String) -> T {
        guard let value else {
            preconditionFailure("Column '\(name())' is NULL, expected \(expected)")
        }
        return value
    }
}

/// The same readers by 0-based position, for hot reads whose SELECT names its columns in
/// a fixed order: a name lookup per value was a twentieth of the agenda's CPU.
extension Row {
    /// The text at `index`.
    public func string(at index: Int) -> String {
        expect(optionalString(at: index), columnNames[index], "text")
    }

    /// The text at `index`, or `nil` for `NULL`.
    public func optionalString(at index: Int) -> String? {
        convert(self[index], label: columnNames[index], "text") { $0.stringValue }
    }

    /// The integer at `index` as `Int`.
    public func int(at index: Int) -> Int {
        expect(convert(self[index], label: columnNames[index], "integer") { $0.int64Value.flatMap { Int(exactly: $0) } }, columnNames[index], "integer")
    }

    /// The integer at `index`.
    public func int64(at index: Int) -> Int64 {
        expect(optionalInt64(at: index), columnNames[index], "integer")
    }

    /// The integer at `index`, or `nil` for `NULL`.
    public func optionalInt64(at index: Int) -> Int64? {
        convert(self[index], label: columnNames[index], "integer") { $0.int64Value }
    }
}
