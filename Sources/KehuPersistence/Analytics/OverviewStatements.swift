import Foundation
import KehuCore
import SQLiteStore

/// The statements of the overview, each with its own arguments. A book's figures keep the
/// rows of customers the owner has now (purchases and feedback through `customer_id`).
struct OverviewStatements {
    let scope: OwnerScope

    typealias Statement = (sql: String, arguments: [any SQLiteBindable])

    /// Active customers per tier and stage (at most 15 rows), from `customers_class`.
    var activeCustomers: Statement {
        var arguments = SQLArguments()
        let owner = scope.ownerID.map { " AND owner_id = \(arguments.add($0))" } ?? ""
        return ("SELECT tier, stage, count(*) AS n FROM customers WHERE status = 'active'\(owner) GROUP BY tier, stage", arguments.values)
    }

    /// Customers created in the period and in the one before, except those merged into
    /// another (a duplicate is not a new customer); archived ones count.
    func newCustomers(_ period: AnalyticsPeriod, previous: AnalyticsPeriod) -> Statement {
        var arguments = SQLArguments()
        let (start, middle, end) = (arguments.add(StoredTime.millis(previous.from)), arguments.add(StoredTime.millis(period.from)),
                                    arguments.add(StoredTime.millis(period.to)))
        let owner = scope.ownerID.map { " AND owner_id = \(arguments.add($0))" } ?? ""
        let sql = """
            SELECT coalesce(sum(created_at >= \(middle)), 0) AS current, coalesce(sum(created_at < \(middle)), 0) AS previous
            FROM customers WHERE status IN ('active', 'archived') AND created_at >= \(start) AND created_at < \(end)\(owner)
            """
        return (sql, arguments.values)
    }

    /// Deals won and lost in the period and in the one before, by when they closed; a book's
    /// are the deals the owner owns or on customers they own (as for the funnel).
    func closedDeals(_ period: AnalyticsPeriod, previous: AnalyticsPeriod) -> Statement {
        var arguments = SQLArguments()
        let (start, middle, end) = (arguments.add(StoredTime.millis(previous.from)), arguments.add(StoredTime.millis(period.from)),
                                    arguments.add(StoredTime.millis(period.to)))
        let owner = scope.ownerID.map { " AND " + DealRow.inBook(owner: arguments.add($0)) } ?? ""
        let sql = """
            SELECT coalesce(sum(d.stage = 'won' AND d.closed_at >= \(middle)), 0) AS won,
                   coalesce(sum(d.stage = 'lost' AND d.closed_at >= \(middle)), 0) AS lost,
                   coalesce(sum(d.stage = 'won' AND d.closed_at < \(middle)), 0) AS previous_won,
                   coalesce(sum(d.stage = 'lost' AND d.closed_at < \(middle)), 0) AS previous_lost
            FROM deals d WHERE d.closed_at >= \(start) AND d.closed_at < \(end)\(owner)
            """
        return (sql, arguments.values)
    }

    /// Amounts and purchases per currency, in the period and in the one before.
    func revenue(_ period: AnalyticsPeriod, previous: AnalyticsPeriod) -> Statement {
        var arguments = SQLArguments()
        let (start, middle, end) = (arguments.add(StoredTime.millis(previous.from)), arguments.add(StoredTime.millis(period.from)),
                                    arguments.add(StoredTime.millis(period.to)))
        let owner = scope.ownerID.map { " AND " + BookFilter.seek("p.customer_id", owner: arguments.add($0)) } ?? ""
        let sql = """
            SELECT p.currency,
                   coalesce(sum(CASE WHEN p.purchased_at >= \(middle) THEN p.amount END), 0) AS amount,
                   coalesce(sum(p.purchased_at >= \(middle)), 0) AS purchases,
                   coalesce(sum(CASE WHEN p.purchased_at < \(middle) THEN p.amount END), 0) AS previous_amount,
                   coalesce(sum(p.purchased_at < \(middle)), 0) AS previous_purchases
            FROM purchases p WHERE p.purchased_at >= \(start) AND p.purchased_at < \(end)\(owner)
            GROUP BY p.currency ORDER BY p.currency
            """
        return (sql, arguments.values)
    }

    /// Feedback still being handled, and how much of it is past a deadline at `now`
    /// (`Feedback.isOverdue`).
    func feedback(now: Date) -> Statement {
        var arguments = SQLArguments()
        let at = arguments.add(StoredTime.millis(now))
        let owner = scope.ownerID.map { " AND " + BookFilter.filter("f.customer_id", owner: arguments.add($0)) } ?? ""
        let sql = """
            SELECT count(*) AS open, coalesce(sum(f.due_at < \(at) OR (f.status = 'open' AND f.response_due_at < \(at))), 0) AS overdue
            FROM feedback f WHERE f.status IN \(FeedbackRow.activeStatuses)\(owner)
            """
        return (sql, arguments.values)
    }

    /// Pending follow-ups due before `now`.
    func overdueFollowUps(now: Date) -> Statement {
        var arguments = SQLArguments()
        let at = arguments.add(StoredTime.millis(now))
        let owner = scope.ownerID.map { " AND " + BookFilter.filter("t.customer_id", owner: arguments.add($0)) } ?? ""
        return ("SELECT count(*) FROM follow_ups t WHERE t.status = 'pending' AND t.due_at < \(at)\(owner)", arguments.values)
    }
}
