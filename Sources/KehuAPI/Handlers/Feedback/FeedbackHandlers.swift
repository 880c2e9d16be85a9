import Foundation
import HTTPServer
import KehuCore

/// `/v1/feedback`: intake, lists, edits, workflow moves, their history, and satisfaction;
/// and `/v1/settings/sla`.
struct FeedbackHandlers {
    let feedback: FeedbackService
    let settings: SettingsService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/feedback", .writeCustomers) { request, context in try create(request, context) }
        routes.add(.get, "/v1/feedback", .readCustomers) { request, context in try list(request, context) }
        routes.add(.get, "/v1/feedback/counts", .readCustomers) { request, context in try counts(request, context) }
        routes.add(.get, "/v1/feedback/{id}", .readCustomers) { request, context in try get(request, context) }
        routes.add(.patch, "/v1/feedback/{id}", .writeCustomers) { request, context in try update(request, context) }
        routes.add(.post, "/v1/feedback/{id}/transitions", .writeCustomers) { request, context in try transition(request, context) }
        routes.add(.get, "/v1/feedback/{id}/events", .readCustomers) { request, context in try events(request, context) }
        routes.add(.post, "/v1/feedback/{id}/satisfaction", .writeCustomers) { request, context in try satisfaction(request, context) }
        routes.add(.get, "/v1/settings/sla", .readSettings) { _, _ in try sla() }
        routes.add(.put, "/v1/settings/sla", .manageSettings) { request, context in try setSLA(request, context) }
    }

    func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let item = try feedback.create(try request.decodeBody(as: FeedbackCreateBody.self).input(), context: context)
        var headers = HTTPHeaders.etag(version: item.version)
        headers.set("Location", "/v1/feedback/\(item.id)")
        return .json(status: .created, headers: headers) { $0.feedback(item, now: context.now) }
    }

    func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try feedback.list(try request.feedbackQuery(), page: request.pageRequest(), context: context)
        return .list(page) { writer, item in writer.feedback(item, now: context.now) }
    }

    /// `{active, byStatus: {status: n}, overdue}` over what the caller sees.
    func counts(_ request: Request, _ context: RequestContext) throws -> Response {
        let errors = request.unknownQueryParameters(known: [])
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let counts = try feedback.counts(context: context)
        return .json { writer in
            writer.beginObject()
            writer.key("active"); writer.integer(counts.active)
            writer.key("byStatus"); writer.beginObject()
            for status in FeedbackStatus.allCases {
                writer.key(text: status.rawValue); writer.integer(counts.byStatus[status] ?? 0)
            }
            writer.endObject()
            writer.key("overdue"); writer.integer(counts.overdue)
            writer.endObject()
        }
    }

    func get(_ request: Request, _ context: RequestContext) throws -> Response {
        Self.document(try feedback.get(id: request.parameter("id"), context: context), now: context.now)
    }

    func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let patch = try Self.patch(try request.mergePatchObject())
        let item = try feedback.update(id: request.parameter("id"), patch: patch, expectedVersion: request.expectedVersion(), context: context)
        return Self.document(item, now: context.now)
    }

    func transition(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try request.decodeBody(as: TransitionBody.self).input()
        let item = try feedback.transition(id: request.parameter("id"), input, expectedVersion: request.expectedVersion(), context: context)
        return Self.document(item, now: context.now)
    }

    func events(_ request: Request, _ context: RequestContext) throws -> Response {
        let errors = request.unknownQueryParameters(known: ["limit", "cursor"])
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let page = try feedback.events(id: request.parameter("id"), page: request.pageRequest(), context: context)
        return .list(page) { writer, event in writer.feedbackEvent(event) }
    }

    func satisfaction(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: SatisfactionBody.self)
        let item = try feedback.recordSatisfaction(id: request.parameter("id"), score: body.score, comment: body.comment,
                                                   expectedVersion: request.expectedVersion(), context: context)
        return Self.document(item, now: context.now)
    }

    func sla() throws -> Response {
        let (value, version) = try settings.get(SettingsService.slaKey, as: SLASettings.self, fallback: .default)
        return try .json(value, headers: .etag(version: version))
    }

    func setSLA(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: SLABody.self)
        let value = try body.settings.validated()
        let version = try settings.put(SettingsService.slaKey, value, expectedVersion: request.expectedVersion(), context: context)
        return try .json(value, headers: .etag(version: version))
    }

    static func document(_ item: Feedback, now: Date) -> Response {
        .json(headers: .etag(version: item.version)) { $0.feedback(item, now: now) }
    }

    static func patch(_ object: [String: JSONValue]) throws -> FeedbackPatch {
        var patch = FeedbackPatch()
        var errors = JSONObjectReading.unknownFields(object, accepted: ["kind", "channel", "subject", "body", "category", "urgency", "assigneeId"])
        for (name, value) in object {
            switch (name, value) {
            case (let field, .null) where FeedbackPatch.nullable.contains(field): patch.cleared.insert(field)
            case (_, .null): errors.append(FieldError(field: name, message: "This field cannot be null."))
            case ("subject", .string(let text)): patch.subject = text
            case ("body", .string(let text)): patch.body = text
            case ("category", .string(let text)): patch.category = text
            case ("assigneeId", .string(let text)): patch.assigneeID = text
            case ("kind", .string(let text)):
                patch.kind = FeedbackKind(rawValue: text)
                if patch.kind == nil { errors.append(.oneOf("kind", FeedbackKind.self)) }
            case ("channel", .string(let text)):
                patch.channel = FeedbackChannel(rawValue: text)
                if patch.channel == nil { errors.append(.oneOf("channel", FeedbackChannel.self)) }
            case ("urgency", .string(let text)):
                patch.urgency = Urgency(rawValue: text)
                if patch.urgency == nil { errors.append(.oneOf("urgency", Urgency.self)) }
            case ("kind", _), ("channel", _), ("subject", _), ("body", _), ("category", _), ("urgency", _), ("assigneeId", _):
                errors.append(FieldError(field: name, message: "Expected a string."))
            default: break
            }
        }
        if !errors.isEmpty { throw KehuError.validation(errors.sorted { $0.field < $1.field }) }
        return patch
    }
}

extension Request {
    /// The filters of `GET /v1/feedback`.
    func feedbackQuery() throws -> FeedbackQuery {
        var query = FeedbackQuery()
        var errors = unknownQueryParameters(known: [
            "kind", "status", "urgency", "category", "assigneeId", "customerId", "channel", "createdFrom", "createdTo", "overdue", "sort",
            "limit", "cursor",
        ])
        func value<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> T? where T.RawValue == String {
            guard let text = queryValue(name) else { return nil }
            guard let value = T(rawValue: text) else { errors.append(.oneOf(name, T.self)); return nil }
            return value
        }
        query.kind = value("kind", FeedbackKind.self)
        query.status = value("status", FeedbackStatus.self)
        query.urgency = value("urgency", Urgency.self)
        query.channel = value("channel", FeedbackChannel.self)
        query.category = queryValue("category")
        query.assigneeID = queryValue("assigneeId")
        query.customerID = queryValue("customerId")
        for (name, keyPath) in [("createdFrom", \FeedbackQuery.createdFrom), ("createdTo", \FeedbackQuery.createdTo)] {
            guard let text = queryValue(name) else { continue }
            if let date = TimeParsing.parse(text) { query[keyPath: keyPath] = date } else {
                errors.append(FieldError(field: name, message: "Must be an RFC 3339 time (2026-11-23T08:00:00Z) or a date (2026-11-23)."))
            }
        }
        do { query.overdue = try flag("overdue") } catch KehuError.validation(let more) { errors += more }
        if let text = queryValue("sort") {
            if let order = FeedbackQuery.Order(rawValue: text) { query.order = order } else {
                errors.append(FieldError(field: "sort", message: "Must be one of: -createdAt, createdAt, dueAt."))
            }
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return query
    }
}
