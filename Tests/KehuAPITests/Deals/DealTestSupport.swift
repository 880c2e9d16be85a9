import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

extension TestApplication {
    /// A deal (expects 201); returns it. `extra` is appended to the body's members.
    @discardableResult
    func createDeal(customer: String, title: String = "年度采购", amount: Int = 100_000, extra: String = "", as role: Role = .admin) throws -> [String: Any] {
        let response = try call(.post, "/v1/deals", as: role, json: #"{"customerId":"\#(customer)","title":"\#(title)","amount":\#(amount)\#(extra)}"#)
        #expect(response.status == .created, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// Moves a deal to `stage` (status and body returned); `extra` is appended to the body's members.
    func moveDeal(_ id: String, to stage: DealStage, extra: String = "", as role: Role = .admin, headers: [(String, String)] = []) throws -> Response {
        try call(.post, "/v1/deals/\(id)/stage", as: role, json: #"{"stage":"\#(stage.rawValue)"\#(extra)}"#, headers: headers)
    }

    /// Moves a deal and expects 200; returns it.
    @discardableResult
    func movedDeal(_ id: String, to stage: DealStage, extra: String = "", as role: Role = .admin) throws -> [String: Any] {
        let response = try moveDeal(id, to: stage, extra: extra, as: role)
        #expect(response.status == .ok, "\(stage): \(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// Ids of the deals a query lists (expects 200).
    func dealIDs(_ query: String, as role: Role = .admin, key: String? = nil) throws -> [String] {
        let response = try call(.get, "/v1/deals" + query, as: role, key: key)
        #expect(response.status == .ok, "\(response.bodyText)")
        return (response.jsonObject?["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    /// A deal's stints, oldest first.
    func dealStages(_ id: String) throws -> [[String: Any]] {
        let response = try call(.get, "/v1/deals/\(id)/stages")
        #expect(response.status == .ok, "\(response.bodyText)")
        return response.jsonObject?["data"] as? [[String: Any]] ?? []
    }

    /// Every change event of the feed for one entity, in commit order.
    func eventTypes(of entityID: String) throws -> [String] {
        let feed = try call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [[String: Any]] ?? []
        return feed.filter { $0["entityId"] as? String == entityID }.map { $0["type"] as! String }
    }
}
