import Foundation
import KehuCore
import SQLiteStore

/// `GET /v1/analytics/segments`: active customers per group, with the orders and revenue of
/// the period summed per customer from `purchases_value` and then per group.
extension SQLiteCustomerAnalyticsRepository {
    public func segments(by dimension: SegmentDimension, period: AnalyticsPeriod, currency: String, scope: OwnerScope) throws -> SegmentReport {
        let (sql, arguments) = Self.segmentsStatement(by: dimension, period: period, currency: currency, scope: scope)
        let rows = try database.read { db in try db.query(sql, arguments) }
        var groups: [SegmentGroup] = []
        var total = SegmentFigures(customers: 0, orders: 0, revenue: 0)
        for row in rows {
            let figures = SegmentFigures(customers: row.int("customers"), orders: row.int("orders"), revenue: row.int64("revenue"))
            if row.bool("is_total") { total = figures } else { groups.append(SegmentGroup(key: row.optionalString("key"), figures: figures)) }
        }
        return SegmentReport(dimension: dimension, period: period, currency: currency, groups: groups, total: total)
    }

    /// One row per group, then the total (`is_total`): the customers of the scope counted
    /// once each, which for tags is fewer than the groups' sum.
    static func segmentsStatement(by dimension: SegmentDimension, period: AnalyticsPeriod, currency: String,
                                  scope: OwnerScope) -> (String, [any SQLiteBindable]) {
        var arguments = SQLArguments()
        let ownerID = scope.ownerID.map { arguments.add($0) }
        let owner = ownerID.map { " AND c.owner_id = \($0)" } ?? ""
        let key: String
        var join = ""
        switch dimension {
        case .tier: key = "c.tier"
        case .stage: key = "c.stage"
        case .region: key = "c.region_top"
        case .industry: key = "c.industry"
        case .source: key = "c.source"
        case .tag:
            key = "t.tag"
            join = " LEFT JOIN customer_tags t ON t.customer_seq = c.seq"
        }
        let sql = """
            WITH sales AS MATERIALIZED (
                SELECT customer_id, count(*) AS orders, sum(amount) AS revenue
                \(ScopedPurchases.groupedByCustomer(owner: ownerID, currency: arguments.add(currency),
                                                    after: arguments.add(StoredTime.millis(period.from)),
                                                    before: arguments.add(StoredTime.millis(period.to)))))
            SELECT 0 AS is_total, \(key) IS NULL AS unset, \(key) AS key, count(*) AS customers, coalesce(sum(s.orders), 0) AS orders, coalesce(sum(s.revenue), 0) AS revenue
            FROM customers c\(join) LEFT JOIN sales s ON s.customer_id = c.id
            WHERE c.status = 'active'\(owner)
            GROUP BY \(key)
            UNION ALL
            SELECT 1, 1, NULL, (SELECT count(*) FROM customers c WHERE c.status = 'active'\(owner)), coalesce(sum(orders), 0), coalesce(sum(revenue), 0)
            FROM sales
            ORDER BY is_total, revenue DESC, customers DESC, unset, key
            """
        return (sql, arguments.values)
    }
}
