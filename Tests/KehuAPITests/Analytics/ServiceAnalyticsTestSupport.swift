import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// An RFC 3339 time written in a test (`2026-11-16T16:00:00Z`).
func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

extension TestApplication {
    /// An analytics document (expects 200).
    func serviceAnalytics(_ path: String, as role: Role = .manager, key: String? = nil) throws -> [String: Any] {
        let response = try call(.get, "/v1/analytics/" + path, as: role, key: key)
        #expect(response.status == .ok, "\(path): \(response.bodyText)")
        #expect(!response.writesNonFiniteNumber, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// The problem an analytics request answers with, expecting `status`.
    func serviceAnalyticsProblem(_ path: String, status: HTTPStatus, as role: Role = .manager, key: String? = nil) throws -> [String: Any] {
        let response = try call(.get, "/v1/analytics/" + path, as: role, key: key)
        #expect(response.status == status, "\(path): \(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// A feedback item taken in at `created` and walked along the workflow at the given
    /// times: acknowledged, then in progress and resolved (both at `resolved`), then the
    /// customer's score at `scored`. Returns its id.
    @discardableResult
    func handledFeedback(on customer: String, kind: FeedbackKind, category: String? = nil, urgency: Urgency = .normal, created: Date,
                  acknowledged: Date? = nil, resolved: Date? = nil, score: (Int, Date)? = nil, clock: TestClock) throws -> String {
        clock.set(created)
        let extra = category.map { #","category":"\#($0)""# } ?? ""
        let id = try createFeedback(customer: customer, urgency: urgency, kind: kind, extra: extra)["id"] as! String
        if let acknowledged {
            clock.set(acknowledged)
            #expect(try move(id, to: .acknowledged).status == .ok)
        }
        if let resolved {
            clock.set(resolved)
            #expect(try move(id, to: .inProgress).status == .ok)
            #expect(try move(id, to: .resolved).status == .ok)
        }
        if let (value, at) = score {
            clock.set(at)
            let response = try call(.post, "/v1/feedback/\(id)/satisfaction", json: #"{"score":\#(value)}"#)
            #expect(response.status == .ok, "\(response.bodyText)")
        }
        return id
    }

    /// A purchase of `amount` minor units at `at` (expects 201).
    func recordPurchase(_ customer: String, amount: Int, currency: String = "CNY", at: Date) throws {
        let response = try call(.post, "/v1/customers/\(customer)/purchases",
                                json: #"{"amount":\#(amount),"currency":"\#(currency)","product":"产品","purchasedAt":"\#(iso(at))"}"#)
        #expect(response.status == .created, "\(response.bodyText)")
    }
}

extension Dictionary where Key == String, Value == Any {
    /// A JSON number as a Double (nil for null or absent).
    func figure(_ key: String) -> Double? { (self[key] as? NSNumber)?.doubleValue }
    func whole(_ key: String) -> Int? { self[key] as? Int }
    /// Whether the member is present and JSON null.
    func isNullFigure(_ key: String) -> Bool { self[key] is NSNull }
    func rows(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
}
