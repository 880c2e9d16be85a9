import Foundation
import HTTPServer
import KehuCore

/// `/v1/follow-up-plans`: plans, pausing and resuming them (`active`), ending them.
struct FollowUpPlanHandlers {
    let plans: FollowUpPlanService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/follow-up-plans", .writeCustomers) { request, context in try create(request, context) }
        routes.add(.get, "/v1/follow-up-plans", .readCustomers) { request, context in try list(request, context) }
        routes.add(.get, "/v1/follow-up-plans/{id}", .readCustomers) { request, context in try get(request, context) }
        routes.add(.patch, "/v1/follow-up-plans/{id}", .writeCustomers) { request, context in try update(request, context) }
        routes.add(.post, "/v1/follow-up-plans/{id}/end", .writeCustomers) { request, context in try end(request, context) }
    }

    func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: PlanCreateBody.self)
        let plan = try plans.create(try body.input(), context: context)
        var headers = HTTPHeaders.etag(version: plan.version)
        headers.set("Location", "/v1/follow-up-plans/\(plan.id)")
        return .json(status: .created, headers: headers) { $0.plan(plan) }
    }

    func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let unknown = request.unknownQueryParameters(known: ["ownerId", "customerId", "status", "limit", "cursor"])
        if !unknown.isEmpty { throw KehuError.validation(unknown) }
        var query = PlanQuery(ownerID: request.queryValue("ownerId"), customerID: request.queryValue("customerId"))
        if let text = request.queryValue("status") { query.status = try PlanStatus.parse(text, field: "status") }
        let page = try plans.list(query, page: request.pageRequest(), context: context)
        return .list(page) { writer, plan in writer.plan(plan) }
    }

    func get(_ request: Request, _ context: RequestContext) throws -> Response {
        let plan = try plans.get(id: request.parameter("id"), context: context)
        return .json(headers: .etag(version: plan.version)) { $0.plan(plan) }
    }

    func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let patch = try Self.patch(try request.mergePatchObject())
        let plan = try plans.update(id: request.parameter("id"), patch: patch, expectedVersion: request.expectedVersion(), context: context)
        return .json(headers: .etag(version: plan.version)) { $0.plan(plan) }
    }

    func end(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeOptionalBody(as: PlanEndBody.self)
        let plan = try plans.end(id: request.parameter("id"), reason: body?.reason, expectedVersion: request.expectedVersion(), context: context)
        return .json(headers: .etag(version: plan.version)) { $0.plan(plan) }
    }

    static func patch(_ object: [String: JSONValue]) throws -> PlanPatch {
        var patch = PlanPatch()
        var errors = JSONObjectReading.unknownFields(object, accepted: ["ownerId", "cadenceDays", "goal", "channel", "active"])
        for (name, value) in object {
            switch (name, value) {
            case (_, .null): patch.cleared.insert(name)
            case ("ownerId", .string(let text)): patch.ownerID = text
            case ("goal", .string(let text)): patch.goal = text
            case ("channel", .string(let text)):
                patch.channel = FollowUpKind(rawValue: text)
                if patch.channel == nil { errors.append(.oneOf("channel", FollowUpKind.self)) }
            case ("cadenceDays", .number(let number)) where number.rounded() == number && abs(number) < 1e9:
                patch.cadenceDays = Int(number)
            case ("cadenceDays", _): errors.append(FieldError(field: name, message: "Expected a whole number of days, or null."))
            case ("active", .bool(let flag)): patch.active = flag
            case ("active", _): errors.append(FieldError(field: name, message: "Expected true or false."))
            case ("ownerId", _), ("goal", _), ("channel", _): errors.append(FieldError(field: name, message: "Expected a string."))
            default: break
            }
        }
        if !errors.isEmpty { throw KehuError.validation(errors.sorted { $0.field < $1.field }) }
        return patch
    }
}

struct PlanCreateBody: RequestInput {
    static let acceptedFields: Set<String> = ["customerId", "ownerId", "cadenceDays", "goal", "channel", "startsAt", "active"]
    var customerId: String
    var ownerId: String?
    var cadenceDays: Int?
    var goal: String?
    var channel: String?
    var startsAt: Date?
    var active: Bool?

    func input() throws -> PlanInput {
        PlanInput(customerID: customerId, ownerID: ownerId, cadenceDays: cadenceDays, goal: goal,
                  channel: try channel.map { try FollowUpKind.parse($0, field: "channel") }, startsAt: startsAt, active: active)
    }
}

struct PlanEndBody: RequestInput {
    static let acceptedFields: Set<String> = ["reason"]
    var reason: String?
}
