import Foundation
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// Which customers a stored idempotent answer names, read in Swift for new answers and in
/// SQL (migration 17) for the answers stored before it: both must agree.
@Suite struct IdempotentCustomerIDsTests {
    static let bodies: [String] = [
        #"{"id":"cus_abc234","name":"张伟","mergedFrom":["cus_X-y_z"]}"#,
        #"{"type":"about:blank","detail":"see /v1/customers/cus_q?x=1"}"#,
        #"{"id":"int_77","customerId":"cus_\#(String(repeating: "a", count: 70))"}"#,
        #"{"note":"cus_ alone, and cus_cus_two"}"#,
        #"{"id":"usr_1","name":"no customer here"}"#,
    ]

    @Test func named_readsEachRunOfIDCharactersAfterThePrefix_upTo64() {
        let named = Self.bodies.map { IdempotentCustomerIDs.named(in: Array($0.utf8)) }
        #expect(named[0] == ["cus_abc234", "cus_X-y_z"])
        #expect(named[1] == ["cus_q"])
        #expect(named[2] == ["cus_" + String(repeating: "a", count: 64)])
        #expect(named[3] == ["cus_cus_two", "cus_two"])
        #expect(named[4].isEmpty)
    }

    @Test func migration17_linksTheAnswersStoredBeforeIt_asSwiftReadsThem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pool = try DatabasePool(configuration: DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { pool.close() }
        let before = KehuMigrations.all.filter { $0.id < 17 }
        #expect(before.count == 16)
        _ = try Migrator(migrations: before).migrate(pool)
        try pool.write { db in
            for (index, body) in Self.bodies.enumerated() {
                try db.execute("INSERT INTO idempotency_keys (owner, key, request_hash, status, headers, body, created_at) VALUES ('usr_a', ?, x'00', 201, '[]', ?, 0)",
                               ["k\(index)", Array(body.utf8)])
            }
        }
        _ = try Migrator(migrations: KehuMigrations.all).migrate(pool)
        let links = try pool.read { db in
            try db.query("SELECT key, customer_id FROM idempotency_key_customers").map { ($0.string("key"), $0.string("customer_id")) }
        }
        var expected: Set<String> = []
        for (index, body) in Self.bodies.enumerated() {
            for id in IdempotentCustomerIDs.named(in: Array(body.utf8)) { expected.insert("k\(index) \(id)") }
        }
        #expect(Set(links.map { "\($0.0) \($0.1)" }) == expected)
        #expect(links.count == expected.count)
    }
}
