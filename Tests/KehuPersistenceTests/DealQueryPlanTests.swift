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
                for stage in DealStage.allCases.dropFirst().prefix(index % 5) {
                    let at = deal.stageEnteredAt.addingTimeInterval(86_400)
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

    @Test func theFunnel_findsItsCohortByIndex_andReadsTimeFromTheHistoryIndex() throws {
        let (database, directory) = try Self.seeded()
        defer { database.close(); directory.remove() }
        let repository = SQLiteDealRepository(database: database)
        let period = AnalyticsPeriod(from: Self.now.addingTimeInterval(30 * 86_400), to: Self.now.addingTimeInterval(60 * 86_400))
        for scope in [OwnerScope.all, .owner("usr_rep3")] {
            let plans = try repository.funnelQueryPlans(period: period, scope: scope, now: Self.now.addingTimeInterval(90 * 86_400))
            #expect(plans.count == 3)
            for (name, plan) in plans {
                #expect(!Self.scans(plan), "\(name) (\(scope)) scans: \(plan)")
                #expect(plan.contains { $0.contains("INDEX deals_created") || $0.contains("INDEX deals_owner") }, "\(name) (\(scope)): \(plan)")
            }
            #expect(plans["stints"]?.contains { $0.contains("COVERING INDEX deal_stages_deal") } == true, "\(plans["stints"] ?? [])")
        }
        // The figures themselves come out of the same statements.
        let counts = try repository.funnelCounts(period: period, scope: .all, now: Self.now.addingTimeInterval(90 * 86_400))
        #expect(counts.total == 720)
        #expect(counts.current.values.reduce(0, +) == counts.total)
        #expect(counts.reached[.lead] == counts.total)
    }
}
