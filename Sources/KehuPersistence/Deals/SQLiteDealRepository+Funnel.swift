import Foundation
import KehuCore
import SQLiteStore

/// The funnel by SQL aggregation over the live deals: two statements over the cohort (deals
/// created in the period, within the book), in one read transaction so they agree. Time per
/// stage comes from the history as summed up on each deal by its writes (`lead_ms` …, with
/// the current stint counted until `now`), so neither statement reads the history rows.
extension SQLiteDealRepository: FunnelRepository, SQLiteAnalyticsOwnerLookup {
    public func funnelCounts(period: AnalyticsPeriod, scope: OwnerScope, now: Date) throws -> FunnelCounts {
        let statements = Self.funnelStatements(period: period, scope: scope, now: now)
        return try database.read { db in
            guard let totals = try db.queryOne(statements.totals.sql, statements.totals.arguments) else { preconditionFailure("an aggregate answers one row") }
            var current: [DealStage: Int] = [:]
            var entered: [DealStage: Int] = [:]
            var averages: [DealStage: Double] = [:]
            for stage in DealStage.allCases {
                current[stage] = totals.int("current_\(stage.rawValue)")
                entered[stage] = totals.int("entered_\(stage.rawValue)")
                if stage.isOpen { averages[stage] = totals.optionalDouble("average_\(stage.rawValue)") }
            }
            var reached: [DealStage: Int] = [:]
            for stage in DealStage.funnel { reached[stage] = totals.int("reached_\(stage.rawValue)") }
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
            for (name, statement) in [("totals", statements.totals), ("amounts", statements.amounts)] {
                plans[name] = try db.query("EXPLAIN QUERY PLAN " + statement.sql, statement.arguments).map { $0.string("detail") }
            }
            return plans
        }
    }

    typealias Statement = (sql: String, arguments: [any SQLiteBindable])

    static func funnelStatements(period: AnalyticsPeriod, scope: OwnerScope, now: Date) -> (totals: Statement, amounts: Statement) {
        var arguments = SQLArguments()
        var cohort = "d.created_at >= \(arguments.add(StoredTime.millis(period.from))) AND d.created_at < \(arguments.add(StoredTime.millis(period.to)))"
        if let owner = scope.ownerID { cohort += " AND " + DealRow.inBook(owner: arguments.add(owner)) }
        let openStages = "(" + DealStage.open.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
        let amounts = """
            SELECT d.currency, count(*) AS deals, sum(d.amount) AS total,
                   sum(CASE WHEN d.stage IN \(openStages) THEN d.amount ELSE 0 END) AS open,
                   sum(CASE WHEN d.stage = 'won' THEN d.amount ELSE 0 END) AS won,
                   sum(CASE WHEN d.stage = 'lost' THEN d.amount ELSE 0 END) AS lost
            FROM deals d WHERE \(cohort) GROUP BY d.currency ORDER BY d.currency
            """
        let cohortArguments = arguments.values
        let now = arguments.add(StoredTime.millis(now))
        var figures = ["count(*) AS total"]
        for stage in DealStage.allCases {
            let name = stage.rawValue
            figures.append("coalesce(sum(d.stage = '\(name)'), 0) AS current_\(name)")
            figures.append("coalesce(sum((d.entered_stages & \(DealRow.bit(stage))) <> 0), 0) AS entered_\(name)")
            if let rank = stage.funnelRank { figures.append("coalesce(sum(d.furthest_rank >= \(rank)), 0) AS reached_\(name)") }
            // Per deal that entered the stage: its ended stints plus the current one until now.
            if stage.isOpen {
                figures.append("""
                    CAST(sum(d.\(DealRow.millisColumn(stage)) + CASE WHEN d.stage = '\(name)' THEN \(now) - d.stage_entered_at ELSE 0 END) AS REAL)
                        / nullif(sum((d.entered_stages & \(DealRow.bit(stage))) <> 0), 0) AS average_\(name)
                    """)
            }
        }
        let totals = "SELECT \(figures.joined(separator: ",\n")) FROM deals d WHERE \(cohort)"
        return ((totals, arguments.values), (amounts, cohortArguments))
    }
}
