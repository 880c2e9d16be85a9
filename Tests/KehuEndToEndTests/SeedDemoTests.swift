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
        #expect(seeded.output.contains("seeded 200 customers, 2000 purchases, 1000 interactions"))
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
