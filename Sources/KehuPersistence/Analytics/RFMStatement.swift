import Foundation
import KehuCore
import SQLiteStore

/// The SQL of the RFM analytics, built per request with numbered arguments so that a book
/// (`owner_id`) is a condition only when there is one. docs/analytics.md ("RFM") states
/// the rules these statements implement.
struct RFMStatement {
    private(set) var arguments = SQLArguments()
    private let currency: String
    private let from: String
    private let to: String
    private let owner: String?

    init(period: AnalyticsPeriod, currency: String, scope: OwnerScope) {
        var arguments = SQLArguments()
        self.currency = arguments.add(currency)
        from = arguments.add(StoredTime.millis(period.from))
        to = arguments.add(StoredTime.millis(period.to))
        owner = scope.ownerID.map { arguments.add($0) }
        self.arguments = arguments
    }

    /// Segment counts, revenue and lapsed customers per segment, each row also carrying the
    /// boundaries (r1 ... m4, the same in every row).
    func summary() -> String {
        """
        WITH \(figures), \(Self.thresholds),
        scored AS (
            SELECT figures.frequency, figures.monetary, thresholds.*,
                   \(Self.score(.recency, of: "figures.recency", frequency: "figures.frequency")) AS recency_score,
                   \(Self.score(.frequency, of: "figures.frequency", frequency: "figures.frequency")) AS frequency_score,
                   \(Self.score(.monetary, of: "figures.monetary", frequency: "figures.frequency")) AS monetary_score
            FROM figures, thresholds)
        SELECT \(Self.segment(recency: "recency_score", frequency: "frequency_score", monetary: "monetary_score")) AS segment,
               count(*) AS customers, sum(monetary) AS revenue, sum(frequency = 0) AS lapsed,
               \(Self.thresholdColumns.map { "min(\($0)) AS \($0)" }.joined(separator: ", "))
        FROM scored GROUP BY segment
        """
    }

    /// Active customers in scope, bought or not.
    static func activeCustomers(scope: OwnerScope) -> (sql: String, arguments: [any SQLiteBindable]) {
        guard let owner = scope.ownerID else { return ("SELECT count(*) FROM customers WHERE status = 'active'", []) }
        return ("SELECT count(*) FROM customers WHERE owner_id = ? AND status = 'active'", [owner])
    }

    /// Up to `limit` members of `segment` after the customer at `afterSequence`, in file order.
    /// Each customer's purchases before the end of the period are summed in a join grouped
    /// by `seq`, so the walk along the table stops as soon as the page is full; with
    /// `.computed` the boundaries are computed first (and returned in each row).
    ///
    /// CROSS JOIN fixes the join order (sqlite.org/optoverview.html#crossjoin): customers
    /// in `seq` order, then their purchases through `purchases_value`, then the one row of
    /// boundaries (materialized, so it is not folded into the join). Without it the planner
    /// walked every purchase in time order, or the customers through an index on status,
    /// and grouped in a temporary tree, which cannot stop early. In everyone's book the
    /// customers are walked by rowid (NOT INDEXED still seeks by rowid,
    /// sqlite.org/lang_indexedby.html); in one owner's, as the planner likes: in rowid order
    /// with the owner as a filter, or through `customers_owner` and a sort of their few.
    mutating func members(of segment: RFMSegment, boundaries source: RFMBoundarySource, afterSequence: Int64, limit: Int) -> String {
        let boundaries: String
        switch source {
        case .kept(let thresholds):
            // NULL boundaries (nobody bought) leave only lapsed customers scored.
            let values: [Int64?] = thresholds?.flattened ?? Array(repeating: nil, count: Self.thresholdColumns.count)
            boundaries = "thresholds AS (SELECT " + zip(Self.thresholdColumns, values).map { "\(arguments.add($1)) AS \($0)" }.joined(separator: ", ") + ")"
        case .computed:
            boundaries = "\(figures), \(Self.thresholds)"
        }
        let recency = "((\(to) - max(p.purchased_at)) / 86400000)"
        let frequency = "count(*) FILTER (WHERE p.purchased_at >= \(from))"
        let monetary = "coalesce(sum(p.amount) FILTER (WHERE p.purchased_at >= \(from)), 0)"
        // SQLite cannot name a result column in another, so each score is written out
        // where it is used; the aggregates inside are computed once per group all the same.
        let scores = (recency: Self.score(.recency, of: recency, frequency: frequency, thresholds: "t."),
                      frequency: Self.score(.frequency, of: frequency, frequency: frequency, thresholds: "t."),
                      monetary: Self.score(.monetary, of: monetary, frequency: frequency, thresholds: "t."))
        return """
            WITH \(boundaries)
            SELECT c.seq, c.id, c.name, c.tier, c.owner_id, max(p.purchased_at) AS last_purchase_at, \(recency) AS recency,
                   \(frequency) AS frequency, \(monetary) AS monetary, t.*,
                   \(scores.recency) AS recency_score, \(scores.frequency) AS frequency_score, \(scores.monetary) AS monetary_score,
                   \(Self.segment(recency: scores.recency, frequency: scores.frequency, monetary: scores.monetary)) AS segment
            FROM customers c\(owner == nil ? " NOT INDEXED" : "") CROSS JOIN purchases p CROSS JOIN thresholds t
            WHERE c.status = 'active'\(owner.map { " AND c.owner_id = \($0)" } ?? "") AND c.seq > \(arguments.add(afterSequence))
              AND p.customer_id = c.id AND p.currency = \(currency) AND p.purchased_at < \(to)
            GROUP BY c.seq
            HAVING segment = \(arguments.add(segment.rawValue))
            ORDER BY c.seq LIMIT \(arguments.add(limit))
            """
    }

    /// Per active customer in scope with a purchase before the end of the period: purchases
    /// and money in the period, and whole days from the last purchase to the period's end.
    ///
    /// `currency` is the base currency, whose purchases each customer row sums up
    /// (`CustomerActivitySummary`: count, first and last time, and `total_spent`). So the
    /// figures come from `customers_rfm` alone for a customer whose purchases all fall in
    /// the period (its count and spend) or all before it (lapsed: none in it); a customer
    /// whose purchases straddle the period's start sums the period from `purchases_value`
    /// (one seek, the period's rows only), and one with purchases at or after the end sums
    /// everything before the end, as if nothing were stored. With 100,000 customers and a
    /// year of a million purchases this takes about 30 ms, where one pass over every
    /// purchase took 150 ms; over several years of history the pass would grow with it.
    private var figures: String {
        let book = "c.status = 'active'\(owner.map { " AND c.owner_id = \($0)" } ?? "") AND c.base_purchase_count > 0"
        return """
            figures AS MATERIALIZED (
                SELECT c.id AS customer_id,
                       iif(c.base_last_purchase_at < \(from), 0, c.base_purchase_count) AS frequency,
                       iif(c.base_last_purchase_at < \(from), 0, c.total_spent) AS monetary,
                       (\(to) - c.base_last_purchase_at) / 86400000 AS recency
                FROM customers c
                WHERE \(book) AND c.base_last_purchase_at < \(to)
                  AND (c.base_first_purchase_at >= \(from) OR c.base_last_purchase_at < \(from))
                UNION ALL
                SELECT c.id, count(*), sum(p.amount), (\(to) - c.base_last_purchase_at) / 86400000
                FROM customers c CROSS JOIN purchases p INDEXED BY purchases_value
                WHERE \(book) AND c.base_last_purchase_at < \(to)
                  AND c.base_first_purchase_at < \(from) AND c.base_last_purchase_at >= \(from)
                  AND p.customer_id = c.id AND p.currency = \(currency) AND p.purchased_at >= \(from) AND p.purchased_at < \(to)
                GROUP BY c.id
                UNION ALL
                SELECT c.id, count(*) FILTER (WHERE p.purchased_at >= \(from)),
                       coalesce(sum(p.amount) FILTER (WHERE p.purchased_at >= \(from)), 0),
                       (\(to) - max(p.purchased_at)) / 86400000
                FROM customers c CROSS JOIN purchases p INDEXED BY purchases_value
                WHERE \(book) AND c.base_last_purchase_at >= \(to)
                  AND p.customer_id = c.id AND p.currency = \(currency) AND p.purchased_at < \(to)
                GROUP BY c.id)
            """
    }

    /// The figures alone, by customer id: what `RFMFiguresTests` checks against a sum over
    /// every purchase.
    func figuresByCustomer() -> String {
        "WITH \(figures) SELECT customer_id, frequency, monetary, recency FROM figures ORDER BY customer_id"
    }

    static let thresholdColumns = ["r1", "r2", "r3", "r4", "f1", "f2", "f3", "f4", "m1", "m2", "m3", "m4"]

    /// The boundaries over the customers who bought in the period (n of them): boundary k
    /// is the figure at position p_k = ⌈k·n/5⌉ counted from the worst, read from a running
    /// count over the distinct figures (`reached`: how many are that bad or worse).
    static let thresholds = """
        positions AS (
            SELECT (count(*) + 4) / 5 AS p1, (2 * count(*) + 4) / 5 AS p2, (3 * count(*) + 4) / 5 AS p3, (4 * count(*) + 4) / 5 AS p4
            FROM figures WHERE frequency > 0),
        recency_steps AS (
            SELECT recency AS value, sum(count(*)) OVER (ORDER BY recency DESC) AS reached FROM figures WHERE frequency > 0 GROUP BY recency),
        frequency_steps AS (
            SELECT frequency AS value, sum(count(*)) OVER (ORDER BY frequency) AS reached FROM figures WHERE frequency > 0 GROUP BY frequency),
        monetary_steps AS (
            SELECT monetary AS value, sum(count(*)) OVER (ORDER BY monetary) AS reached FROM figures WHERE frequency > 0 GROUP BY monetary),
        thresholds AS MATERIALIZED (
            SELECT r.*, f.*, m.* FROM
                (\(boundaries("recency_steps", prefix: "r", pick: "max"))) AS r,
                (\(boundaries("frequency_steps", prefix: "f", pick: "min"))) AS f,
                (\(boundaries("monetary_steps", prefix: "m", pick: "min"))) AS m)
        """

    /// Recency counts from the most days (worst) down, so its boundary is the largest value
    /// reaching the position; frequency and money count up, so theirs is the smallest.
    private static func boundaries(_ steps: String, prefix: String, pick: String) -> String {
        "SELECT " + (1...4).map { "\(pick)(value) FILTER (WHERE reached >= p\($0)) AS \(prefix)\($0)" }.joined(separator: ", ") + " FROM \(steps), positions"
    }

    enum Figure: String {
        case recency = "r", frequency = "f", monetary = "m"
    }

    /// A score is 1 plus the boundaries the figure beats (fewer days, more purchases, more
    /// money); customers who did not buy in the period (frequency 0) score 1 whatever the
    /// boundaries.
    private static func score(_ figure: Figure, of value: String, frequency: String, thresholds prefix: String = "") -> String {
        let beats = figure == .recency ? "<" : ">"
        return "(CASE WHEN \(frequency) = 0 THEN 1 ELSE 1 + " + (1...4).map { "(\(value) \(beats) \(prefix)\(figure.rawValue)\($0))" }.joined(separator: " + ") + " END)"
    }

    /// `RFMSegment`'s table as a CASE over the recency score and the frequency-monetary score.
    private static func segment(recency: String, frequency: String, monetary: String) -> String {
        let cells = RFMSegment.cells.map { "WHEN \($0.recency * 10 + $0.frequencyMonetary) THEN '\($0.segment.rawValue)'" }
        return "CASE \(recency) * 10 + (\(frequency) + \(monetary) + 1) / 2 " + cells.joined(separator: " ") + " END"
    }
}
