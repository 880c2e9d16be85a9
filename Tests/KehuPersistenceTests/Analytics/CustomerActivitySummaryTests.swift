import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// The stored per-customer figures: what migrations 13 and 15 fill in for existing data is what
/// every later write keeps, worked out by hand for a few histories.
@Suite struct CustomerActivitySummaryTests {
    static let now = FollowUpQueryPlanTests.now
    static let day: Int64 = 86_400_000

    /// Events (days before now) and purchases (amount, cost, currency) of each customer, and
    /// the figures expected: profit in CNY where the cost is known, events, median gap.
    static let histories: [(events: [Double], purchases: [(Int64, Int64?, String)], profit: Int64, count: Int, median: Int64?)] = [
        ([], [], 0, 0, nil),
        ([10], [(5_000, 3_000, "CNY")], 2_000, 1, nil),
        // 30, 20 (buys), 5: gaps 10 and 15, median 12.5 days.
        ([30, 20, 5], [(9_000, nil, "CNY"), (4_000, 5_000, "CNY")], -1_000, 3, 12 * day + day / 2),
        // 40, 30, 30 (two on the same day), 1: gaps 10, 0, 29, median 10.
        ([40, 30, 30, 1], [(1_000, 100, "USD"), (2_000, 500, "CNY")], 1_500, 4, 10 * day),
    ]

    static func millis(daysAgo: Double) -> Int64 { StoredTime.millis(now.addingTimeInterval(-daysAgo * 86_400)) }

    /// A database at migration 11 with the histories inserted as rows (no refresh), then
    /// migrated to the latest version.
    @Test func migrationBackfill_matchesTheHandWorkedFigures_andTheRefresh() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = DatabaseConfiguration(path: directory.path("kehu.sqlite"))
        let pool = try DatabasePool(configuration: configuration)
        _ = try Migrator(migrations: Array(KehuMigrations.all.prefix(11))).migrate(pool)
        try pool.write { db in
            for (index, history) in Self.histories.enumerated() {
                _ = try SQLiteCustomerRepository.insertRow(Customer(id: "cus_\(index)", type: .individual, name: "客户", createdAt: Self.now), in: db)
                var purchases = history.purchases.makeIterator()
                for (number, daysAgo) in history.events.enumerated() {
                    let at = Self.now.addingTimeInterval(-daysAgo * 86_400)
                    if let (amount, cost, currency) = purchases.next() {
                        try SQLiteCustomerRepository.insertPurchaseRow(
                            Purchase(id: "pur_\(index)_\(number)", customerID: "cus_\(index)", amount: amount, currency: currency, cost: cost,
                                     product: "p", category: nil, quantity: 1, channel: nil, purchasedAt: at, createdAt: at), in: db)
                    } else {
                        try SQLiteCustomerRepository.insertInteractionRow(
                            Interaction(id: "int_\(index)_\(number)", customerID: "cus_\(index)", channel: .visit, direction: .inbound, summary: "s",
                                        outcome: nil, occurredAt: at, userID: nil, createdAt: at), in: db)
                    }
                }
            }
        }
        pool.close()
        let (database, applied) = try KehuDatabase.open(configuration)
        defer { database.close() }
        #expect(applied.map(\.id) == Array(12...KehuMigrations.all.count))
        for (index, history) in Self.histories.enumerated() {
            let row = try #require(try database.read { db in
                try db.queryOne("""
                    SELECT seq, total_profit, event_count, median_gap_ms, base_purchase_count, base_first_purchase_at, base_last_purchase_at
                    FROM customers WHERE id = ?
                    """, ["cus_\(index)"])
            })
            #expect(row.int64("total_profit") == history.profit, "customer \(index)")
            #expect(row.int("event_count") == history.count, "customer \(index)")
            #expect(row.optionalInt64("median_gap_ms") == history.median, "customer \(index)")
            let yuan = history.purchases.enumerated().filter { $0.element.2 == "CNY" }.map { history.events[$0.offset] }
            #expect(row.int("base_purchase_count") == yuan.count, "customer \(index)")
            #expect(row.optionalInt64("base_first_purchase_at") == yuan.max().map { Self.millis(daysAgo: $0) }, "customer \(index)")
            #expect(row.optionalInt64("base_last_purchase_at") == yuan.min().map { Self.millis(daysAgo: $0) }, "customer \(index)")
            // The refresh every write runs finds nothing to change.
            let changes = try database.write { db in
                try CustomerActivitySummary.refresh(customerID: "cus_\(index)", seq: row.int64("seq"), currency: "CNY", in: db)
                return db.changes
            }
            #expect(changes == 0, "customer \(index)")
        }
        // In another base currency only the dollar purchase's margin counts.
        let dollars = try database.write { db in
            let seq = try db.scalar("SELECT seq FROM customers WHERE id = 'cus_3'")!.int64Value!
            try CustomerActivitySummary.refresh(customerID: "cus_3", seq: seq, currency: "USD", in: db)
            return try db.scalar("SELECT total_profit FROM customers WHERE seq = ?", [seq])?.int64Value
        }
        #expect(dollars == 900)
    }
}
