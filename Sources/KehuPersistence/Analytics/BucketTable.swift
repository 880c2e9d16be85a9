import Foundation
import KehuCore

/// Time buckets handed to SQL as one JSON argument, `[[start, end], ...]` in stored
/// milliseconds, and read back as a table by `json_each`, so a whole series is one
/// statement whose rows join each bucket to the index range of its span.
enum BucketTable {
    /// The JSON argument for `buckets`.
    static func json(_ buckets: [TimeBucket]) -> String { json(spans: buckets.map { ($0.start, $0.end) }) }

    static func json(spans: [(start: Date, end: Date)]) -> String {
        "[" + spans.map { "[\(StoredTime.millis($0.start)),\(StoredTime.millis($0.end))]" }.joined(separator: ",") + "]"
    }

    /// A common table expression `name(i, s, e)`: index, start, end of each bucket bound at `placeholder`.
    static func cte(_ placeholder: String, as name: String = "b") -> String {
        "\(name)(i, s, e) AS (SELECT key, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(\(placeholder)))"
    }
}

/// SQL restricting rows to a book: what hangs off the customers one user owns now.
enum BookFilter {
    /// `column IN (the ids of the customers owned by the user bound at placeholder)`.
    static func customers(_ column: String, owner placeholder: String) -> String {
        "\(column) IN (SELECT id FROM customers WHERE owner_id = \(placeholder))"
    }
}
