import Foundation
import KehuCore
import SQLiteStore

/// The service-quality analytics over the live tables: every figure is a GROUP BY (and
/// for medians an ordered read of each bucket's middle rows) in SQL; Swift only places the
/// few aggregate rows into their buckets. Each call runs in one read transaction, so its figures agree.
public struct SQLiteServiceAnalyticsRepository: ServiceAnalyticsRepository, SQLiteAnalyticsOwnerLookup {
    let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func satisfaction(buckets: [TimeBucket], scope: OwnerScope) throws -> SatisfactionTallies {
        let arguments: [any SQLiteBindable] = [BucketTable.json(buckets)] + (scope.ownerID.map { [$0] } ?? [])
        let statements = SatisfactionStatements(scope: scope)
        return try database.read { db in
            var figures = Array(repeating: FeedbackFigures(), count: buckets.count)
            for row in try db.query(statements.csat, arguments) {
                figures[row.int("i")].csat = CSATFigures(count: row.int("n"), satisfied: row.int("satisfied"), scoreSum: row.int("total"))
            }
            var categories = Array(repeating: [CategoryCount](), count: buckets.count)
            for row in try db.query(statements.complaints, arguments) {
                categories[row.int("i")].append(CategoryCount(category: row.optionalString("category"), count: row.int("n")))
            }
            for (index, counts) in categories.enumerated() { figures[index].complaints = ComplaintFigures(byCategory: counts) }
            for row in try db.query(statements.acknowledgements, arguments) {
                figures[row.int("i")].sla.acknowledged = row.int("n")
                figures[row.int("i")].sla.responseBreaches = row.int("breached")
            }
            for (index, resolution) in try Self.resolutions(statements, arguments, in: db) {
                figures[index].resolution = resolution.figures
                figures[index].sla.resolved = resolution.figures.count
                figures[index].sla.resolutionBreaches = resolution.breached
            }
            let answers = try Self.surveyAnswers(arguments, buckets: buckets.count, scope: scope, in: db)
            return SatisfactionTallies(feedback: figures, answers: answers)
        }
    }

    /// Per bucket with resolutions: how many, the median time, how many late.
    static func resolutions(_ statements: SatisfactionStatements, _ arguments: [any SQLiteBindable],
                            in db: Database) throws -> [(Int, (figures: ResolutionFigures, breached: Int))] {
        guard statements.scope.ownerID == nil else {
            return try db.query(statements.resolutionsRanked, arguments).map { row in
                (row.int("i"), (ResolutionFigures(count: row.int("n"), medianMillis: row.double("median_ms")), row.int("breached")))
            }
        }
        let counts = try db.query(statements.resolutionCounts, arguments).map { (bucket: $0.int("i"), count: $0.int("n"), breached: $0.int("breached")) }
        var medians: [Int: Double] = [:]
        if let sql = statements.resolutionMedians(counts.map { ($0.bucket, $0.count) }) {
            for row in try db.query(sql, arguments) { medians[row.int("i")] = row.double("median_ms") }
        }
        return counts.map { ($0.bucket, (ResolutionFigures(count: $0.count, medianMillis: medians[$0.bucket]), $0.breached)) }
    }

    public func compliance(days: [TimeBucket], from: Date, until: Date, scope: OwnerScope) throws -> [OwnerCompliance] {
        let arguments: [any SQLiteBindable] = [BucketTable.json(days), StoredTime.millis(from), StoredTime.millis(until)]
            + (scope.ownerID.map { [$0] } ?? [])
        return try database.read { db in
            try db.query(ComplianceStatement.sql(scope: scope), arguments).map { row in
                OwnerCompliance(ownerID: row.string("owner_id"), name: row.optionalString("name"), counts: ComplianceCounts(
                    due: row.int("due"), doneOnTime: row.int("on_time"), doneLate: row.int("late"), overdue: row.int("overdue"),
                    skipped: row.int("skipped"), cancelled: row.int("cancelled")))
            }
        }
    }

    public func overview(period: AnalyticsPeriod, previous: AnalyticsPeriod, now: Date, scope: OwnerScope) throws -> (Overview, SurveyAnswerTallies) {
        let statements = OverviewStatements(scope: scope)
        return try database.read { db in
            var byTier = Dictionary(uniqueKeysWithValues: Tier.allCases.map { ($0, 0) })
            var byStage = Dictionary(uniqueKeysWithValues: LifecycleStage.allCases.map { ($0, 0) })
            let (classSQL, classArguments) = statements.activeCustomers
            for row in try db.query(classSQL, classArguments) {
                if let tier = Tier(rawValue: row.string("tier")) { byTier[tier, default: 0] += row.int("n") }
                if let stage = LifecycleStage(rawValue: row.string("stage")) { byStage[stage, default: 0] += row.int("n") }
            }
            let (newSQL, newArguments) = statements.newCustomers(period, previous: previous)
            let new = try db.queryOne(newSQL, newArguments)
            let (revenueSQL, revenueArguments) = statements.revenue(period, previous: previous)
            let revenue = try db.query(revenueSQL, revenueArguments).map { row in
                PeriodRevenue(currency: row.string("currency"), amount: row.int64("amount"), purchases: row.int("purchases"),
                              previousAmount: row.int64("previous_amount"), previousPurchases: row.int("previous_purchases"))
            }
            let (feedbackSQL, feedbackArguments) = statements.feedback(now: now)
            let feedback = try db.queryOne(feedbackSQL, feedbackArguments)
            let (followUpSQL, followUpArguments) = statements.overdueFollowUps(now: now)
            let overdueFollowUps = try db.scalar(followUpSQL, followUpArguments)?.int64Value ?? 0
            let (dealsSQL, dealsArguments) = statements.closedDeals(period, previous: previous)
            let deals = try db.queryOne(dealsSQL, dealsArguments)
            let overview = Overview(
                period: period, previousPeriod: previous, asOf: now, ownerID: scope.ownerID,
                customersByTier: byTier, customersByStage: byStage,
                newCustomers: new?.int("current") ?? 0, previousNewCustomers: new?.int("previous") ?? 0, revenue: revenue,
                openFeedback: feedback?.int("open") ?? 0, overdueFeedback: feedback?.int("overdue") ?? 0,
                overdueFollowUps: Int(overdueFollowUps), nps: SurveyScoring.nps([:]),
                closedDeals: ClosedDeals(won: deals?.int("won") ?? 0, lost: deals?.int("lost") ?? 0),
                previousClosedDeals: ClosedDeals(won: deals?.int("previous_won") ?? 0, lost: deals?.int("previous_lost") ?? 0))
            let arguments: [any SQLiteBindable] = [BucketTable.json(spans: [(period.from, period.to)])] + (scope.ownerID.map { [$0] } ?? [])
            return (overview, try Self.surveyAnswers(arguments, buckets: 1, scope: scope, in: db))
        }
    }

    /// Scored answers per bucket and survey, and the surveys answered. `arguments` are the
    /// buckets' JSON and, for a book, the owner.
    static func surveyAnswers(_ arguments: [any SQLiteBindable], buckets: Int, scope: OwnerScope, in db: Database) throws -> SurveyAnswerTallies {
        let statements = SurveyAnswerStatements(scope: scope)
        var perBucket = Array(repeating: [String: SurveyTallies](), count: buckets)
        for row in try db.query(statements.scores, arguments) {
            let tally = ScoreTally(questionID: row.string("question_id"), score: row.int("score"), count: row.int("n"))
            perBucket[row.int("i")][row.string("survey_id"), default: SurveyTallies(responses: 0, scores: [])].scores.append(tally)
        }
        for row in try db.query(statements.responses, arguments) {
            perBucket[row.int("i")][row.string("survey_id"), default: SurveyTallies(responses: 0, scores: [])].responses = row.int("n")
        }
        let ids = Set(perBucket.flatMap(\.keys))
        guard !ids.isEmpty else { return SurveyAnswerTallies(perBucket: perBucket, surveys: [:]) }
        let surveys = try db.query("SELECT * FROM surveys WHERE id IN (SELECT value FROM json_each(?))", [StoredJSON.encode(ids.sorted())])
            .map(SurveyRow.survey)
        return SurveyAnswerTallies(perBucket: perBucket, surveys: Dictionary(uniqueKeysWithValues: surveys.map { ($0.id, $0) }))
    }
}
