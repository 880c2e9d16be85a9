import SQLiteStore

/// Builds dynamic SQL with numbered placeholders (`?1`, `?2`, ...), so fixed parts of a
/// statement can refer to an argument by number while filters are appended.
struct SQLArguments {
    private(set) var values: [any SQLiteBindable] = []

    /// Adds `value` and returns its placeholder.
    mutating func add(_ value: any SQLiteBindable) -> String {
        values.append(value)
        return "?\(values.count)"
    }
}
