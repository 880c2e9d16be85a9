import Foundation
import KehuCore
import KehuTestSupport
import Testing

/// `kehu seed-demo --deals`: a year of deals whose stage history follows the rules, as
/// `kehu serve` shows them.
@Suite(.serialized) struct SeedDemoDealsTests {
    @Test func seedDemo_makesDealsWhoseHistoryFollowsTheWorkflow_andWinsWithTheirPurchases() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("demo.sqlite")
        let arguments = ["seed-demo", "--customers", "200", "--deals", "300", "--seed", "17"]
        let seeded = try KehuProcess.run(arguments + ["--db", db], environment: ["KEHU_ADMIN_KEY": SeedDemoTests.adminKey], timeout: 120)
        #expect(seeded.status == 0, "\(seeded.output)")
        #expect(seeded.output.contains("with 300 deals and their stage history: "), "\(seeded.output)")
        let check = try KehuProcess.run(["check", "--db", db])
        #expect(check.status == 0 && check.output.contains("ok"), "\(check.output)")

        let server = try RunningServer(["--db", db, "--access-log", "off", "--rate-limit", "0"])
        defer { _ = server.stop() }
        let api = try APIClient(port: server.port, key: SeedDemoTests.adminKey)
        let deals = try api.list("/v1/deals?limit=500")
        #expect(deals.count == 300)
        let byStage = Dictionary(grouping: deals) { $0["stage"] as? String ?? "" }
        #expect(Set(byStage.keys).isSuperset(of: ["won", "lost"]) && DealStage.open.contains { byStage[$0.rawValue] != nil }, "\(byStage.keys)")
        #expect(byStage["lost"]?.allSatisfy { ($0["lostReason"] as? String)?.isEmpty == false } == true)
        #expect(deals.contains { $0["currency"] as? String == "CNY" })
        let created = deals.compactMap { $0["createdAt"] as? String }.sorted()
        #expect(created.first.map { $0 < SeedDemoTests.timestamp(daysAgo: 300) } == true && created.last.map { $0 <= SeedDemoTests.timestamp(daysAgo: 0) } == true)

        // Owned by the customer's owner; every history replays to the deal as it stands.
        let customers = try api.list("/v1/customers?limit=500")
        let owners = Dictionary(customers.map { ($0["id"] as? String ?? "", $0["ownerId"] as? String) }) { a, _ in a }
        var reopened = 0
        for deal in deals {
            let id = try #require(deal["id"] as? String)
            if let owner = owners[deal["customerId"] as? String ?? ""] ?? nil { #expect(deal["ownerId"] as? String == owner, "\(id)") }
            let stints = try api.list("/v1/deals/\(id)/stages?limit=500")
            Self.expectHistoryLeads(to: deal, stints: stints)
            if stints.contains(where: { $0["from"] as? String == "lost" }) { reopened += 1 }
        }
        #expect(reopened > 0, "now and then a lost deal comes back")

        // A won deal's purchase is on its customer, for the deal's amount, and counts in its stats.
        let recorded = byStage["won"]?.filter { $0["purchaseId"] is String } ?? []
        #expect(!recorded.isEmpty && recorded.count < byStage["won"]?.count ?? 0, "most wins record their purchase, not all")
        for deal in recorded.prefix(20) {
            let customer = try #require(deal["customerId"] as? String)
            let purchases = try api.list("/v1/customers/\(customer)/purchases?limit=500")
            let purchase = try #require(purchases.first { $0["id"] as? String == deal["purchaseId"] as? String }, "\(deal)")
            #expect(purchase["amount"] as? Int == deal["amount"] as? Int && purchase["channel"] as? String == "deal")
            #expect(purchase["product"] as? String == deal["title"] as? String && purchase["purchasedAt"] as? String == deal["closedAt"] as? String)
            let stats = try #require(try api.get("/v1/customers/\(customer)")["stats"] as? [String: Any])
            #expect(stats["purchaseCount"] as? Int == purchases.count)
        }

        // The funnel over the year agrees with the list.
        let funnel = try api.get("/v1/analytics/funnel?from=\(SeedDemoTests.timestamp(daysAgo: 400))")
        #expect(funnel["total"] as? Int == 300)
        for stage in funnel["stages"] as? [[String: Any]] ?? [] {
            #expect(stage["current"] as? Int == byStage[stage["stage"] as? String ?? ""]?.count ?? 0, "\(stage)")
        }

        // The same seed makes the same deals.
        let again = directory.path("again.sqlite")
        #expect(try KehuProcess.run(arguments + ["--db", again], environment: ["KEHU_ADMIN_KEY": SeedDemoTests.adminKey], timeout: 120).status == 0)
        let secondServer = try RunningServer(["--db", again, "--access-log", "off", "--rate-limit", "0"])
        defer { _ = secondServer.stop() }
        let repeated = try APIClient(port: secondServer.port, key: SeedDemoTests.adminKey).list("/v1/deals?limit=500")
        let first = Self.fingerprints(deals), second = Self.fingerprints(repeated)
        #expect(first == second, "\(zip(first, second).filter { $0 != $1 }.prefix(3))")
    }

    /// Replays the stints: the first from nothing, each next one a `DealWorkflow` move from
    /// the stage before, in time order, each ended when the next began; the deal's stage,
    /// version, furthest step, close time and reason are what the replay ends with.
    static func expectHistoryLeads(to deal: [String: Any], stints: [[String: Any]], sourceLocation: SourceLocation = #_sourceLocation) {
        let id = deal["id"] as? String ?? ""
        guard let first = stints.first, first["from"] is NSNull, let start = DealStage(rawValue: first["to"] as? String ?? "") else {
            Issue.record("\(id): the history does not start with the deal's opening", sourceLocation: sourceLocation)
            return
        }
        var stage = start
        var furthest = start.funnelRank ?? 0
        for (previous, stint) in zip(stints, stints.dropFirst()) {
            guard let to = DealStage(rawValue: stint["to"] as? String ?? ""), stint["from"] as? String == stage.rawValue,
                  DealWorkflow.isAllowed(from: stage, to: to) else {
                Issue.record("\(id): \(stint["from"] ?? "") → \(stint["to"] ?? "") after \(stage.rawValue)", sourceLocation: sourceLocation)
                return
            }
            #expect(previous["leftAt"] as? String == stint["at"] as? String, "\(id)", sourceLocation: sourceLocation)
            #expect((previous["at"] as? String ?? "") <= (stint["at"] as? String ?? ""), "\(id)", sourceLocation: sourceLocation)
            #expect((stint["lostReason"] is String) == (to == .lost), "\(id)", sourceLocation: sourceLocation)
            stage = to
            furthest = max(furthest, to.funnelRank ?? 0)
        }
        #expect(stints.last?["leftAt"] is NSNull, "\(id)", sourceLocation: sourceLocation)
        #expect(deal["stage"] as? String == stage.rawValue, "\(id)", sourceLocation: sourceLocation)
        #expect(deal["version"] as? Int == stints.count, "\(id)", sourceLocation: sourceLocation)
        #expect(deal["furthestStage"] as? String == DealStage.funnelStage(rank: furthest)?.rawValue, "\(id)", sourceLocation: sourceLocation)
        #expect(deal["stageEnteredAt"] as? String == stints.last?["at"] as? String, "\(id)", sourceLocation: sourceLocation)
        #expect((deal["closedAt"] is String) == !stage.isOpen && (deal["lostReason"] is String) == (stage == .lost), "\(id)", sourceLocation: sourceLocation)
        #expect(deal["purchaseId"] is NSNull || stage == .won, "\(id)", sourceLocation: sourceLocation)
    }

    /// What the seed decides about each deal, times (and the users' ids) aside.
    static func fingerprints(_ deals: [[String: Any]]) -> [String] {
        deals.map { deal in
            ["id", "customerId", "title", "amount", "currency", "stage", "furthestStage", "lostReason", "purchaseId"].map { "\(deal[$0] ?? "")" }.joined(separator: "|")
        }.sorted()
    }
}
