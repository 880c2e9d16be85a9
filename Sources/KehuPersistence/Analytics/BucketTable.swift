import Foundation
import KehuCore

/// Time buckets handed to SQL as one JSON argument, `[[start, end], ...]` in stored
/// milliseconds, and read back as a table by `json_each`, so a whole series is one
/// statement whose rows join each bucket to the index range of its span. Statements join
/// the buckets first with CROSS JOIN, which SQLite never reorders
/// (sqlite.org/optoverview.html#manual_control_of_query_plans_using_cross_join): left to
/// itself the planner may walk the index once and scan the whole bucket list for every row.
enum BucketTable {
    /// The JSON argument for `buckets`.
    static func json(_ buckets: [TimeBucket]) -> String { json(spans: buckets.map { ($0.start, $0.end) }) }

    static func json(spans: [(start: Date, end: Date)]) -> String {
        "[" + spans.map { "[\(StoredTime.millis($0.start)),\(StoredTime.millis($0.end))]" }.joined(separator: ",") + "]"
    }

    /// A common table expression `name(i, s, e)`: index, start, end of each bucket bound at
    /// `placeholder`. Materialized, so a bucket's bounds are read out of the JSON once, not
    /// again for every row that compares with them (that was two thirds of compliance's time).
    static func cte(_ placeholder: String, as name: String = "b") -> String {
        "\(name)(i, s, e) AS MATERIALIZED (SELECT key, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(\(placeholder)))"
    }
}

/// SQL restricting rows to a book: what hangs off the customers one user owns now. The
/// book's ids come from `customers_owner_ids` once per statement.
enum BookFilter {
    /// `column` in the book, tested on each row the statement reads from its own index (the
    /// unary `+` keeps the planner from seeking each customer of the book instead: a rep
    /// with a sixth of the customers made that ten times slower for figures over a year).
    static func filter(_ column: String, owner placeholder: String) -> String {
        "+\(column) IN (SELECT id FROM customers WHERE owner_id = \(placeholder))"
    }

    /// `column` in the book, leaving the planner free to seek each customer's rows (for
    /// purchases, whose per-customer index holds everything a figure needs).
    static func seek(_ column: String, owner placeholder: String) -> String {
        "\(column) IN (SELECT id FROM customers WHERE owner_id = \(placeholder))"
    }
}
