import Foundation
import KehuCore
import SQLiteStore

/// The SQL of a customer list: filters (each served by an index), full-text or
/// short-query search, and keyset pagination on (sort value, seq) so that a cursor
/// stays correct while rows come and go.
struct CustomerListing {
    let query: CustomerQuery
    let scope: OwnerScope
    let now: Date

    /// The statement and its arguments for one page of `limit + 1` rows after `cursor`.
    func statement(cursor: ListCursor?, limit: Int) throws -> (sql: String, arguments: [any SQLiteBindable]) {
        var arguments = SQLArguments()
        _ = arguments.add(CustomerRow.since30Days(now)) // ?1, used by CustomerRow.columns
        var conditions = filterConditions(&arguments)
        let search = SearchTerms(query.text ?? "")
        let ranked = query.sort == nil && !search.isEmpty
        let order = ranked ? nil : (query.sort ?? .newestFirst)
        var from = "customers"
        var scoreExpression = "0.0"
        if !search.ftsTerms.isEmpty {
            let match = arguments.add(search.ftsQuery)
            if ranked {
                // Ranking reads each candidate, so a broad term (有限公司) would read tens of
                // thousands of rows: relevance ranks the most recent `rankedCandidates`.
                from = """
                    (SELECT rowid AS s FROM customer_search WHERE customer_search MATCH \(match)
                     ORDER BY rowid DESC LIMIT \(Self.rankedCandidates)) AS m JOIN customers ON customers.seq = m.s
                    """
            } else {
                conditions.append("customers.seq IN (SELECT rowid FROM customer_search WHERE customer_search MATCH \(match))")
            }
        }
        for (index, gram) in search.gramTerms.enumerated() {
            let bound = ranked && search.ftsTerms.isEmpty && index == 0 ? " ORDER BY rowid DESC LIMIT \(Self.rankedCandidates)" : ""
            let term = "\"" + gram.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            conditions.append("customers.seq IN (SELECT rowid FROM customer_short WHERE customer_short MATCH \(arguments.add(term))\(bound))")
        }
        if ranked, let first = search.ftsTerms.first ?? search.gramTerms.first {
            scoreExpression = Self.relevance(of: arguments.add(Self.likeEscaped(first)))
        }
        let (sortExpression, descending) = order.map { (Self.column(for: $0.field), $0.descending) } ?? (scoreExpression, false)
        if let cursor {
            guard cursor.sortKey == cursorKey(order) else {
                throw KehuError.validation([FieldError(field: "cursor", message: "This cursor belongs to another search, filter or sort; start again without it.")])
            }
            let comparison = descending ? "<" : ">"
            conditions.append("(\(sortExpression), customers.seq) \(comparison) (\(arguments.add(cursor.value)), \(arguments.add(cursor.seq)))")
        }
        let direction = descending ? "DESC" : "ASC"
        // The page is chosen on (seq, sort value) alone; the full row and its per-row
        // subquery are read for the kept rows only, not for every candidate sorted.
        let sql = """
            SELECT \(CustomerRow.columns), page.sort_value AS sort_value FROM (
                SELECT customers.seq AS seq, \(sortExpression) AS sort_value FROM \(from)
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY sort_value \(direction), customers.seq \(direction) LIMIT \(arguments.add(limit))
            ) AS page JOIN customers ON customers.seq = page.seq
            ORDER BY page.sort_value \(direction), page.seq \(direction)
            """
        return (sql, arguments.values)
    }

    /// The cursor pointing after `row`.
    func cursor(after row: Row) -> ListCursor {
        let search = SearchTerms(query.text ?? "")
        let order = query.sort == nil && !search.isEmpty ? nil : (query.sort ?? .newestFirst)
        return ListCursor(sortKey: cursorKey(order), value: row["sort_value"], seq: row.int64("seq"))
    }

    private func filterConditions(_ arguments: inout SQLArguments) -> [String] {
        var conditions = ["customers.status = \(arguments.add(query.archived ? "archived" : "active"))"]
        if let owner = scope.ownerID { conditions.append("customers.owner_id = \(arguments.add(owner))") }
        if let owner = query.ownerID { conditions.append("customers.owner_id = \(arguments.add(owner))") }
        if let tier = query.tier { conditions.append("customers.tier = \(arguments.add(tier.rawValue))") }
        if let stage = query.stage { conditions.append("customers.stage = \(arguments.add(stage.rawValue))") }
        if let industry = query.industry { conditions.append("customers.industry = \(arguments.add(industry))") }
        if let source = query.source { conditions.append("customers.source = \(arguments.add(source))") }
        if let region = query.region {
            // A path prefix: the region itself or anything below it (`广东省/...`). One range
            // [p, p + "0") keeps the region index usable ('0' follows '/' in code-point
            // order); the residual test drops siblings such as `广东省-x` inside it.
            let top = arguments.add(CustomerRow.topRegion(region))
            let exact = arguments.add(region)
            let below = arguments.add(region + "/")
            let end = arguments.add(region + "0")
            conditions.append("customers.region_top = \(top) AND (customers.region = \(exact) OR (customers.region >= \(below) AND customers.region < \(end)))")
        }
        if let tag = query.tag {
            conditions.append("customers.seq IN (SELECT customer_seq FROM customer_tags WHERE tag = \(arguments.add(tag)))")
        }
        for (key, value) in query.attributes.sorted(by: { $0.key < $1.key }) {
            conditions.append("customers.seq IN (SELECT customer_seq FROM customer_attributes WHERE key = \(arguments.add(key)) AND value = \(arguments.add(value)))")
        }
        if let after = query.createdAfter { conditions.append("customers.created_at >= \(arguments.add(StoredTime.millis(after)))") }
        if let before = query.createdBefore { conditions.append("customers.created_at < \(arguments.add(StoredTime.millis(before)))") }
        return conditions
    }

    /// Relevance of a match for `term` (a placeholder), best first: the exact name, a name
    /// starting with it, a name containing it, then company, phone or e-mail, tags, and
    /// anything else (notes). It depends on the row alone, unlike bm25, so a cursor stays
    /// exact while other rows change, and it costs a few string tests, not a doclist read.
    static func relevance(of term: String) -> String {
        // LIKE folds ASCII case without allocating as lower() does; the term's % and _
        // are escaped by the caller (`likeEscaped`).
        """
        (CASE WHEN customers.name LIKE \(term) ESCAPE '\\' THEN 0.0
         WHEN customers.name LIKE \(term) || '%' ESCAPE '\\' THEN 1.0
         WHEN customers.name LIKE '%' || \(term) || '%' ESCAPE '\\' THEN 2.0
         WHEN customers.company LIKE '%' || \(term) || '%' ESCAPE '\\' THEN 3.0
         WHEN customers.phone LIKE '%' || \(term) || '%' ESCAPE '\\' OR customers.email LIKE '%' || \(term) || '%' ESCAPE '\\' THEN 4.0
         WHEN customers.tags LIKE '%' || \(term) || '%' ESCAPE '\\' THEN 5.0
         ELSE 6.0 END)
        """
    }

    /// `text` with LIKE's wildcards and the escape character escaped.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    /// How many of the most recent matches relevance ranking scores (docs/customers.md).
    static let rankedCandidates = 200

    static func column(for field: CustomerSort.Field) -> String {
        switch field {
        case .name: "customers.name"
        case .createdAt: "customers.created_at"
        case .updatedAt: "customers.updated_at"
        case .lastInteractionAt: "customers.last_interaction_at"
        case .totalSpent: "customers.total_spent"
        }
    }

    /// The sort and a fingerprint of the search and filters: a cursor only continues the
    /// list it came from.
    func cursorKey(_ sort: CustomerSort?) -> String {
        let sortName = sort.map { ($0.descending ? "-" : "") + $0.field.rawValue } ?? "relevance"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a: stable across processes, unlike Hasher
        for byte in "\(query.text ?? "")|\(query.tier?.rawValue ?? "")|\(query.stage?.rawValue ?? "")|\(query.ownerID ?? "")|\(query.tag ?? "")|\(query.region ?? "")|\(query.industry ?? "")|\(query.source ?? "")|\(query.createdAfter?.timeIntervalSince1970 ?? 0)|\(query.createdBefore?.timeIntervalSince1970 ?? 0)|\(query.attributes.sorted { $0.key < $1.key })|\(query.archived)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return sortName + "." + String(hash, radix: 36)
    }
}

/// A search text split into what FTS5 trigrams can answer (terms of three or more
/// characters) and what the gram table answers (one or two characters).
struct SearchTerms {
    var ftsTerms: [String] = []
    var gramTerms: [String] = []

    init(_ text: String) {
        // A whole query that looks like a phone number (+86 138-0013) is one digit term.
        if text.contains(where: \.isNumber), text.allSatisfy({ $0.isNumber || $0.isWhitespace || "+-()".contains($0) }) {
            let digits = text.filter(\.isNumber)
            if digits.count >= 3 { ftsTerms = [digits]; return }
        }
        for raw in text.split(whereSeparator: { $0.isWhitespace }) {
            var term = String(raw).lowercased()
            // A phone fragment typed with separators (138-0013, +86 138) is searched as digits.
            if term.contains(where: \.isNumber), term.allSatisfy({ $0.isNumber || "+-()".contains($0) }) {
                term = term.filter(\.isNumber)
            }
            if term.isEmpty { continue }
            if term.count >= 3 { ftsTerms.append(term) } else { gramTerms.append(term) }
        }
    }

    var isEmpty: Bool { ftsTerms.isEmpty && gramTerms.isEmpty }

    /// Each term as an FTS5 string (quotes doubled), ANDed (sqlite.org/fts5.html#fts5_strings).
    var ftsQuery: String {
        ftsTerms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " ")
    }
}

/// An opaque list position: the sort it belongs to, the sort value and seq of the last row.
struct ListCursor {
    var sortKey: String
    var value: SQLiteValue
    var seq: Int64

    /// Base64url of a small JSON array.
    var encoded: String {
        let valueJSON: String
        switch value {
        case .integer(let number): valueJSON = "{\"i\":\(number)}"
        case .real(let number): valueJSON = "{\"r\":\(number.bitPattern)}"
        case .text(let text): valueJSON = "{\"t\":\(StoredJSON.encode(text))}"
        default: valueJSON = "{}"
        }
        let json = "[\(StoredJSON.encode(sortKey)),\(valueJSON),\(seq)]"
        return Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(sortKey: String, value: SQLiteValue, seq: Int64) {
        self.sortKey = sortKey
        self.value = value
        self.seq = seq
    }

    /// Decodes a cursor that must belong to the list named `sortKey`.
    init(decoding text: String, sortKey: String) throws {
        try self.init(decoding: text)
        guard self.sortKey == sortKey else {
            throw KehuError.validation([FieldError(field: "cursor", message: "This cursor belongs to another list; start again without it.")])
        }
    }

    /// Decodes a cursor from this list, or throws a 422 naming `cursor`.
    init(decoding text: String) throws {
        let invalid = KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")])
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.count <= 1_000, let data = Data(base64Encoded: base64),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any], array.count == 3,
              let sortKey = array[0] as? String, let valueObject = array[1] as? [String: Any], let seq = (array[2] as? NSNumber)?.int64Value
        else { throw invalid }
        if let number = (valueObject["i"] as? NSNumber)?.int64Value {
            value = .integer(number)
        } else if let bits = (valueObject["r"] as? NSNumber)?.uint64Value {
            value = .real(Double(bitPattern: bits))
        } else if let text = valueObject["t"] as? String {
            value = .text(text)
        } else {
            throw invalid
        }
        self.sortKey = sortKey
        self.seq = seq
    }
}
