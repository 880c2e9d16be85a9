import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// Hand-built data for the customer-value analytics: records placed a given number of days
/// before the test clock's start (`followUpEpoch`), through the API like any client.
extension TestApplication {
    /// A customer owned by `owner` (default: the admin who creates it); returns its id.
    func analyticsCustomer(_ name: String, owner: String? = nil, extra: String = "") throws -> String {
        let ownerField = owner.map { #","ownerId":"\#($0)""# } ?? ""
        return try createCustomer(#"{"name":"\#(name)"\#(ownerField)\#(extra)}"#)
    }

    /// A purchase `daysAgo` days (and `hoursAgo` hours) before the epoch.
    func purchase(_ customer: String, amount: Int, daysAgo: Double, hoursAgo: Double = 0, cost: Int? = nil, currency: String = "CNY") throws {
        let at = iso(followUpEpoch.addingTimeInterval(-days(daysAgo) - hoursAgo * 3_600))
        let costField = cost.map { #","cost":\#($0)"# } ?? ""
        let response = try call(.post, "/v1/customers/\(customer)/purchases",
                                json: #"{"amount":\#(amount),"currency":"\#(currency)","product":"产品","purchasedAt":"\#(at)"\#(costField)}"#)
        #expect(response.status == .created, "\(response.bodyText)")
    }

    /// An interaction `daysAgo` days (and `hoursAgo` hours) before the epoch.
    func interaction(_ customer: String, daysAgo: Double, hoursAgo: Double = 0) throws {
        let at = iso(followUpEpoch.addingTimeInterval(-days(daysAgo) - hoursAgo * 3_600))
        let response = try call(.post, "/v1/customers/\(customer)/interactions",
                                json: #"{"channel":"phone","direction":"outbound","summary":"回访","occurredAt":"\#(at)"}"#)
        #expect(response.status == .created, "\(response.bodyText)")
    }

    /// GET `path` as `role` (or with `key`), expecting 200; the body as an object.
    func analytics(_ path: String, as role: Role = .admin, key: String? = nil) throws -> [String: Any] {
        let response = try call(.get, path, as: role, key: key)
        #expect(response.status == .ok, "\(path): \(response.bodyText)")
        #expect(!response.writesNonFiniteNumber, "\(path): \(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// The problem's field errors of a request expected to fail with `status`.
    func problemFields(_ path: String, status: HTTPStatus = .unprocessableContent, as role: Role = .admin, method: HTTPMethod = .get,
                       json: String? = nil) throws -> [String] {
        let response = try call(method, path, as: role, json: json)
        #expect(response.status == status, "\(path): \(response.bodyText)")
        return (response.jsonObject?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The `data` array of a list.
    var data: [[String: Any]] { self["data"] as? [[String: Any]] ?? [] }

    func number(_ key: String) -> Double? {
        if let whole = self[key] as? Int { return Double(whole) }
        return self[key] as? Double
    }
}

/// A figure as the tests write it: up to two decimals, no trailing zeros (81, 58.75).
func figure(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
}

extension Response {
    /// Whether the body holds a number JSON cannot carry, as Swift would print it (`nan`,
    /// `inf`, `-inf`) in a value's place. Matched as a value, not as a substring: random ids
    /// such as `usr_…nan…` contain those letters.
    var writesNonFiniteNumber: Bool {
        bodyText.range(of: #"[:\[,]\s*-?(nan|inf)"#, options: [.regularExpression, .caseInsensitive]) != nil
    }
}
