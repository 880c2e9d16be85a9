import Foundation
import KehuTestSupport
import Testing

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
