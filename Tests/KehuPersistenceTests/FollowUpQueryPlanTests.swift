import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// Follow-up lists are answered through an index, never a scan of `follow_ups`; above all
/// a rep's overdue list, which every agenda and reminder reads.
@Suite struct FollowUpQueryPlanTests {
    static let now = Date(timeIntervalSince1970: 1_795_399_200)

    static let cases: [(String, FollowUpQuery, String)] = [
        ("owner overdue", FollowUpQuery(ownerID: "usr_rep3", overdue: true), "follow_ups_owner_status"),
        ("owner pending", FollowUpQuery(ownerID: "usr_rep3", status: .pending), "follow_ups_owner_status"),
        ("owner due range", FollowUpQuery(ownerID: "usr_rep3", dueAfter: now, dueBefore: now.addingTimeInterval(86_400)), "follow_ups_owner"),
        ("owner", FollowUpQuery(ownerID: "usr_rep3"), "follow_ups_owner"),
        ("customer", FollowUpQuery(customerID: "cus_7"), "follow_ups_customer"),
        ("plan", FollowUpQuery(planID: "fpl_7"), "follow_ups_plan"),
        ("overdue, all owners", FollowUpQuery(overdue: true), "follow_ups_status_due"),
        ("everything by due", FollowUpQuery(descending: true), "follow_ups_due"),
    ]

    @Test func everyList_usesAnIndex_andTheOwnersOverdueListItsOwn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        try Self.seed(database)
        let repository = SQLiteFollowUpRepository(database: database)
        for (label, query, expected) in Self.cases {
            for scope in [OwnerScope.all, .owner("usr_rep3")] {
                let plan = try repository.queryPlan(query, scope: scope, now: Self.now)
                // A walk of an index in list order under LIMIT is fine; a walk of the table is not.
                #expect(!plan.contains { $0.hasPrefix("SCAN follow_ups") && !$0.contains("USING") }, "\(label) (\(scope)) scans follow_ups: \(plan)")
                #expect(plan.contains { $0.contains(expected) } || (scope != .all && plan.contains { $0.contains("follow_ups_owner") }),
                        "\(label) (\(scope)) does not use \(expected): \(plan)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(label) (\(scope)) sorts rows: \(plan)")
            }
        }
    }

    /// The agenda's two lists read covering indexes only: no seek into the follow-ups or
    /// customers tables per task, and no scan.
    @Test func agendaLists_readOnlyCoveringIndexes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        try Self.seed(database)
        let day = StoredTime.millis(Self.now)
        let statements: [(String, [any SQLiteBindable])] = [
            (SQLiteFollowUpRepository.overdueSQL, ["usr_rep3", day, 50]),
            (SQLiteFollowUpRepository.dueSQL, ["usr_rep3", day, day + 86_400_000, 100]),
        ]
        for (sql, arguments) in statements {
            let plan = try database.read { db in try db.query("EXPLAIN QUERY PLAN " + sql, arguments).map { $0.string("detail") } }
            #expect(plan.contains { $0.contains("SEARCH f USING COVERING INDEX follow_ups_owner_status") }, "\(plan)")
            #expect(plan.contains { $0.contains("SEARCH c USING COVERING INDEX customers_brief") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
        }
    }

    /// Ten owners, 500 customers, 5,000 tasks of every status, and planner statistics.
    static func seed(_ database: KehuDatabase) throws {
        try database.write { db in
            for owner in 0..<10 {
                try db.execute("INSERT INTO users (id, name, email, role, active, created_at, updated_at, version) VALUES (?, 'r', ?, 'rep', 1, 0, 0, 1)",
                               ["usr_rep\(owner)", "r\(owner)@x.com"])
            }
            for index in 0..<500 {
                var customer = Customer(id: "cus_\(index)", type: .individual, name: "客户\(index)", createdAt: now)
                customer.ownerID = "usr_rep\(index % 10)"
                _ = try SQLiteCustomerRepository.insertRow(customer, in: db)
            }
            for index in 0..<5_000 {
                let customer = index % 500
                let status = FollowUpStatus.allCases[index % 4]
                var task = FollowUp(id: "fup_\(index)", customerID: "cus_\(customer)", planID: nil, ownerID: "usr_rep\(customer % 10)",
                                    dueAt: now.addingTimeInterval(Double(index - 2_500) * 3_600), kind: .call, purpose: nil, createdAt: now)
                task.status = status
                if status != .pending { task.closedAt = now }
                try SQLiteFollowUpRepository.insertTask(task, in: db)
            }
            try db.execute("ANALYZE")
        }
    }
}
