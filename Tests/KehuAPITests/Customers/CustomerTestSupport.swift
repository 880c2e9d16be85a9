import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

extension TestApplication {
    /// Creates a customer from a JSON body and returns its id (expects 201).
    @discardableResult
    func createCustomer(_ json: String, as role: Role = .admin, query: String = "") throws -> String {
        let response = try call(.post, "/v1/customers" + query, as: role, json: json)
        #expect(response.status == .created, "\(response.bodyText)")
        return response.jsonObject?["id"] as? String ?? ""
    }

    /// The customer as JSON.
    func customer(_ id: String, as role: Role = .admin) throws -> [String: Any] {
        let response = try call(.get, "/v1/customers/\(id)", as: role)
        #expect(response.status == .ok, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// Names on one list page for a query string (values percent-encoded here).
    func listNames(_ parameters: [(String, String)], as role: Role = .admin) throws -> [String] {
        try listPage(parameters, as: role).names
    }

    func listPage(_ parameters: [(String, String)], as role: Role = .admin) throws -> (names: [String], ids: [String], next: String?) {
        let response = try call(.get, "/v1/customers" + Self.query(parameters), as: role)
        #expect(response.status == .ok, "\(response.bodyText)")
        let data = response.jsonObject?["data"] as? [[String: Any]] ?? []
        return (data.compactMap { $0["name"] as? String }, data.compactMap { $0["id"] as? String }, response.jsonObject?["nextCursor"] as? String)
    }

    static func query(_ parameters: [(String, String)]) -> String {
        guard !parameters.isEmpty else { return "" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return "?" + parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }

    func addPurchase(_ customerID: String, amount: Int, currency: String = "CNY", daysAgo: Double = 1, as role: Role = .admin) throws {
        let at = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-daysAgo * 86_400))
        let response = try call(.post, "/v1/customers/\(customerID)/purchases", as: role,
                                json: #"{"amount":\#(amount),"currency":"\#(currency)","product":"产品","purchasedAt":"\#(at)"}"#)
        #expect(response.status == .created, "\(response.bodyText)")
    }

    func addInteraction(_ customerID: String, summary: String = "电话回访", daysAgo: Double = 0, as role: Role = .admin) throws {
        let at = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-daysAgo * 86_400))
        let response = try call(.post, "/v1/customers/\(customerID)/interactions", as: role,
                                json: #"{"channel":"phone","direction":"outbound","summary":"\#(summary)","occurredAt":"\#(at)"}"#)
        #expect(response.status == .created, "\(response.bodyText)")
    }
}

extension Dictionary where Key == String, Value == Any {
    var stats: [String: Any] { self["stats"] as? [String: Any] ?? [:] }
}
