import Foundation
import KehuCore
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
        #expect(seeded.output.contains(" follow-up plans, 400 follow-ups, 200 feedback items and 6 demo users"), "\(seeded.output)")
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
        #expect(seeded.output.contains(" 900 follow-ups, "), "\(seeded.output)")

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

    @Test func seedDemo_makesAYearOfFeedback_whoseHistoryFollowsTheWorkflow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("demo.sqlite")
        let arguments = ["seed-demo", "--customers", "200", "--feedback", "800", "--seed", "13"]
        let seeded = try KehuProcess.run(arguments + ["--db", db], environment: ["KEHU_ADMIN_KEY": Self.adminKey], timeout: 120)
        #expect(seeded.status == 0, "\(seeded.output)")
        #expect(seeded.output.contains(" 800 feedback items "), "\(seeded.output)")
        let check = try KehuProcess.run(["check", "--db", db])
        #expect(check.status == 0 && check.output.contains("ok"), "\(check.output)")

        let server = try RunningServer(["--db", db, "--access-log", "off", "--rate-limit", "0"])
        defer { _ = server.stop() }
        let api = try APIClient(port: server.port, key: Self.adminKey)
        let items = try api.list("/v1/feedback?limit=500")
        #expect(items.count == 800)
        let byStatus = Dictionary(grouping: items) { $0["status"] as? String ?? "" }
        #expect(Set(byStatus.keys).isSuperset(of: ["resolved", "closed"]), "\(byStatus.keys)")
        #expect(FeedbackStatus.active.contains { byStatus[$0.rawValue] != nil }, "recent items are still being handled: \(byStatus.keys)")
        #expect(Set(items.compactMap { $0["kind"] as? String }) == Set(FeedbackKind.allCases.map(\.rawValue)))
        #expect(items.contains { $0["responseBreached"] as? Bool == true } && items.contains { $0["resolutionBreached"] as? Bool == true })
        #expect(items.contains { ($0["reopenCount"] as? Int ?? 0) > 0 })
        let overdue = try api.list("/v1/feedback?limit=500&overdue=true")
        #expect(!overdue.isEmpty && overdue.allSatisfy { $0["overdue"] as? Bool == true })
        // A year of it: the oldest item is months old, none is in the future.
        let created = items.compactMap { $0["createdAt"] as? String }.sorted()
        #expect(created.first.map { $0 < Self.timestamp(daysAgo: 300) } == true && created.last.map { $0 <= Self.timestamp(daysAgo: 0) } == true)

        // Assigned to the customer's owner (the manager for unowned customers).
        let customers = try api.list("/v1/customers?limit=500")
        let owners = Dictionary(customers.map { ($0["id"] as? String ?? "", $0["ownerId"] as? String) }) { a, _ in a }
        for item in items {
            if let owner = owners[item["customerId"] as? String ?? ""] ?? nil { #expect(item["assigneeId"] as? String == owner, "\(item["id"] ?? "")") }
        }

        for item in items {
            let id = try #require(item["id"] as? String)
            let events = try api.list("/v1/feedback/\(id)/events?limit=500")
            Self.expectHistoryLeads(to: item, events: events)
        }

        // Each customer's open feedback is the count of its items still being handled.
        let active = Set(FeedbackStatus.active.map(\.rawValue))
        let openByCustomer = Dictionary(grouping: items.filter { active.contains($0["status"] as? String ?? "") }) { $0["customerId"] as? String ?? "" }
        for customer in customers {
            let id = try #require(customer["id"] as? String)
            let stats = try #require(customer["stats"] as? [String: Any])
            #expect(stats["openFeedback"] as? Int == openByCustomer[id]?.count ?? 0, "customer \(id)")
        }

        // The same seed makes the same items (their times follow the moment of seeding).
        let again = directory.path("again.sqlite")
        #expect(try KehuProcess.run(arguments + ["--db", again], environment: ["KEHU_ADMIN_KEY": Self.adminKey], timeout: 120).status == 0)
        let secondServer = try RunningServer(["--db", again, "--access-log", "off", "--rate-limit", "0"])
        defer { _ = secondServer.stop() }
        let repeated = try APIClient(port: secondServer.port, key: Self.adminKey).list("/v1/feedback?limit=500")
        #expect(Self.fingerprints(repeated) == Self.fingerprints(items))
    }

    /// Replays `events` from `open`: every status change is a `FeedbackWorkflow` move from
    /// the status before it, in time order; satisfaction is recorded only on a resolved
    /// item, once per resolution; and what the replay ends with is what the item says.
    static func expectHistoryLeads(to item: [String: Any], events: [[String: Any]], sourceLocation: SourceLocation = #_sourceLocation) {
        let id = item["id"] as? String ?? ""
        guard let first = events.first, first["type"] as? String == "created", first["to"] as? String == "open" else {
            Issue.record("\(id): the history does not start with its intake", sourceLocation: sourceLocation)
            return
        }
        var status = FeedbackStatus.open
        var lastAt = first["at"] as? String ?? ""
        var verdictOnThisResolution = false
        var writes = 0, reopens = 0, responseBreached = false, resolutionBreached = false
        var lastResolution: String?
        for event in events.dropFirst() {
            let at = event["at"] as? String ?? ""
            #expect(at >= lastAt, "\(id): events out of time order", sourceLocation: sourceLocation)
            lastAt = at
            let detail = event["detail"] as? [String: Any] ?? [:]
            #expect(event["actorId"] as? String == item["assigneeId"] as? String, "\(id)", sourceLocation: sourceLocation)
            switch event["type"] as? String {
            case "status_changed":
                let from = FeedbackStatus(rawValue: event["from"] as? String ?? "")
                let to = FeedbackStatus(rawValue: event["to"] as? String ?? "")
                guard let from, let to, from == status, FeedbackWorkflow.isAllowed(from: from, to: to) else {
                    Issue.record("\(id): \(event["from"] ?? "") → \(event["to"] ?? "") after \(status.rawValue)", sourceLocation: sourceLocation)
                    return
                }
                status = to
                // A low verdict reopens in the same write as the verdict.
                if !(to == .reopened && detail["reason"] as? String == "low_satisfaction") { writes += 1 }
                if to == .reopened { reopens += 1 }
                if to == .resolved {
                    verdictOnThisResolution = false
                    lastResolution = detail["resolution"] as? String
                    #expect(lastResolution != nil, "\(id): resolved without a resolution", sourceLocation: sourceLocation)
                }
                if detail["breach"] as? String == "response" { responseBreached = true }
                if detail["breach"] as? String == "resolution" { resolutionBreached = true }
            case "satisfaction_recorded":
                #expect(status == .resolved && !verdictOnThisResolution, "\(id): a verdict while \(status.rawValue)", sourceLocation: sourceLocation)
                verdictOnThisResolution = true
                writes += 1
            default:
                Issue.record("\(id): unexpected event \(event["type"] ?? "")", sourceLocation: sourceLocation)
            }
        }
        #expect(item["status"] as? String == status.rawValue, "\(id)", sourceLocation: sourceLocation)
        #expect(item["version"] as? Int == 1 + writes, "\(id)", sourceLocation: sourceLocation)
        #expect(item["updatedAt"] as? String == lastAt, "\(id)", sourceLocation: sourceLocation)
        #expect(item["reopenCount"] as? Int == reopens, "\(id)", sourceLocation: sourceLocation)
        #expect(item["responseBreached"] as? Bool == responseBreached, "\(id)", sourceLocation: sourceLocation)
        #expect(item["resolutionBreached"] as? Bool == resolutionBreached, "\(id)", sourceLocation: sourceLocation)
        if status == .resolved || status == .closed {
            #expect(item["resolution"] as? String == lastResolution && item["resolvedAt"] is String, "\(id)", sourceLocation: sourceLocation)
        } else {
            #expect(item["satisfaction"] is NSNull, "\(id): a verdict on an item still being handled", sourceLocation: sourceLocation)
        }
        #expect((item["closedAt"] is String) == (status == .closed), "\(id)", sourceLocation: sourceLocation)
        #expect((item["firstResponseAt"] is String) == (status != .open), "\(id)", sourceLocation: sourceLocation)
        // Breaches agree with the deadlines (the API shows whole seconds).
        if let responded = item["firstResponseAt"] as? String, let due = item["responseDueAt"] as? String {
            #expect(responseBreached ? responded >= due : responded <= due, "\(id)", sourceLocation: sourceLocation)
        }
    }

    /// What the seed decides about each item, times aside.
    static func fingerprints(_ items: [[String: Any]]) -> [String] {
        items.map { item in
            ["id", "customerId", "kind", "channel", "urgency", "category", "subject", "body"].map { "\(item[$0] ?? "")" }.joined(separator: "|")
        }.sorted()
    }

    /// `days` days before now as the API writes times.
    static func timestamp(daysAgo days: Int) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date().addingTimeInterval(TimeInterval(-days * 86_400)))
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
final class APIClient {
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
