import Foundation
import HTTPServer
import KehuCore

/// `/v1/follow-ups`: tasks, and completing, skipping, cancelling and rescheduling them.
struct FollowUpHandlers {
    let followUps: FollowUpService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/follow-ups", .writeCustomers) { request, context in try create(request, context) }
        routes.add(.get, "/v1/follow-ups", .readCustomers) { request, context in try list(request, context) }
        routes.add(.get, "/v1/follow-ups/{id}", .readCustomers) { request, context in try get(request, context) }
        routes.add(.patch, "/v1/follow-ups/{id}", .writeCustomers) { request, context in try update(request, context) }
        routes.add(.post, "/v1/follow-ups/{id}/complete", .writeCustomers) { request, context in try complete(request, context) }
        routes.add(.post, "/v1/follow-ups/{id}/skip", .writeCustomers) { request, context in try skip(request, context) }
        routes.add(.post, "/v1/follow-ups/{id}/cancel", .writeCustomers) { request, context in try cancel(request, context) }
        routes.add(.post, "/v1/follow-ups/{id}/reschedule", .writeCustomers) { request, context in try reschedule(request, context) }
    }

    func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: FollowUpCreateBody.self)
        let task = try followUps.create(try body.input(), context: context)
        var headers = HTTPHeaders.etag(version: task.version)
        headers.set("Location", "/v1/follow-ups/\(task.id)")
        return .json(status: .created, headers: headers) { $0.followUp(task, now: context.now) }
    }

    func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try followUps.list(try request.followUpQuery(), page: request.pageRequest(), context: context)
        return .list(page) { writer, task in writer.followUp(task, now: context.now) }
    }

    func get(_ request: Request, _ context: RequestContext) throws -> Response {
        let task = try followUps.get(id: request.parameter("id"), context: context)
        return .json(headers: .etag(version: task.version)) { $0.followUp(task, now: context.now) }
    }

    func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let patch = try Self.patch(try request.mergePatchObject())
        let task = try followUps.update(id: request.parameter("id"), patch: patch, expectedVersion: request.expectedVersion(), context: context)
        return .json(headers: .etag(version: task.version)) { $0.followUp(task, now: context.now) }
    }

    func complete(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeOptionalBody(as: CompletionBody.self) ?? CompletionBody()
        let outcome = try followUps.complete(id: request.parameter("id"), try body.input(), expectedVersion: request.expectedVersion(), context: context)
        return Self.outcome(outcome, now: context.now)
    }

    func skip(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: SkipBody.self)
        let outcome = try followUps.skip(id: request.parameter("id"), reason: body.reason, nextDueAt: body.nextDueAt,
                                         expectedVersion: request.expectedVersion(), context: context)
        return Self.outcome(outcome, now: context.now)
    }

    func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: CancelBody.self)
        let task = try followUps.cancel(id: request.parameter("id"), reason: body.reason, expectedVersion: request.expectedVersion(), context: context)
        return .json(headers: .etag(version: task.version)) { $0.followUp(task, now: context.now) }
    }

    func reschedule(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: RescheduleBody.self)
        let task = try followUps.reschedule(id: request.parameter("id"), to: body.dueAt, reason: body.reason,
                                            expectedVersion: request.expectedVersion(), context: context)
        return .json(headers: .etag(version: task.version)) { $0.followUp(task, now: context.now) }
    }

    /// `{followUp, interaction, next}` after a completion or a skip.
    static func outcome(_ outcome: TaskOutcome, now: Date) -> Response {
        .json(headers: .etag(version: outcome.followUp.version)) { writer in
            writer.beginObject()
            writer.key("followUp"); writer.followUp(outcome.followUp, now: now)
            writer.key("interaction")
            if let interaction = outcome.interaction {
                writer.interaction(interaction)
            } else {
                writer.string(nil)
            }
            writer.key("next")
            if let next = outcome.next { writer.followUp(next, now: now) } else { writer.string(nil) }
            writer.endObject()
        }
    }

    static func patch(_ object: [String: JSONValue]) throws -> FollowUpPatch {
        var patch = FollowUpPatch()
        var errors = JSONObjectReading.unknownFields(object, accepted: ["ownerId", "dueAt", "kind", "purpose"])
        for (name, value) in object {
            switch (name, value) {
            case ("ownerId", .null), ("dueAt", .null), ("kind", .null), ("purpose", .null): patch.cleared.insert(name)
            case ("ownerId", .string(let text)): patch.ownerID = text
            case ("purpose", .string(let text)): patch.purpose = text
            case ("kind", .string(let text)):
                patch.kind = FollowUpKind(rawValue: text)
                if patch.kind == nil { errors.append(.oneOf("kind", FollowUpKind.self)) }
            case ("dueAt", .string(let text)):
                patch.dueAt = TimeParsing.parseInstant(text)
                if patch.dueAt == nil { errors.append(FieldError(field: "dueAt", message: "Must be an RFC 3339 time such as 2026-11-23T08:00:00Z.")) }
            case ("ownerId", _), ("purpose", _), ("kind", _), ("dueAt", _): errors.append(FieldError(field: name, message: "Expected a string."))
            default: break
            }
        }
        if !errors.isEmpty { throw KehuError.validation(errors.sorted { $0.field < $1.field }) }
        return patch
    }
}

struct FollowUpCreateBody: RequestInput {
    static let acceptedFields: Set<String> = ["customerId", "ownerId", "dueAt", "kind", "purpose"]
    var customerId: String
    var ownerId: String?
    var dueAt: Date
    var kind: String?
    var purpose: String?

    func input() throws -> FollowUpInput {
        let kind = try self.kind.map { try FollowUpKind.parse($0, field: "kind") }
        return FollowUpInput(customerID: customerId, ownerID: ownerId, dueAt: dueAt, kind: kind, purpose: purpose)
    }
}

struct CompletionBody: RequestInput {
    static let acceptedFields: Set<String> = ["summary", "outcome", "channel", "direction", "occurredAt", "nextDueAt"]
    var summary: String?
    var outcome: String?
    var channel: String?
    var direction: String?
    var occurredAt: Date?
    var nextDueAt: Date?

    func input() throws -> CompletionInput {
        var errors: [FieldError] = []
        let channel = self.channel.flatMap { text in InteractionChannel(rawValue: text) ?? { errors.append(.oneOf("channel", InteractionChannel.self)); return nil }() }
        let direction = self.direction.flatMap { text in
            InteractionDirection(rawValue: text) ?? { errors.append(.oneOf("direction", InteractionDirection.self)); return nil }()
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return CompletionInput(summary: summary, outcome: outcome, channel: channel, direction: direction, occurredAt: occurredAt, nextDueAt: nextDueAt)
    }
}

struct SkipBody: RequestInput {
    static let acceptedFields: Set<String> = ["reason", "nextDueAt"]
    var reason: String
    var nextDueAt: Date?
}

struct CancelBody: RequestInput {
    static let acceptedFields: Set<String> = ["reason"]
    var reason: String
}

struct RescheduleBody: RequestInput {
    static let acceptedFields: Set<String> = ["dueAt", "reason"]
    var dueAt: Date
    var reason: String?
}

extension RawRepresentable where Self: CaseIterable, RawValue == String {
    /// The case named `text`, or a 422 listing the cases.
    static func parse(_ text: String, field: String) throws -> Self {
        guard let value = Self(rawValue: text) else { throw KehuError.validation([.oneOf(field, Self.self)]) }
        return value
    }
}

extension Request {
    /// One error per query parameter not in `known`: a typo must not silently widen a list.
    func unknownQueryParameters(known: Set<String>) -> [FieldError] {
        queryItems.map(\.name).filter { !known.contains($0) }.map { FieldError(field: $0, message: "Unknown query parameter.") }
    }

    /// `decodeBody`, or nil for an empty body (actions whose fields are all optional).
    func decodeOptionalBody<T: RequestInput>(as type: T.Type) throws -> T? {
        body.isEmpty ? nil : try decodeBody(as: type)
    }

    /// The filters of `GET /v1/follow-ups`.
    func followUpQuery() throws -> FollowUpQuery {
        var query = FollowUpQuery()
        var errors = unknownQueryParameters(known: [
            "ownerId", "customerId", "planId", "status", "kind", "dueAfter", "dueBefore", "overdue", "sort", "limit", "cursor",
        ])
        query.ownerID = queryValue("ownerId")
        query.customerID = queryValue("customerId")
        query.planID = queryValue("planId")
        if let text = queryValue("status") {
            query.status = FollowUpStatus(rawValue: text)
            if query.status == nil { errors.append(.oneOf("status", FollowUpStatus.self)) }
        }
        if let text = queryValue("kind") {
            query.kind = FollowUpKind(rawValue: text)
            if query.kind == nil { errors.append(.oneOf("kind", FollowUpKind.self)) }
        }
        for (name, keyPath) in [("dueAfter", \FollowUpQuery.dueAfter), ("dueBefore", \FollowUpQuery.dueBefore)] {
            guard let text = queryValue(name) else { continue }
            if let date = TimeParsing.parse(text) { query[keyPath: keyPath] = date } else {
                errors.append(FieldError(field: name, message: "Must be an RFC 3339 time (2026-11-23T08:00:00Z) or a date (2026-11-23)."))
            }
        }
        do { query.overdue = try flag("overdue") } catch KehuError.validation(let more) { errors += more }
        switch queryValue("sort") {
        case nil, "dueAt"?: break
        case "-dueAt"?: query.descending = true
        default: errors.append(FieldError(field: "sort", message: "Must be dueAt or -dueAt."))
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return query
    }
}
