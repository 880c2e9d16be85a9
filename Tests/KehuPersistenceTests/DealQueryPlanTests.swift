import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// Deal lists and the funnel read through indexes, never a scan of `deals` or `deal_stages`.
@Suite struct DealQueryPlanTests {
    static let now = FollowUpQueryPlanTests.now

    /// Each list with the index it should start from.
    static let cases: [(String, DealQuery, String)] = [
        ("newest", DealQuery(), "deals_created"),
        ("oldest", DealQuery(order: .oldest), "deals_created"),
        ("created range", DealQuery(createdFrom: now, createdTo: now.addingTimeInterval(86_400)), "deals_created"),
        ("stage", DealQuery(stage: .proposal), "deals_stage"),
        ("owner", DealQuery(ownerID: "usr_rep3"), "deals_owner"),
        ("customer", DealQuery(customerID: "cus_7"), "deals_customer"),
        ("closing soonest", DealQuery(order: .closingFirst), "deals_close"),
        ("closing latest", DealQuery(order: .closingLast), "deals_close"),
        ("close range", DealQuery(expectedCloseFrom: now, expectedCloseTo: now.addingTimeInterval(7 * 86_400), order: .closingFirst), "deals_close"),
        ("largest", DealQuery(order: .largest), "deals_amount"),
        ("smallest", DealQuery(order: .smallest), "deals_amount"),
    ]

    /// The moves of the seeded deals, by index: skips, steps back, losses and a reopening.
    static let paths: [[DealStage]] = [
        [], [.qualified], [.proposal, .lead, .qualified], [.qualified, .proposal, .negotiation, .won], [.lost, .negotiation, .lost], [.negotiation, .won],
    ]

    static func seeded() throws -> (KehuDatabase, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        try FollowUpQueryPlanTests.seed(database)
        try database.write { db in
            for index in 0..<3_000 {
                let created = now.addingTimeInterval(Double(index) * 3_600)
                var deal = Deal(id: "del_\(index)", customerID: "cus_\(index % 500)", title: "d", amount: Int64(index * 100), currency: "CNY",
                                stage: .lead, ownerID: "usr_rep\(index % 10)",
                                expectedCloseAt: index % 3 == 0 ? nil : created.addingTimeInterval(30 * 86_400), notes: nil, createdBy: nil, createdAt: created)
                try db.execute(DealRow.insertSQL, DealRow.values(deal))
                let seq = db.lastInsertRowID
                try db.execute(DealRow.insertStintSQL, DealRow.stintValues(DealStageChange(dealID: deal.id, from: nil, to: .lead, note: nil, actorID: nil, at: created), dealSeq: seq))
                for (step, stage) in Self.paths[index % Self.paths.count].enumerated() {
                    let at = deal.stageEnteredAt.addingTimeInterval(Double(step + 1) * 3_600 * 7)
                    let change = try deal.move(to: stage, at: at, actorID: nil, note: nil, lostReason: stage == .lost ? "r" : nil)
                    try db.execute(DealRow.updateSQL, Array(DealRow.values(deal).dropFirst()) + [deal.id])
                    try db.execute(DealRow.endStintSQL, [StoredTime.millis(at), seq])
                    try db.execute(DealRow.insertStintSQL, DealRow.stintValues(change, dealSeq: seq))
                }
            }
            try db.execute("ANALYZE")
        }
        return (database, directory)
    }

    static func scans(_ plan: [String]) -> Bool {
        plan.contains { ($0.hasPrefix("SCAN d") || $0.hasPrefix("SCAN h") || $0.hasPrefix("SCAN deals") || $0.hasPrefix("SCAN deal_stages")) && !$0.contains("USING") }
    }

    @Test func everyList_startsFromItsIndex() throws {
        let (database, directory) = try Self.seeded()
        defer { database.close(); directory.remove() }
        let repository = SQLiteDealRepository(database: database)
        for (label, query, index) in Self.cases {
            let plan = try repository.queryPlan(query, scope: .all)
            #expect(plan.contains { $0.contains("INDEX \(index)") }, "\(label): \(plan)")
            let scoped = try repository.queryPlan(query, scope: .owner("usr_rep3"))
            #expect(!Self.scans(plan) && !Self.scans(scoped), "\(label) scans deals: \(plan) / \(scoped)")
        }
    }

    @Test func theFunnel_readsItsCohortFromOneCoveringIndex() throws {
        let (database, directory) = try Self.seeded()
        defer { database.close(); directory.remove() }
        let repository = SQLiteDealRepository(database: database)
        let period = AnalyticsPeriod(from: Self.now.addingTimeInterval(30 * 86_400), to: Self.now.addingTimeInterval(60 * 86_400))
        for scope in [OwnerScope.all, .owner("usr_rep3")] {
            let plans = try repository.funnelQueryPlans(period: period, scope: scope, now: Self.now.addingTimeInterval(90 * 86_400))
            #expect(plans.count == 2)
            for (name, plan) in plans {
                #expect(!Self.scans(plan), "\(name) (\(scope)) scans: \(plan)")
                #expect(plan.contains { $0.contains("COVERING INDEX deals_funnel") }, "\(name) (\(scope)): \(plan)")
                #expect(!plan.contains { $0.contains("deal_stages") }, "\(name) reads the history: \(plan)")
            }
        }
    }

    /// The time and entries kept on each deal by its writes agree with its history rows,
    /// summed by SQL straight from `deal_stages`: the funnel's figures are the history's.
    @Test func theSummaryOnTheDeals_agreesWithTheHistory() throws {
        let (database, directory) = try Self.seeded()
        defer { database.close(); directory.remove() }
        let now = Self.now.addingTimeInterval(200 * 86_400)
        let period = AnalyticsPeriod(from: Self.now, to: now)
        for scope in [OwnerScope.all, .owner("usr_rep3")] {
            let counts = try SQLiteDealRepository(database: database).funnelCounts(period: period, scope: scope, now: now)
            let history = try database.read { db in
                try db.query("""
                    SELECT stage, count(*) AS deals, avg(spent) AS average FROM (
                        SELECT h.stage, sum(coalesce(h.left_at, ?3) - h.entered_at) AS spent
                        FROM deals d JOIN deal_stages h ON h.deal_seq = d.seq
                        WHERE d.created_at >= ?1 AND d.created_at < ?2
                          AND (?4 IS NULL OR d.owner_id = ?4 OR d.customer_id IN (SELECT id FROM customers WHERE owner_id = ?4))
                        GROUP BY d.seq, h.stage
                    ) GROUP BY stage
                    """, [StoredTime.millis(period.from), StoredTime.millis(period.to), StoredTime.millis(now), scope.ownerID])
            }
            #expect(Set(history.map { $0.string("stage") }) == Set(counts.entered.filter { $0.value > 0 }.keys.map(\.rawValue)))
            if scope == .all { #expect(history.count == DealStage.allCases.count, "every stage is exercised") }
            for row in history {
                let stage = try #require(DealStage(rawValue: row.string("stage")))
                #expect(counts.entered[stage] == row.int("deals"), "\(stage) (\(scope))")
                if stage.isOpen {
                    let average = try #require(counts.averageMillis[stage] ?? nil)
                    #expect(abs(average - row.double("average")) < 0.001, "\(stage) (\(scope)): \(average) vs \(row.double("average"))")
                }
            }
            #expect(counts.total > 0 && counts.current.values.reduce(0, +) == counts.total)
            #expect(counts.reached[.lead] == counts.total)
        }
    }
}
