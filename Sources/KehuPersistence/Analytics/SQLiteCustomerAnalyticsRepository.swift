import Foundation
import KehuCore
import SQLiteStore

/// The customer-value analytics over the live tables. Each answer is one read transaction;
/// the aggregation happens in SQL (the per-analytic statements are in `RFMStatement` and the
/// `+Segments`, `+Priority` and `+ChurnRisk` extensions); Swift only reads the result rows.
public struct SQLiteCustomerAnalyticsRepository: CustomerAnalyticsRepository, SQLiteAnalyticsOwnerLookup {
    let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func rfmSummary(period: AnalyticsPeriod, currency: String, scope: OwnerScope) throws -> RFMSummary {
        let statement = RFMStatement(period: period, currency: currency, scope: scope)
        let summarySQL = statement.summary()
        let active = RFMStatement.activeCustomers(scope: scope)
        let rows = try database.read { db in
            (try db.query(summarySQL, statement.arguments.values), Int(try db.scalar(active.sql, active.arguments)?.int64Value ?? 0))
        }
        var segments = Dictionary(uniqueKeysWithValues: RFMSegment.allCases.map { ($0, RFMSegmentFigures()) })
        var lapsed = 0
        for row in rows.0 {
            guard let segment = RFMSegment(rawValue: row.string("segment")) else { continue }
            segments[segment] = RFMSegmentFigures(customers: row.int("customers"), revenue: row.int64("revenue"))
            lapsed += row.int("lapsed")
        }
        let segmented = segments.values.reduce(0) { $0 + $1.customers }
        return RFMSummary(period: period, currency: currency, scored: segmented - lapsed, lapsed: lapsed, neverBought: rows.1 - segmented,
                          thresholds: rows.0.first.flatMap(Self.thresholds), segments: segments)
    }

    public func rfmMembers(of segment: RFMSegment, period: AnalyticsPeriod, currency: String, scope: OwnerScope, boundaries: RFMBoundarySource,
                           afterSequence: Int64, limit: Int) throws -> RFMMemberPage {
        var statement = RFMStatement(period: period, currency: currency, scope: scope)
        let sql = statement.members(of: segment, boundaries: boundaries, afterSequence: afterSequence, limit: limit)
        let rows = try database.read { db in try db.query(sql, statement.arguments.values) }
        let thresholds: RFMThresholds? = switch boundaries {
        case .kept(let kept): kept
        case .computed: rows.first.flatMap(Self.thresholds)
        }
        return RFMMemberPage(members: rows.map(Self.member), thresholds: thresholds)
    }

    /// The boundaries carried by a row (nil when nobody bought in the period).
    static func thresholds(_ row: Row) -> RFMThresholds? {
        let values = RFMStatement.thresholdColumns.compactMap { row.optionalInt64($0) }
        return RFMThresholds(flattened: values)
    }

    static func member(_ row: Row) -> RFMMember {
        RFMMember(id: row.string("id"), name: row.string("name"), tier: Tier(rawValue: row.string("tier")) ?? .potential,
                  ownerID: row.optionalString("owner_id"), lastPurchaseAt: StoredTime.date(row.int64("last_purchase_at")),
                  recencyDays: row.int("recency"), frequency: row.int("frequency"), monetary: row.int64("monetary"),
                  recencyScore: row.int("recency_score"), frequencyScore: row.int("frequency_score"), monetaryScore: row.int("monetary_score"),
                  segment: RFMSegment(rawValue: row.string("segment")) ?? .lost, sequence: row.int64("seq"))
    }
}
