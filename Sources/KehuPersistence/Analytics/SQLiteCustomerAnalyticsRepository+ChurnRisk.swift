import Foundation
import KehuCore
import SQLiteStore

/// `GET /v1/analytics/churn-risk`: one pass over the active customers in scope, comparing
/// the silence at `now` (from `last_activity_at`) with a limit from the stored median gap
/// (`median_gap_ms`, `event_count`) or the tier.
extension SQLiteCustomerAnalyticsRepository {
    public func churnRisk(rules: ChurnRules, now: Date, scope: OwnerScope, after: RankPosition?, limit: Int) throws -> [ChurnRisk] {
        let (sql, arguments) = Self.churnStatement(rules: rules, now: now, scope: scope, after: after, limit: limit)
        return try database.read { db in try db.query(sql, arguments) }.map { Self.churnRisk($0, multiple: rules.multiple) }
    }

    /// Customers without any purchase or interaction (`last_activity_at` 0) have no silence
    /// to measure and are left out. That test is kept off the indexes (unary +,
    /// sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_): nearly
    /// every customer passes it, so `customers_activity` would only add a seek per row to
    /// everyone's pass, and in one owner's book it stole the plan from `customers_owner`.
    /// Everyone's book is read straight from the table (NOT INDEXED): through an index on
    /// status, as the planner chose, each row cost a seek into the table.
    static func churnStatement(rules: ChurnRules, now: Date, scope: OwnerScope, after: RankPosition?, limit: Int) -> (String, [any SQLiteBindable]) {
        var arguments = SQLArguments()
        let day: Int64 = 86_400_000
        let owner = scope.ownerID.map { " AND owner_id = \(arguments.add($0))" } ?? ""
        let tierLimit = "CASE tier " + Tier.allCases.map { "WHEN '\($0.rawValue)' THEN \(arguments.add(Int64(ChurnRules.tierLimitDays($0)) * day))" }
            .joined(separator: " ") + " END"
        let ownRhythm = "event_count >= \(arguments.add(ChurnRules.minimumEvents)) AND median_gap_ms IS NOT NULL"
        let rhythmLimit = "max(\(arguments.add(rules.multiple)) * median_gap_ms, \(arguments.add(Int64(ChurnRules.minimumLimitDays) * day)))"
        var sql = """
            SELECT * FROM (
                SELECT seq, id, name, tier, owner_id, last_activity_at, event_count, median_gap_ms, \(ownRhythm) AS own_rhythm,
                       \(arguments.add(StoredTime.millis(now))) - last_activity_at AS silence_ms,
                       CASE WHEN \(ownRhythm) THEN \(rhythmLimit) ELSE \(tierLimit) END AS limit_ms
                FROM customers\(owner.isEmpty ? " NOT INDEXED" : "") WHERE status = 'active'\(owner) AND +last_activity_at > 0)
            WHERE silence_ms > limit_ms
            """
        let overLimit = "silence_ms * 1.0 / limit_ms"
        if let after {
            let key = arguments.add(after.key)
            sql += " AND (\(overLimit) < \(key) OR (\(overLimit) = \(key) AND seq > \(arguments.add(after.sequence))))"
        }
        sql = "SELECT *, \(overLimit) AS over_limit FROM (\(sql)) ORDER BY over_limit DESC, seq LIMIT \(arguments.add(limit))"
        return (sql, arguments.values)
    }

    static func churnRisk(_ row: Row, multiple: Double) -> ChurnRisk {
        let day = 86_400_000.0
        let ownRhythm = row.bool("own_rhythm")
        let median = row.optionalInt64("median_gap_ms").map { Double($0) / day }
        return ChurnRisk(id: row.string("id"), name: row.string("name"), tier: Tier(rawValue: row.string("tier")) ?? .potential,
                         ownerID: row.optionalString("owner_id"), lastActivityAt: StoredTime.date(row.int64("last_activity_at")),
                         events: row.int("event_count"), silenceDays: Double(row.int64("silence_ms")) / day, medianGapDays: median,
                         basis: ownRhythm ? .ownRhythm : .tier, multiple: ownRhythm ? multiple : nil, limitDays: row.double("limit_ms") / day,
                         overLimit: row.double("over_limit"), sequence: row.int64("seq"))
    }
}
