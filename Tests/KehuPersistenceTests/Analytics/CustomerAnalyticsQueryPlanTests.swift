import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// The customer-value analytics read the indexes their speed depends on (docs/analytics.md,
/// "How the analytics stay fast"): RFM's figures from the stored summary in `customers_rfm`
/// and seeks into `purchases_value`, a segment walk
/// that can stop at a full page, percentile caps read from an index, and one owner's book
/// through `customers_owner`.
@Suite struct CustomerAnalyticsQueryPlanTests {
    static let now = FollowUpQueryPlanTests.now
    static let period = AnalyticsPeriod(from: now.addingTimeInterval(-365 * 86_400), to: now)
    static let owner = OwnerScope.owner("usr_rep3")
    static let thresholds = RFMThresholds(recencyDays: [200, 60, 10, 3], frequency: [1, 2, 3, 4], monetary: [5_000, 10_000, 30_000, 40_000])

    /// `EXPLAIN QUERY PLAN` rows: top-level steps have parent 0.
    static func plan(_ sql: String, _ arguments: [any SQLiteBindable], in database: KehuDatabase) throws -> [(parent: Int, detail: String)] {
        try database.read { db in
            try db.query("EXPLAIN QUERY PLAN " + sql, arguments).map { (parent: $0.int("parent"), detail: $0.string("detail")) }
        }
    }

    static func seeded() throws -> (TemporaryDirectory, KehuDatabase) {
        let directory = try TemporaryDirectory()
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        try FollowUpQueryPlanTests.seed(database)
        try database.write { db in
            for index in 0..<5_000 {
                let at = now.addingTimeInterval(-Double(index % 400) * 86_400)
                try SQLiteCustomerRepository.insertPurchaseRow(
                    Purchase(id: "pur_\(index)", customerID: "cus_\(index % 500)", amount: Int64(1_000 + index), currency: index % 50 == 0 ? "USD" : "CNY",
                             cost: index % 3 == 0 ? nil : 500, product: "p", category: nil, quantity: 1, channel: nil, purchasedAt: at, createdAt: at),
                    in: db)
            }
            for index in 0..<2_500 {
                let at = now.addingTimeInterval(-Double(index % 200) * 86_400)
                try SQLiteCustomerRepository.insertInteractionRow(
                    Interaction(id: "int_\(index)", customerID: "cus_\(index % 500)", channel: .phone, direction: .outbound, summary: "s",
                                outcome: nil, occurredAt: at, userID: nil, createdAt: at),
                    in: db)
            }
            try db.execute("UPDATE customers SET status = 'archived' WHERE seq % 50 = 0")
            try db.execute("ANALYZE")
        }
        return (directory, database)
    }

    @Test func rfm_sumsThePeriodFromPurchasesValue_andTheWalkCanStopEarly() throws {
        let (directory, database) = try Self.seeded()
        defer { database.close(); directory.remove() }
        for scope in [OwnerScope.all, Self.owner] {
            let summary = RFMStatement(period: Self.period, currency: "CNY", scope: scope)
            let plan = try Self.plan(summary.summary(), summary.arguments.values, in: database).map(\.detail)
            // The stored summary from its covering index; purchases only through seeks, by
            // customer, for those straddling the period's start or past its end.
            #expect(plan.filter { $0.hasPrefix("SEARCH c USING COVERING INDEX customers_rfm (status=?") }.count == 3, "\(scope): \(plan)")
            #expect(plan.filter { $0.hasPrefix("SEARCH p USING COVERING INDEX purchases_value (customer_id=? AND currency=? AND purchased_at") }.count == 2,
                    "\(scope): \(plan)")
            #expect(!plan.contains { ["p", "c", "purchases", "customers"].contains($0.split(separator: " ").dropFirst().first ?? "") && $0.hasPrefix("SCAN") },
                    "\(scope): \(plan)")
            #expect(!plan.contains { $0.contains("purchases_time") || $0.contains("purchases_customer") }, "\(scope): \(plan)")

            var later = RFMStatement(period: Self.period, currency: "CNY", scope: scope)
            let walk = try Self.plan(later.members(of: .loyal, boundaries: .kept(Self.thresholds), afterSequence: 10, limit: 51), later.arguments.values, in: database)
            #expect(walk.contains { $0.detail.contains("SEARCH p USING COVERING INDEX purchases_value") }, "\(scope): \(walk)")
            // Customers in rowid order, no sort: the walk stops when the page is full. (In one
            // owner's book the planner may instead take customers_owner and sort their few.)
            if scope == .all {
                #expect(walk.contains { $0.detail.contains("SEARCH c USING INTEGER PRIMARY KEY") }, "\(walk)")
                #expect(!walk.contains { $0.detail.contains("TEMP B-TREE") }, "\(walk)")
            }

            var first = RFMStatement(period: Self.period, currency: "CNY", scope: scope)
            let firstPage = try Self.plan(first.members(of: .loyal, boundaries: .computed, afterSequence: 0, limit: 51), first.arguments.values, in: database)
            if scope == .all {
                // Sorting happens only inside the boundaries' subqueries, never in the walk.
                #expect(!firstPage.contains { $0.parent == 0 && $0.detail.contains("TEMP B-TREE") }, "\(firstPage)")
                #expect(firstPage.contains { $0.parent == 0 && $0.detail.contains("SEARCH c USING INTEGER PRIMARY KEY") }, "\(firstPage)")
            }
        }
    }

    @Test func priority_readsCapsFromIndexes_andInteractionsFromTheirCoveringIndex() throws {
        let (directory, database) = try Self.seeded()
        defer { database.close(); directory.remove() }
        let (everyone, arguments) = SQLiteCustomerAnalyticsRepository.priorityStatement(settings: .default, now: Self.now, scope: .all, after: nil, limit: 101)
        let plan = try Self.plan(everyone, arguments, in: database).map(\.detail)
        for expected in ["COVERING INDEX customers_spent", "COVERING INDEX customers_profit", "SCAN interactions USING COVERING INDEX interactions_customer",
                         // Either index by status: the active statuses' rows are read whole either way.
                         "feedback USING INDEX feedback_status_", "follow_ups USING INDEX follow_ups_status_due"] {
            #expect(plan.contains { $0.contains(expected) }, "\(expected): \(plan)")
        }
        let (own, ownArguments) = SQLiteCustomerAnalyticsRepository.priorityStatement(settings: .default, now: Self.now, scope: Self.owner,
                                                                                      after: RankPosition(key: 50, sequence: 3), limit: 101)
        let ownPlan = try Self.plan(own, ownArguments, in: database).map(\.detail)
        #expect(ownPlan.contains { $0.contains("SEARCH interactions USING COVERING INDEX interactions_customer (customer_id=?") }, "\(ownPlan)")
        #expect(!ownPlan.contains { $0.contains("customers_spent") || $0.contains("customers_profit") }, "\(ownPlan)")
        let tableScans = ownPlan.filter { step in step.hasPrefix("SCAN") && !["caps", "ranked", "CONSTANT ROW"].contains { step.contains($0) } }
        #expect(tableScans.isEmpty, "\(ownPlan)")
    }

    @Test func churnAndSegments_inOneOwnersBook_goThroughCustomersOwner() throws {
        let (directory, database) = try Self.seeded()
        defer { database.close(); directory.remove() }
        let (churn, churnArguments) = SQLiteCustomerAnalyticsRepository.churnStatement(rules: ChurnRules(), now: Self.now, scope: Self.owner,
                                                                                      after: nil, limit: 101)
        let churnPlan = try Self.plan(churn, churnArguments, in: database).map(\.detail)
        #expect(churnPlan.contains { $0.contains("customers USING INDEX customers_owner") }, "\(churnPlan)")
        for dimension in SegmentDimension.allCases {
            for scope in [OwnerScope.all, Self.owner] {
                let (sql, arguments) = SQLiteCustomerAnalyticsRepository.segmentsStatement(by: dimension, period: Self.period, currency: "CNY", scope: scope)
                let plan = try Self.plan(sql, arguments, in: database).map(\.detail)
                #expect(plan.contains { $0.contains("purchases USING COVERING INDEX purchases_value") }, "\(dimension) \(scope): \(plan)")
                #expect(scope == .all || plan.contains { $0.contains("customers_owner") }, "\(dimension) \(scope): \(plan)")
            }
        }
    }
}
