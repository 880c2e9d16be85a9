import Foundation
import HTTPServer
import KehuCore

/// Registers `/v1` routes. Each names the permission it needs; the route checks it with
/// `AccessPolicy` before the handler runs and hands the handler a `RequestContext`.
/// Adding an endpoint is one `add` line plus its handler.
struct V1Routes {
    var router: Router
    let now: @Sendable () -> Date
    /// Analytics answers a client may accept again within its `max-age`.
    let recentAnswers = RecentAnswers()

    /// `lane: .long` for reads that may take long (analytics, exports): they run on their
    /// own threads, so a burst of them cannot hold up the short reads.
    mutating func add(
        _ method: HTTPMethod, _ path: String, _ permission: Permission, lane: WorkLane = .standard,
        _ handler: @escaping @Sendable (Request, RequestContext) throws -> Response
    ) {
        let now = self.now
        router.add(method, path, lane: lane) { request in
            guard let principal = request.principal else {
                throw KehuError.unauthenticated("Send an API key as Authorization: Bearer <key>.")
            }
            try AccessPolicy.check(principal, permission)
            let context = RequestContext(principal: principal, requestID: request.requestID ?? "-", now: now())
            return try handler(request, context)
        }
    }

    /// A GET analytic: computed per request unless the client accepts a recent answer.
    mutating func addAnalytic(_ path: String, _ handler: @escaping @Sendable (Request, RequestContext) throws -> Response) {
        let answers = recentAnswers
        add(.get, path, .readAnalytics, lane: .long) { request, context in
            try answers.answer(request, context) { try handler(request, context) }
        }
    }
}

extension Request {
    /// `limit` and `cursor` from the query (API.md: default 50, max 500).
    func pageRequest() throws -> PageRequest {
        var limit: Int?
        if let text = queryValue("limit") {
            guard let value = Int(text) else {
                throw KehuError.validation([FieldError(field: "limit", message: "Must be a whole number.")])
            }
            limit = value
        }
        let cursor = queryValue("cursor").flatMap { $0.isEmpty ? nil : $0 }
        return try PageRequest(limit: limit, cursor: cursor)
    }

    /// A path parameter the router guarantees exists.
    func parameter(_ name: String) -> String { pathParameters[name] ?? "" }
}

/// `{"data": [...], "nextCursor": ...}` (API.md, Lists).
struct ListBody<Item: Encodable>: Encodable {
    var data: [Item]
    /// null, not absent, on the last page.
    @Nullable var nextCursor: String?
}
