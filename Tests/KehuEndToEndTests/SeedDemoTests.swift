import Foundation
import KehuTestSupport
import Testing

/// `kehu seed-demo` against the built binary, then the seeded data as `kehu serve` shows it.
@Suite(.serialized) struct SeedDemoTests {
    static let adminKey = "kehu_e2e_seed_admin_key_0123456789abcdefgh"

    @Test func seedDemo_loadsCustomersThatServeFindsCountsAndPairs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("demo.sqlite")
        let seeded = try KehuProcess.run(["seed-demo", "--db", db, "--customers", "200", "--seed", "7"],
                                         environment: ["KEHU_ADMIN_KEY": Self.adminKey], timeout: 120)
        #expect(seeded.status == 0, "\(seeded.output)")
        #expect(seeded.output.contains("seeded 200 customers, 2000 purchases, 1000 interactions, "), "\(seeded.output)")
        #expect(seeded.output.contains(" follow-up plans, 400 follow-ups and 6 demo users"), "\(seeded.output)")
        #expect(!seeded.output.contains(Self.adminKey), "a key from KEHU_ADMIN_KEY is never echoed")

        let server = try RunningServer(["--db", db, "--access-log", "off", "--rate-limit", "0"])
        defer { _ = server.stop() }
        let api = try APIClient(port: server.port, key: Self.adminKey)

        let all = try api.list("/v1/customers?limit=500")
        #expect(all.count == 200)
        #expect(all.contains { ($0["phone"] as? String)?.hasPrefix("+861") == true })
        #expect(all.contains { ($0["region"] as? String)?.hasPrefix("广东省/") == true })

        // A one-character surname goes through the short-query grams.
        let wang = try api.list("/v1/customers?limit=500&q=" + Self.encoded("王"))
        #expect(!wang.isEmpty)
        #expect(wang.allSatisfy { "\($0["name"] ?? "")\($0["company"] ?? "")\($0["tags"] ?? "")".contains("王") })

        // Stats agree with the records: totalSpent is the sum of the CNY purchases.
        let buyers = all.filter { (($0["stats"] as? [String: Any])?["purchaseCount"] as? Int ?? 0) > 0 }
        #expect(buyers.count > 50)
        for buyer in buyers {
            let id = try #require(buyer["id"] as? String)
            let stats = try #require(buyer["stats"] as? [String: Any])
            let purchases = try api.list("/v1/customers/\(id)/purchases?limit=500")
            let cny = purchases.filter { $0["currency"] as? String == "CNY" }.reduce(0) { $0 + ($1["amount"] as? Int ?? 0) }
            #expect(stats["totalSpent"] as? Int == cny, "customer \(id)")
            #expect(stats["purchaseCount"] as? Int == purchases.count, "customer \(id)")
        }
        #expect(Set(all.compactMap { $0["tier"] as? String }).isSuperset(of: ["normal", "potential"]))

        let pairs = try api.list("/v1/customers/duplicates?limit=500")
        #expect(pairs.contains { ($0["reasons"] as? [String])?.contains("same_phone") == true })

        // Some customers keep a lunar birthday (农历生日).
        #expect(all.contains { $0["birthdayCalendar"] as? String == "chinese" && $0["birthday"] is String })
    }

    @Test func seedDemo_makesPlansWithOnePendingTaskEach_andAMixOfFollowUps() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("demo.sqlite")
        let seeded = try KehuProcess.run(["seed-demo", "--db", db, "--customers", "300", "--follow-ups", "900", "--seed", "11"],
                                         environment: ["KEHU_ADMIN_KEY": Self.adminKey], timeout: 120)
        #expect(seeded.status == 0, "\(seeded.output)")
        #expect(seeded.output.contains(" 900 follow-ups "), "\(seeded.output)")

        let server = try RunningServer(["--db", db, "--access-log", "off", "--rate-limit", "0"])
        defer { _ = server.stop() }
        let api = try APIClient(port: server.port, key: Self.adminKey)

        let tasks = try api.list("/v1/follow-ups?limit=500")
        #expect(tasks.count == 900)
        let byStatus = Dictionary(grouping: tasks) { $0["status"] as? String ?? "" }
        #expect(Set(byStatus.keys).isSuperset(of: ["pending", "done", "skipped", "cancelled"]), "\(byStatus.keys)")
        #expect(tasks.contains { $0["overdue"] as? Bool == true })
        #expect(tasks.contains { $0["planId"] is String } && tasks.contains { $0["planId"] is NSNull })
        // A done task records what came of it, and the interaction is in the customer's history.
        let done = try #require(byStatus["done"]?.first)
        let result = try #require(done["result"] as? [String: Any])
        #expect(done["completedAt"] is String && done["closedAt"] is String)
        let interactionID = try #require(result["interactionId"] as? String)
        let customerID = try #require(done["customerId"] as? String)
        let history = try api.list("/v1/customers/\(customerID)/interactions?limit=500")
        #expect(history.contains { $0["id"] as? String == interactionID && $0["occurredAt"] as? String == done["closedAt"] as? String })

        // The owner of a task is its customer's owner.
        let owners = Dictionary(try api.list("/v1/customers?limit=500").map { ($0["id"] as? String ?? "", $0["ownerId"] as? String) }) { a, _ in a }
        for task in tasks {
            if let owner = owners[task["customerId"] as? String ?? ""] ?? nil { #expect(task["ownerId"] as? String == owner) }
        }

        // Every active plan has exactly one pending task, the others none.
        let plans = try api.list("/v1/follow-up-plans?limit=500")
        let active = plans.filter { $0["status"] as? String == "active" }
        #expect(!active.isEmpty)
        let pendingByPlan = Dictionary(grouping: byStatus["pending"] ?? []) { $0["planId"] as? String ?? "" }
        for plan in plans {
            let id = try #require(plan["id"] as? String)
            let pending = pendingByPlan[id] ?? []
            if plan["status"] as? String == "active" {
                #expect(pending.count == 1, "plan \(id)")
                #expect(plan["nextFollowUpId"] as? String == pending.first?["id"] as? String, "plan \(id)")
            } else {
                #expect(pending.isEmpty, "plan \(id)")
            }
        }
        #expect(pendingByPlan.keys.filter { !$0.isEmpty }.allSatisfy { id in active.contains { $0["id"] as? String == id } })

        // A rep's agenda and overdue list answer from the seeded tasks.
        let rep = try #require(try api.list("/v1/users?limit=500").first { $0["email"] as? String == "rep1@demo.kehu.local" }?["id"] as? String)
        let agenda = try api.get("/v1/agenda?ownerId=\(rep)")
        #expect(agenda["counts"] is [String: Any])
        let overdue = try api.list("/v1/follow-ups?limit=500&overdue=true&ownerId=\(rep)")
        #expect(overdue.allSatisfy { $0["overdue"] as? Bool == true && $0["ownerId"] as? String == rep })
        #expect(!overdue.isEmpty)
        // The agenda counts those due before the day began; the list, those due before now.
        let overdueBeforeToday = try #require((agenda["counts"] as? [String: Any])?["overdue"] as? Int)
        #expect(overdueBeforeToday > 0 && overdueBeforeToday <= overdue.count)
    }

    @Test func seedDemo_refusesADatabaseWithCustomers_unlessForced() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("demo.sqlite")
        #expect(try KehuProcess.run(["seed-demo", "--db", db, "--customers", "20"], environment: ["KEHU_ADMIN_KEY": Self.adminKey]).status == 0)
        let refused = try KehuProcess.run(["seed-demo", "--db", db, "--customers", "20"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("already has 20 customers") && refused.output.contains("--force"), "\(refused.output)")
        let forced = try KehuProcess.run(["seed-demo", "--db", db, "--customers", "20", "--force"])
        #expect(forced.status == 0, "\(forced.output)")
        #expect(!forced.output.contains("first admin"), "the admin exists already")
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

/// Authenticated JSON GETs over one keep-alive connection.
private final class APIClient {
    let client: RawHTTPClient
    let key: String

    init(port: Int, key: String) throws {
        client = try RawHTTPClient(port: port)
        self.key = key
    }

    deinit { client.close() }

    /// Every item of a list, following `nextCursor`.
    func list(_ target: String) throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var cursor: String?
        repeat {
            let page = try get(target + (cursor.map { "&cursor=" + SeedDemoTests.encoded($0) } ?? ""))
            items += page["data"] as? [[String: Any]] ?? []
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        return items
    }

    func get(_ target: String) throws -> [String: Any] {
        let response = try client.exchange(RawHTTPRequest.get(target, headers: [("Authorization", "Bearer \(key)")]), timeout: 10)
        try #require(response.status == 200, "GET \(target): \(response.status) \(response.bodyText)")
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }
}
