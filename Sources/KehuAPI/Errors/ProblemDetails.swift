import HTTPServer
import KehuCore

/// An RFC 9457 problem details body, as the API contract shows.
struct ProblemDetails: Encodable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var requestId: String?
    var errors: [FieldError]?
    /// Extra members for machine use (e.g. `existingId` on a duplicate).
    var extensions: [String: String]
    /// Extra members that are lists (e.g. `allowedTransitions` on an illegal move).
    var listExtensions: [String: [String]] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case type, title, status, detail, requestId, errors }

    static let standardMembers = Set(CodingKeys.allCases.map(\.rawValue))

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(requestId, forKey: .requestId)
        try container.encodeIfPresent(errors, forKey: .errors)
        var extra = encoder.container(keyedBy: DynamicKey.self)
        // RFC 9457 §3.2: extensions sit beside the standard members and must not replace
        // them (a conflict's "status": "done" once overwrote the HTTP status 409).
        for (key, value) in extensions.sorted(by: { $0.key < $1.key }) where !Self.standardMembers.contains(key) {
            try extra.encode(value, forKey: DynamicKey(key))
        }
        for (key, value) in listExtensions.sorted(by: { $0.key < $1.key }) where !Self.standardMembers.contains(key) && extensions[key] == nil {
            try extra.encode(value, forKey: DynamicKey(key))
        }
    }

    /// The response carrying this problem.
    func response(headers: HTTPHeaders = HTTPHeaders()) -> Response {
        let body = (try? JSONCoding.encode(self)) ?? Array(#"{"title":"Internal Server Error","status":500}"#.utf8)
        var all = headers
        all.set("Content-Type", "application/problem+json")
        return Response(status: HTTPStatus(code: status), headers: all, body: .bytes(body))
    }
}

struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
