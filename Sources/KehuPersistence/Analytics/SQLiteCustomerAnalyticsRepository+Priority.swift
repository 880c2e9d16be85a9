import Foundation
import KehuCore
import SQLiteStore

/// `GET /v1/analytics/priority`: each active customer in scope scored in SQL from its stored
/// lifetime spend and profit (`total_spent`, `total_profit`) and what depends on now, counted
/// at query time: open feedback by urgency, overdue follow-ups, recent interactions.
extension SQLiteCustomerAnalyticsRepository {
    public func priority(settings: PrioritySettings, now: Date, scope: OwnerScope, after: RankPosition?, limit: Int) throws -> [PriorityEntry] {
        let (sql, arguments) = Self.priorityStatement(settings: settings, now: now, scope: scope, after: after, limit: limit)
        return try database.read { db in try db.query(sql, arguments) }.map(Self.priorityEntry)
    }

    /// Points (docs/analytics.md, "Priority"): spend and profit earn 100 × the figure over
    /// the scope's 90th-percentile figure (`caps`), at most 100, nothing for nothing spent or
    /// earned; urgency adds the settings' points per open item and overdue task, up to 100;
    /// interactions earn 100 × count over the count for full points, up to 100. The score is
    /// the weighted mean of the four. The slow part is matching the counts to 100,000
    /// customers, so names are read for the page's rows only, after ranking.
    static func priorityStatement(settings: PrioritySettings, now: Date, scope: OwnerScope, after: RankPosition?,
                                  limit: Int) -> (String, [any SQLiteBindable]) {
        var arguments = SQLArguments()
        let owner = scope.ownerID.map { arguments.add($0) }
        let inBook = owner.map { " AND owner_id = \($0)" } ?? ""
        let scoped = "SELECT id FROM customers WHERE status = 'active'\(inBook)"
        let nowMillis = arguments.add(StoredTime.millis(now))
        let since = arguments.add(StoredTime.millis(now.addingTimeInterval(-Double(settings.interactionWindowDays) * 86_400)))
        let points = settings.urgencyPoints
        let weights = settings.weights
        let urgency = "min(100.0, low * \(arguments.add(points.low)) + normal * \(arguments.add(points.normal)) + "
            + "high * \(arguments.add(points.high)) + critical * \(arguments.add(points.critical)) + "
            + "overdue * \(arguments.add(settings.overdueFollowUpPoints)))"
        let interactions = "min(100.0, 100.0 * interactions / \(arguments.add(settings.interactionsForFullPoints)))"
        // In everyone's book, open feedback and overdue tasks are few next to the customers,
        // and a pass over all interactions in customer order (`interactions_customer`, covering)
        // beats a range of `interactions_time` that visits the table for each row (50 ms
        // against 380 ms for 230,000 interactions in 90 days), and the customers are read
        // straight from the table rather than through an index on status and a seek per row;
        // in one owner's book every count seeks that owner's customers.
        let inScope = owner == nil ? "" : " AND customer_id IN (\(scoped))"
        let interactionsSource = owner == nil ? "interactions INDEXED BY interactions_customer" : "interactions"
        var sql = """
            WITH caps AS MATERIALIZED (
                SELECT \(cap("total_spent", owner: owner)) AS spend_cap, \(cap("total_profit", owner: owner)) AS profit_cap),
            open_feedback AS (
                SELECT customer_id, count(*) FILTER (WHERE urgency = 'low') AS low, count(*) FILTER (WHERE urgency = 'normal') AS normal,
                       count(*) FILTER (WHERE urgency = 'high') AS high, count(*) FILTER (WHERE urgency = 'critical') AS critical
                FROM feedback WHERE status IN \(FeedbackRow.activeStatuses)\(inScope) GROUP BY customer_id),
            overdue AS (
                SELECT customer_id, count(*) AS overdue FROM follow_ups
                WHERE status = 'pending' AND due_at < \(nowMillis)\(inScope) GROUP BY customer_id),
            recent AS (
                SELECT customer_id, count(*) AS interactions FROM \(interactionsSource)
                WHERE occurred_at > \(since) AND occurred_at <= \(nowMillis)\(inScope) GROUP BY customer_id),
            counted AS (
                SELECT c.seq, c.total_spent, c.total_profit,
                       CASE WHEN c.total_spent > 0 THEN min(100.0, 100.0 * c.total_spent / caps.spend_cap) ELSE 0.0 END AS monetary_points,
                       CASE WHEN c.total_profit > 0 THEN min(100.0, 100.0 * c.total_profit / caps.profit_cap) ELSE 0.0 END AS profit_points,
                       coalesce(f.low, 0) AS low, coalesce(f.normal, 0) AS normal, coalesce(f.high, 0) AS high,
                       coalesce(f.critical, 0) AS critical, coalesce(o.overdue, 0) AS overdue, coalesce(i.interactions, 0) AS interactions
                FROM customers c\(owner == nil ? " NOT INDEXED" : "") CROSS JOIN caps LEFT JOIN open_feedback f ON f.customer_id = c.id
                LEFT JOIN overdue o ON o.customer_id = c.id LEFT JOIN recent i ON i.customer_id = c.id
                WHERE c.status = 'active'\(owner.map { " AND c.owner_id = \($0)" } ?? "")),
            pointed AS (SELECT counted.*, \(urgency) AS urgency_points, \(interactions) AS interaction_points FROM counted),
            scored AS (
                SELECT pointed.*, (\(arguments.add(weights.monetary)) * monetary_points + \(arguments.add(weights.profit)) * profit_points
                       + \(arguments.add(weights.urgency)) * urgency_points + \(arguments.add(weights.interactions)) * interaction_points)
                       / \(arguments.add(Double(weights.total))) AS score
                FROM pointed)
            """
        var page = "SELECT * FROM scored"
        if let after {
            let key = arguments.add(after.key)
            page += " WHERE score < \(key) OR (score = \(key) AND seq > \(arguments.add(after.sequence)))"
        }
        page += " ORDER BY score DESC, seq LIMIT \(arguments.add(limit))"
        sql += ", ranked AS MATERIALIZED (\(page))\n"
            + "SELECT ranked.*, c.id, c.name, c.tier, c.owner_id FROM ranked JOIN customers c ON c.seq = ranked.seq ORDER BY ranked.score DESC, ranked.seq"
        return (sql, arguments.values)
    }

    /// The figure of the customer at the 90th percentile (nearest rank, ⌈0.9·m⌉ of the m in
    /// scope with a figure above zero); NULL when nobody has one (then nobody earns points for
    /// it, and nothing divides by it). Everyone's is read by walking `customers_spent` or
    /// `customers_profit`; one owner's from `customers_owner` and a sort of their customers,
    /// not by walking everyone's figures in order to skip the other owners'.
    private static func cap(_ column: String, owner: String?) -> String {
        let positive = "FROM customers" + (owner.map { " INDEXED BY customers_owner WHERE owner_id = \($0) AND" } ?? " WHERE")
            + " status = 'active' AND \(column) > 0"
        return "(SELECT \(column) \(positive) ORDER BY \(column) LIMIT 1 OFFSET (SELECT (9 * count(*) + 9) / 10 - 1 \(positive)))"
    }

    static func priorityEntry(_ row: Row) -> PriorityEntry {
        PriorityEntry(id: row.string("id"), name: row.string("name"), tier: Tier(rawValue: row.string("tier")) ?? .potential,
                      ownerID: row.optionalString("owner_id"), monetary: row.int64("total_spent"), profit: row.int64("total_profit"),
                      openFeedback: [.low: row.int("low"), .normal: row.int("normal"), .high: row.int("high"), .critical: row.int("critical")],
                      overdueFollowUps: row.int("overdue"), recentInteractions: row.int("interactions"),
                      points: PriorityPoints(monetary: row.double("monetary_points"), profit: row.double("profit_points"),
                                             urgency: row.double("urgency_points"), interactions: row.double("interaction_points")),
                      score: row.double("score"), sequence: row.int64("seq"))
    }
}
