import Foundation
import HTTPServer
import KehuCore

/// `/v1/customers`: the customer file — create, list and search, read, patch, archive,
/// restore, erase, duplicates, merge and its undo.
struct CustomerHandlers {
    let customers: CustomerService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/customers", .writeCustomers) { request, context in try create(request, context) }
        routes.add(.get, "/v1/customers", .readCustomers) { request, context in try list(request, context) }
        routes.add(.get, "/v1/customers/duplicates", .readCustomers) { request, context in try duplicates(request, context) }
        routes.add(.get, "/v1/customers/{id}", .readCustomers) { request, context in try get(request, context) }
        routes.add(.patch, "/v1/customers/{id}", .writeCustomers) { request, context in try update(request, context) }
        routes.add(.delete, "/v1/customers/{id}", .writeCustomers) { request, context in try delete(request, context) }
        routes.add(.post, "/v1/customers/{id}/restore", .writeCustomers) { request, context in try restore(request, context) }
        routes.add(.post, "/v1/customers/{id}/merge", .writeCustomers) { request, context in try merge(request, context) }
        routes.add(.get, "/v1/merges/{id}", .readCustomers) { request, context in try findMerge(request, context) }
        routes.add(.post, "/v1/merges/{id}/undo", .writeCustomers) { request, context in try undoMerge(request, context) }
        routes.add(.get, "/v1/settings/classification", .readSettings) { request, context in try classification(request, context) }
        routes.add(.put, "/v1/settings/classification", .manageSettings) { request, context in try setClassification(request, context) }
    }

    func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let fields = try CustomerFieldsReader.read(try request.decodeObject(), requireName: true)
        let customer = try customers.create(fields, allowDuplicate: try request.flag("allowDuplicate"), context: context)
        var headers = HTTPHeaders.etag(version: customer.version)
        headers.set("Location", "/v1/customers/\(customer.id)")
        return try .json(CustomerBody(customer: customer), status: .created, headers: headers)
    }

    func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try customers.list(try request.customerQuery(), page: request.pageRequest(), context: context)
        return try .json(ListBody(data: page.items.map { CustomerBody(customer: $0) }, nextCursor: page.nextCursor))
    }

    /// A merged customer still answers, with `status: merged` and `mergedInto`, and a
    /// canonical link to the customer it became part of.
    func get(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try customers.get(id: request.parameter("id"), context: context)
        var headers = HTTPHeaders.etag(version: customer.version)
        if let target = customer.mergedInto { headers.set("Link", "</v1/customers/\(target)>; rel=\"canonical\"") }
        return try .json(CustomerBody(customer: customer), headers: headers)
    }

    func update(_ request: Request, _ context: RequestContext) throws -> Response {
        var object = try request.mergePatchObject()
        var unlockTier = false
        switch object.removeValue(forKey: "tierLocked") {
        case nil, .bool(true)?: break
        case .bool(false)?: unlockTier = true
        default: throw KehuError.validation([FieldError(field: "tierLocked", message: "Only false is accepted: set tier to lock it.")])
        }
        let patch = try CustomerFieldsReader.read(object, requireName: false)
        let customer = try customers.update(id: request.parameter("id"), patch: patch, unlockTier: unlockTier,
                                            allowDuplicate: try request.flag("allowDuplicate"), expectedVersion: request.expectedVersion(), context: context)
        return try .json(CustomerBody(customer: customer), headers: .etag(version: customer.version))
    }

    /// Archives; `?erase=true` erases for good (admins).
    func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        if try request.flag("erase") {
            try customers.erase(id: request.parameter("id"), context: context)
            return Response(status: .noContent)
        }
        let customer = try customers.archive(id: request.parameter("id"), expectedVersion: request.expectedVersion(), context: context)
        return try .json(CustomerBody(customer: customer), headers: .etag(version: customer.version))
    }

    func restore(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try customers.restore(id: request.parameter("id"), expectedVersion: request.expectedVersion(), context: context)
        return try .json(CustomerBody(customer: customer), headers: .etag(version: customer.version))
    }

    func duplicates(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try customers.duplicates(page: request.pageRequest(), context: context)
        return try .json(ListBody(data: page.items.map(DuplicatePairBody.init), nextCursor: page.nextCursor))
    }

    func merge(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try request.decodeBody(as: MergeInput.self)
        let record = try customers.merge(targetID: request.parameter("id"), sourceID: input.sourceId, dryRun: input.dryRun ?? false, context: context)
        if input.dryRun == true { return try .json(MergeBody(record, dryRun: true)) }
        return try .json(MergeBody(record, dryRun: false), status: .created, headers: ["Location": "/v1/merges/\(record.id)"])
    }

    func findMerge(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(MergeBody(try customers.findMerge(id: request.parameter("id"), context: context), dryRun: false))
    }

    func undoMerge(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(MergeBody(try customers.undoMerge(id: request.parameter("id"), context: context), dryRun: false))
    }

    func classification(_ request: Request, _ context: RequestContext) throws -> Response {
        let (rules, version) = try customers.classificationRules()
        return try .json(rules, headers: .etag(version: version))
    }

    func setClassification(_ request: Request, _ context: RequestContext) throws -> Response {
        let rules = try request.decodeBody(as: ClassificationInput.self).rules
        let version = try customers.setClassificationRules(rules, expectedVersion: request.expectedVersion(), context: context)
        return try .json(rules, headers: .etag(version: version))
    }
}

extension Request {
    /// A boolean query flag: absent or `false` is false, `true` is true, anything else 422.
    func flag(_ name: String) throws -> Bool {
        switch queryValue(name) {
        case nil, "false"?, "0"?: return false
        case "true"?, "1"?, ""?: return true
        default: throw KehuError.validation([FieldError(field: name, message: "Must be true or false.")])
        }
    }

    /// A merge patch body as an object (RFC 7396), JSON or merge-patch+json.
    func mergePatchObject() throws -> [String: JSONValue] { try decodeObject() }
}

struct MergeInput: RequestInput {
    static let acceptedFields: Set<String> = ["sourceId", "dryRun"]
    var sourceId: String
    var dryRun: Bool?
}

struct ClassificationInput: RequestInput {
    static let acceptedFields: Set<String> = ["baseCurrency", "vipSpend", "loyalPurchases", "loyalSpend12Months", "churnAfterDays"]
    var baseCurrency: String
    var vipSpend: Int64
    var loyalPurchases: Int
    var loyalSpend12Months: Int64
    var churnAfterDays: Int

    var rules: ClassificationRules {
        ClassificationRules(baseCurrency: baseCurrency, vipSpend: vipSpend, loyalPurchases: loyalPurchases,
                            loyalSpend12Months: loyalSpend12Months, churnAfterDays: churnAfterDays)
    }
}

struct DuplicatePairBody: Encodable {
    var customers: [SummaryBody]
    var reasons: [String]

    init(_ pair: DuplicatePair) {
        customers = [SummaryBody(pair.first), SummaryBody(pair.second)]
        reasons = pair.reasons
    }
}

struct SummaryBody: Encodable {
    var id: String
    var name: String
    @Nullable var company: String?
    @Nullable var phone: String?
    @Nullable var email: String?
    @Nullable var ownerId: String?

    init(_ summary: CustomerSummary) {
        id = summary.id
        name = summary.name
        company = summary.company
        phone = summary.phone
        email = summary.email
        ownerId = summary.ownerID
    }
}

struct MergeBody: Encodable {
    @Nullable var id: String?
    var targetId: String
    var sourceId: String
    var dryRun: Bool
    var moves: MergeMovesBody
    var conflicts: [MergeConflict]
    @Nullable var actorId: String?
    @Nullable var createdAt: Date?
    @Nullable var undoneAt: Date?

    init(_ record: MergeRecord, dryRun: Bool) {
        id = dryRun ? nil : record.id
        targetId = record.targetID
        sourceId = record.sourceID
        self.dryRun = dryRun
        moves = MergeMovesBody(record.moves)
        conflicts = record.conflicts
        actorId = dryRun ? nil : record.actorID
        createdAt = dryRun ? nil : record.createdAt
        undoneAt = record.undoneAt
    }
}

struct MergeMovesBody: Encodable {
    var purchases: [String]
    var interactions: [String]
    var contacts: [String]
    var followUpPlans: [String]
    var followUps: [String]
    var feedback: [String]
    var surveyResponses: [String]
    var deals: [String]
    var tags: [String]
    var attributes: [String]
    var fields: [String]

    init(_ moves: MergeMoves) {
        purchases = moves.records["purchases"] ?? []
        interactions = moves.records["interactions"] ?? []
        contacts = moves.records["contacts"] ?? []
        followUpPlans = moves.records["follow_up_plans"] ?? []
        followUps = moves.records["follow_ups"] ?? []
        feedback = moves.records["feedback"] ?? []
        surveyResponses = moves.records["survey_responses"] ?? []
        deals = moves.records["deals"] ?? []
        tags = moves.tags
        attributes = moves.attributes
        fields = moves.fields
    }
}
