/// The column names of one statement execution, with a name → index map.
///
/// Built once when the first row of an execution arrives and shared by every
/// `Row` of that execution, so reading by name costs one dictionary lookup and
/// no per-row allocation. Immutable after `init`, hence `Sendable`.
final class RowColumns: Sendable {
    /// Column names in result order, as `sqlite3_column_name` reports them.
    let names: [String]
    /// Exact name → first index with that name.
    private let indexByName: [String: Int]
    /// Lowercased name → first index; SQL identifiers are case-insensitive
    /// (https://sqlite.org/lang_keywords.html), so `row["Email"]` finds `email`.
    private let indexByLowercasedName: [String: Int]

    init(names: [String]) {
        self.names = names
        var exact: [String: Int] = [:]
        var folded: [String: Int] = [:]
        exact.reserveCapacity(names.count)
        folded.reserveCapacity(names.count)
        // Iterating forwards and keeping the first hit means that with a join
        // such as `SELECT a.id, b.id`, "id" names the leftmost column.
        for (index, name) in names.enumerated() {
            if exact[name] == nil { exact[name] = index }
            let lowered = name.lowercased()
            if folded[lowered] == nil { folded[lowered] = index }
        }
        self.indexByName = exact
        self.indexByLowercasedName = folded
    }

    /// The index of `name`, or `nil` when no column has that name.
    func index(of name: String) -> Int? {
        if let index = indexByName[name] { return index }
        return indexByLowercasedName[name.lowercased()]
    }
}
