import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// RFM's figures come from the stored per-customer purchase summary where they can
/// (`RFMStatement.figures`); here they are compared with the plain definition, a sum over
/// every purchase, on random histories that cover each case: purchases all inside the
/// period, all before it, straddling its start, after its end, in another currency, of
/// archived customers, in two books, and after purchases are deleted.
@Suite struct RFMFiguresTests {
    static let now = FollowUpQueryPlanTests.now
    static let day: TimeInterval = 86_400

    /// The figures by the documented definition (docs/analytics.md, "RFM"), one pass over
    /// purchases with nothing stored.
    static func reference(period: AnalyticsPeriod, owner: String?, in db: Database) throws -> [String] {
        try db.query("""
            SELECT p.customer_id, count(*) FILTER (WHERE p.purchased_at >= ?1) AS frequency,
                   coalesce(sum(p.amount) FILTER (WHERE p.purchased_at >= ?1), 0) AS monetary,
                   (?2 - max(p.purchased_at)) / 86400000 AS recency
            FROM purchases p JOIN customers c ON c.id = p.customer_id
            WHERE c.status = 'active' AND (?3 IS NULL OR c.owner_id = ?3) AND p.currency = 'CNY' AND p.purchased_at < ?2
            GROUP BY p.customer_id ORDER BY p.customer_id
            """, [StoredTime.millis(period.from), StoredTime.millis(period.to), owner]).map(Self.line)
    }

    static func line(_ row: Row) -> String {
        "\(row.string("customer_id")) f=\(row.int64("frequency")) m=\(row.int64("monetary")) r=\(row.int64("recency"))"
    }

    static func stored(period: AnalyticsPeriod, owner: String?, in db: Database) throws -> [String] {
        let statement = RFMStatement(period: period, currency: "CNY", scope: owner.map(OwnerScope.owner) ?? .all)
        return try db.query(statement.figuresByCustomer(), statement.arguments.values).map(Self.line)
    }

    @Test func storedSummary_givesTheFiguresOfEveryPurchase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        var random = SeededRandom(seed: 7)
        let context = RequestContext(principal: .system, requestID: "test", now: Self.now)
        try database.write { db in
            for owner in 0..<2 {
                try db.execute("INSERT INTO users (id, name, email, role, active, created_at, updated_at, version) VALUES (?, 'r', ?, 'rep', 1, 0, 0, 1)",
                               ["usr_rep\(owner)", "r\(owner)@x.com"])
            }
            for index in 0..<300 {
                var customer = Customer(id: "cus_\(1_000 + index)", type: .individual, name: "客户", createdAt: Self.now.addingTimeInterval(-5 * 365 * Self.day))
                customer.ownerID = "usr_rep\(index % 2)"
                let seq = try SQLiteCustomerRepository.insertRow(customer, in: db)
                // Up to 12 purchases over four years before now and a few after it; one in
                // seven in dollars.
                for number in 0..<random.next(below: 13) {
                    let daysAgo = Double(random.next(below: 4 * 365 + 30)) - 30 + Double(random.next(below: 86_400)) / Self.day
                    let at = Self.now.addingTimeInterval(-daysAgo * Self.day)
                    try SQLiteCustomerRepository.insertPurchaseRow(
                        Purchase(id: "pur_\(index)_\(number)", customerID: customer.id, amount: Int64(100 + random.next(below: 50_000)),
                                 currency: random.next(below: 7) == 0 ? "USD" : "CNY", cost: nil, product: "p", category: nil, quantity: 1,
                                 channel: nil, purchasedAt: at, createdAt: at),
                        in: db)
                }
                try CustomerStatsRefresh.refresh(seq: seq, rules: .default, context: context, in: db, bumpVersion: false)
            }
            // On the boundaries of the first period, to the millisecond: a purchase at its
            // start alone, one at its start after an earlier one, one at its end alone.
            let start = Self.now.addingTimeInterval(-365 * Self.day)
            for (index, times) in [[start], [start.addingTimeInterval(-Self.day), start], [Self.now], [start, Self.now]].enumerated() {
                let customer = Customer(id: "cus_edge\(index)", type: .individual, name: "客户", createdAt: start.addingTimeInterval(-Self.day))
                let seq = try SQLiteCustomerRepository.insertRow(customer, in: db)
                for (number, at) in times.enumerated() {
                    try SQLiteCustomerRepository.insertPurchaseRow(
                        Purchase(id: "pur_edge\(index)_\(number)", customerID: customer.id, amount: 1_000, currency: "CNY", cost: nil, product: "p",
                                 category: nil, quantity: 1, channel: nil, purchasedAt: at, createdAt: at),
                        in: db)
                }
                try CustomerStatsRefresh.refresh(seq: seq, rules: .default, context: context, in: db, bumpVersion: false)
            }
            try db.execute("UPDATE customers SET status = 'archived' WHERE seq % 17 = 0")
        }
        let periods = [
            AnalyticsPeriod(from: Self.now.addingTimeInterval(-365 * Self.day), to: Self.now),
            AnalyticsPeriod(from: Self.now.addingTimeInterval(-800 * Self.day), to: Self.now.addingTimeInterval(-400 * Self.day)),
            AnalyticsPeriod(from: Self.now.addingTimeInterval(-30 * Self.day), to: Self.now.addingTimeInterval(40 * Self.day)),
        ]
        func compare(_ note: String) throws {
            try database.read { db in
                for period in periods {
                    for owner in [nil, "usr_rep1"] {
                        let expected = try Self.reference(period: period, owner: owner, in: db)
                        #expect(expected.count > 20, "\(note): too few buyers to mean anything")
                        #expect(try Self.stored(period: period, owner: owner, in: db) == expected, "\(note), \(period), \(owner ?? "everyone")")
                    }
                }
            }
        }
        try compare("as written")

        // Deleting purchases (as `DELETE /v1/customers/{id}/purchases/{id}` does, with the
        // refresh in the same transaction) moves the stored first and last times.
        try database.write { db in
            let doomed = try db.query("SELECT id, customer_id FROM purchases WHERE rowid % 5 = 0")
            for row in doomed {
                try db.execute("DELETE FROM purchases WHERE id = ?", [row.string("id")])
            }
            for customerID in Set(doomed.map { $0.string("customer_id") }) {
                let seq = try db.scalar("SELECT seq FROM customers WHERE id = ?", [customerID])!.int64Value!
                try CustomerStatsRefresh.refresh(seq: seq, rules: .default, context: context, in: db, bumpVersion: false)
            }
        }
        try compare("after deletes")
    }
}

/// SplitMix64 (https://prng.di.unimi.it/splitmix64.c): the same histories on every run.
private struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
