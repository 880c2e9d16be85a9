import Foundation
import HTTPServer
import KehuCore

/// `/v1/deals`: create, list, read, edit, stage changes and their history.
struct DealHandlers {
    let deals: DealService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/deals", .writeCustomers) { request, context in try create(request, context) }
        routes.add(.get, "/v1/deals", .readCustomers) { request, context in try list(request, context) }
        routes.add(.get, "/v1/deals/{id}", .readCustomers) { request, context in try get(request, context) }
        routes.add(.patch, "/v1/deals/{id}", .writeCustomers) { request, context in try update(request, context) }
        routes.add(.post, "/v1/deals/{id}/stage", .writeCustomers) { request, context in try changeStage(request, context) }
        routes.add(.get, "/v1/deals/{id}/stages", .readCustomers) { request, context in try stages(request, context) }
    }

    func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let deal = try deals.create(try request.decodeBody(as: DealCreateBody.self).input(), context: context)
        var headers = HTTPHeaders.etag(version: deal.version)
        headers.set("Location", "/v1/deals/\(deal.id)")
        return .json(status: .created, headers: headers) { $0.deal(deal) }
    }

    func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try deals.list(try request.dealQuery(), page: request.pageRequest(), context: context)
        return .list(page) { writer, deal in writer.deal(deal) }
    }

    func get(_ request: Request, _ context: RequestContext) throws -> Response {
        Self.document(try deals.get(id: request.parameter("id"), context: context))
    }

    func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = request.parameter("id")
        let patch = try DealPatchReader.patch(try request.mergePatchObject(), dealID: id)
        return Self.document(try deals.update(id: id, patch: patch, expectedVersion: request.expectedVersion(), context: context))
    }

    func changeStage(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try request.decodeBody(as: StageChangeBody.self).input()
        return Self.document(try deals.changeStage(id: request.parameter("id"), input, expectedVersion: request.expectedVersion(), context: context))
    }

    func stages(_ request: Request, _ context: RequestContext) throws -> Response {
        let errors = request.unknownQueryParameters(known: ["limit", "cursor"])
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let page = try deals.stages(id: request.parameter("id"), page: request.pageRequest(), context: context)
        return .list(page) { writer, change in writer.dealStageChange(change) }
    }

    static func document(_ deal: Deal) -> Response {
        .json(headers: .etag(version: deal.version)) { $0.deal(deal) }
    }
}

extension Request {
    /// The filters of `GET /v1/deals`.
    func dealQuery() throws -> DealQuery {
        var query = DealQuery()
        var errors = unknownQueryParameters(known: [
            "stage", "ownerId", "customerId", "expectedCloseFrom", "expectedCloseTo", "createdFrom", "createdTo", "sort", "limit", "cursor",
        ])
        if let text = queryValue("stage") {
            query.stage = DealStage(rawValue: text)
            if query.stage == nil { errors.append(.oneOf("stage", DealStage.self)) }
        }
        query.ownerID = queryValue("ownerId")
        query.customerID = queryValue("customerId")
        let ranges: [(String, WritableKeyPath<DealQuery, Date?>)] = [
            ("expectedCloseFrom", \.expectedCloseFrom), ("expectedCloseTo", \.expectedCloseTo), ("createdFrom", \.createdFrom), ("createdTo", \.createdTo),
        ]
        for (name, keyPath) in ranges {
            guard let text = queryValue(name) else { continue }
            if let date = TimeParsing.parse(text) { query[keyPath: keyPath] = date } else {
                errors.append(FieldError(field: name, message: "Must be an RFC 3339 time (2026-11-23T08:00:00Z) or a date (2026-11-23)."))
            }
        }
        if let text = queryValue("sort") {
            if let order = DealQuery.Order(rawValue: text) { query.order = order } else { errors.append(.oneOf("sort", DealQuery.Order.self)) }
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return query
    }
}
