import Foundation
import KehuCore
import SQLiteStore

/// The funnel by SQL aggregation over the live deals: three statements over the cohort (deals
/// created in the period, within the book), in one read transaction so they agree.
extension SQLiteDealRepository: FunnelRepository {
    public func funnelCounts(period: AnalyticsPeriod, scope: OwnerScope, now: Date) throws -> FunnelCounts {
        let statements = Self.funnelStatements(period: period, scope: scope, now: now)
        return try database.read { db in
            guard let totals = try db.queryOne(statements.totals.sql, statements.totals.arguments) else { preconditionFailure("an aggregate answers one row") }
            var current: [DealStage: Int] = [:]
            for stage in DealStage.allCases { current[stage] = totals.int("current_\(stage.rawValue)") }
            var reached: [DealStage: Int] = [:]
            for stage in DealStage.funnel { reached[stage] = totals.int("reached_\(stage.rawValue)") }
            var entered: [DealStage: Int] = [:]
            var averages: [DealStage: Double] = [:]
            for row in try db.query(statements.stints.sql, statements.stints.arguments) {
                guard let stage = DealStage(rawValue: row.string("stage")) else { continue }
                entered[stage] = row.int("deals")
                if stage.isOpen { averages[stage] = row.optionalDouble("average") }
            }
            let amounts = try db.query(statements.amounts.sql, statements.amounts.arguments).map { row in
                FunnelAmount(currency: row.string("currency"), deals: row.int("deals"), total: row.int64("total"), open: row.int64("open"),
                             won: row.int64("won"), lost: row.int64("lost"))
            }
            return FunnelCounts(total: totals.int("total"), current: current, reached: reached, entered: entered, averageMillis: averages,
                                amounts: amounts)
        }
    }

    /// The plans SQLite chooses for the funnel's statements (`EXPLAIN QUERY PLAN` details), for tests.
    func funnelQueryPlans(period: AnalyticsPeriod, scope: OwnerScope, now: Date) throws -> [String: [String]] {
        let statements = Self.funnelStatements(period: period, scope: scope, now: now)
        return try database.read { db in
            var plans: [String: [String]] = [:]
            for (name, statement) in [("totals", statements.totals), ("stints", statements.stints), ("amounts", statements.amounts)] {
                plans[name] = try db.query("EXPLAIN QUERY PLAN " + statement.sql, statement.arguments).map { $0.string("detail") }
            }
            return plans
        }
    }

    typealias Statement = (sql: String, arguments: [any SQLiteBindable])

    static func funnelStatements(period: AnalyticsPeriod, scope: OwnerScope, now: Date) -> (totals: Statement, stints: Statement, amounts: Statement) {
        var arguments = SQLArguments()
        var cohort = "d.created_at >= \(arguments.add(StoredTime.millis(period.from))) AND d.created_at < \(arguments.add(StoredTime.millis(period.to)))"
        if let owner = scope.ownerID { cohort += " AND " + DealRow.inBook(owner: arguments.add(owner)) }
        let current = DealStage.allCases.map { "coalesce(sum(d.stage = '\($0.rawValue)'), 0) AS current_\($0.rawValue)" }
        let reached = DealStage.funnel.map { "coalesce(sum(d.furthest_rank >= \($0.funnelRank!)), 0) AS reached_\($0.rawValue)" }
        let totals = "SELECT count(*) AS total, \((current + reached).joined(separator: ", ")) FROM deals d WHERE \(cohort)"
        let openStages = "(" + DealStage.open.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
        let amounts = """
            SELECT d.currency, count(*) AS deals, sum(d.amount) AS total,
                   sum(CASE WHEN d.stage IN \(openStages) THEN d.amount ELSE 0 END) AS open,
                   sum(CASE WHEN d.stage = 'won' THEN d.amount ELSE 0 END) AS won,
                   sum(CASE WHEN d.stage = 'lost' THEN d.amount ELSE 0 END) AS lost
            FROM deals d WHERE \(cohort) GROUP BY d.currency ORDER BY d.currency
            """
        // Time per deal and stage first (all its stints), then the mean over the deals.
        let cohortArguments = arguments.values
        let nowPlaceholder = arguments.add(StoredTime.millis(now))
        let stints = """
            SELECT stage, count(*) AS deals, avg(spent) AS average FROM (
                SELECT h.stage, sum(coalesce(h.left_at, \(nowPlaceholder)) - h.entered_at) AS spent
                FROM deals d JOIN deal_stages h ON h.deal_seq = d.seq
                WHERE \(cohort) GROUP BY d.seq, h.stage
            ) GROUP BY stage
            """
        return ((totals, cohortArguments), (stints, arguments.values), (amounts, cohortArguments))
    }
}
