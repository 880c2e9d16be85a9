import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// 2026-11-23T02:00:00Z, 10:00 in Shanghai: a Monday morning, on whole seconds.
let followUpEpoch = Date(timeIntervalSince1970: 1_795_399_200)

func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

func days(_ count: Double) -> TimeInterval { count * 86_400 }

extension TestApplication {
    /// A plan from a JSON body (expects 201); returns it.
    @discardableResult
    func createPlan(_ json: String, as role: Role = .admin) throws -> [String: Any] {
        let response = try call(.post, "/v1/follow-up-plans", as: role, json: json)
        #expect(response.status == .created, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// A one-off follow-up (expects 201); returns it.
    @discardableResult
    func createFollowUp(_ json: String, as role: Role = .admin) throws -> [String: Any] {
        let response = try call(.post, "/v1/follow-ups", as: role, json: json)
        #expect(response.status == .created, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    func followUp(_ id: String, as role: Role = .admin) throws -> [String: Any] {
        let response = try call(.get, "/v1/follow-ups/\(id)", as: role)
        #expect(response.status == .ok, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    func plan(_ id: String, as role: Role = .admin) throws -> [String: Any] {
        let response = try call(.get, "/v1/follow-up-plans/\(id)", as: role)
        #expect(response.status == .ok, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// Completes a task (expects 200); returns `{followUp, interaction, next}`.
    @discardableResult
    func complete(_ id: String, _ json: String = #"{"summary":"电话沟通"}"#, as role: Role = .admin) throws -> [String: Any] {
        let response = try call(.post, "/v1/follow-ups/\(id)/complete", as: role, json: json)
        #expect(response.status == .ok, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    func interactionCount(_ customer: String) throws -> Int {
        (try call(.get, "/v1/customers/\(customer)/interactions").jsonObject?["data"] as? [Any] ?? []).count
    }

    /// Ids of the follow-ups a query lists.
    func followUpIDs(_ query: String, as role: Role = .admin, key: String? = nil) throws -> [String] {
        let response = try call(.get, "/v1/follow-ups" + query, as: role, key: key)
        #expect(response.status == .ok, "\(response.bodyText)")
        return (response.jsonObject?["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}

extension Dictionary where Key == String, Value == Any {
    subscript(object key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    func date(_ key: String) -> Date? { (self[key] as? String).flatMap { ISO8601DateFormatter().date(from: $0) } }
}
