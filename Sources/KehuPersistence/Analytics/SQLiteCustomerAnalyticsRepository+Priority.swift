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

    /// Points (docs/analytics.md, "Priority"): monetary and profit are 100 × the share of
    /// the scope's customers with as much or less (`cume_dist`), 0 when nothing was spent or
    /// earned; urgency adds the settings' points per open item and overdue task, up to 100;
    /// interactions earn 100 × count / the count for full points, up to 100. The score is the
    /// weighted mean of the four.
    static func priorityStatement(settings: PrioritySettings, now: Date, scope: OwnerScope, after: RankPosition?,
                                  limit: Int) -> (String, [any SQLiteBindable]) {
        var arguments = SQLArguments()
        let owner = scope.ownerID.map { arguments.add($0) }
        let scoped = "SELECT id FROM customers WHERE status = 'active'" + (owner.map { " AND owner_id = \($0)" } ?? "")
        let nowMillis = arguments.add(StoredTime.millis(now))
        let since = arguments.add(StoredTime.millis(now.addingTimeInterval(-Double(settings.interactionWindowDays) * 86_400)))
        let points = settings.urgencyPoints
        let weights = settings.weights
        let urgency = "min(100.0, low * \(arguments.add(points.low)) + normal * \(arguments.add(points.normal)) + "
            + "high * \(arguments.add(points.high)) + critical * \(arguments.add(points.critical)) + "
            + "overdue * \(arguments.add(settings.overdueFollowUpPoints)))"
        let interactions = "min(100.0, 100.0 * interactions / \(arguments.add(settings.interactionsForFullPoints)))"
        // In everyone's book the overdue tasks are few next to the customers, so they are
        // found by (status, due_at) rather than customer by customer.
        let overdueScope = owner == nil ? "" : " AND customer_id IN (\(scoped))"
        var sql = """
            WITH valued AS MATERIALIZED (
                SELECT seq, id, name, tier, owner_id, total_spent, total_profit,
                       CASE WHEN total_spent > 0 THEN 100.0 * cume_dist() OVER (ORDER BY total_spent) ELSE 0.0 END AS monetary_points,
                       CASE WHEN total_profit > 0 THEN 100.0 * cume_dist() OVER (ORDER BY total_profit) ELSE 0.0 END AS profit_points
                FROM customers WHERE status = 'active'\(owner.map { " AND owner_id = \($0)" } ?? "")),
            open_feedback AS (
                SELECT customer_id, count(*) FILTER (WHERE urgency = 'low') AS low, count(*) FILTER (WHERE urgency = 'normal') AS normal,
                       count(*) FILTER (WHERE urgency = 'high') AS high, count(*) FILTER (WHERE urgency = 'critical') AS critical
                FROM feedback WHERE status IN \(FeedbackRow.activeStatuses) AND customer_id IN (\(scoped)) GROUP BY customer_id),
            overdue AS (
                SELECT customer_id, count(*) AS overdue FROM follow_ups
                WHERE status = 'pending' AND due_at < \(nowMillis)\(overdueScope) GROUP BY customer_id),
            recent AS (
                SELECT customer_id, count(*) AS interactions FROM interactions
                WHERE customer_id IN (\(scoped)) AND occurred_at > \(since) AND occurred_at <= \(nowMillis) GROUP BY customer_id),
            counted AS (
                SELECT v.*, coalesce(f.low, 0) AS low, coalesce(f.normal, 0) AS normal, coalesce(f.high, 0) AS high,
                       coalesce(f.critical, 0) AS critical, coalesce(o.overdue, 0) AS overdue, coalesce(i.interactions, 0) AS interactions
                FROM valued v LEFT JOIN open_feedback f ON f.customer_id = v.id LEFT JOIN overdue o ON o.customer_id = v.id
                LEFT JOIN recent i ON i.customer_id = v.id),
            pointed AS (
                SELECT counted.*, \(urgency) AS urgency_points, \(interactions) AS interaction_points
                FROM counted),
            scored AS (
                SELECT pointed.*, (\(arguments.add(weights.monetary)) * monetary_points + \(arguments.add(weights.profit)) * profit_points
                       + \(arguments.add(weights.urgency)) * urgency_points + \(arguments.add(weights.interactions)) * interaction_points)
                       / \(arguments.add(Double(weights.total))) AS score
                FROM pointed)
            SELECT * FROM scored
            """
        if let after {
            let key = arguments.add(after.key)
            sql += " WHERE score < \(key) OR (score = \(key) AND seq > \(arguments.add(after.sequence)))"
        }
        sql += " ORDER BY score DESC, seq LIMIT \(arguments.add(limit))"
        return (sql, arguments.values)
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
