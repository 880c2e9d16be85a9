import Foundation
import HTTPServer
import KehuCore

/// `/v1/customers/{id}/contacts|purchases|interactions|timeline`.
struct CustomerActivityHandlers {
    let activity: CustomerActivityService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/customers/{id}/contacts", .writeCustomers) { request, context in try addContact(request, context) }
        routes.add(.get, "/v1/customers/{id}/contacts", .readCustomers) { request, context in try contacts(request, context) }
        routes.add(.get, "/v1/customers/{id}/contacts/{contactId}", .readCustomers) { request, context in try contact(request, context) }
        routes.add(.patch, "/v1/customers/{id}/contacts/{contactId}", .writeCustomers) { request, context in try updateContact(request, context) }
        routes.add(.delete, "/v1/customers/{id}/contacts/{contactId}", .writeCustomers) { request, context in try deleteContact(request, context) }
        routes.add(.post, "/v1/customers/{id}/purchases", .writeCustomers) { request, context in try addPurchase(request, context) }
        routes.add(.get, "/v1/customers/{id}/purchases", .readCustomers) { request, context in try purchases(request, context) }
        routes.add(.delete, "/v1/customers/{id}/purchases/{purchaseId}", .writeCustomers) { request, context in try deletePurchase(request, context) }
        routes.add(.post, "/v1/customers/{id}/interactions", .writeCustomers) { request, context in try addInteraction(request, context) }
        routes.add(.get, "/v1/customers/{id}/interactions", .readCustomers) { request, context in try interactions(request, context) }
        routes.add(.get, "/v1/customers/{id}/timeline", .readCustomers) { request, context in try timeline(request, context) }
    }

    func addContact(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try Self.contactInput(try request.decodeObject())
        let contact = try activity.addContact(customerID: request.parameter("id"), input, context: context)
        var headers = HTTPHeaders.etag(version: contact.version)
        headers.set("Location", "/v1/customers/\(contact.customerID)/contacts/\(contact.id)")
        return try .json(ContactBody(contact), status: .created, headers: headers)
    }

    func contacts(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try activity.contacts(customerID: request.parameter("id"), page: request.pageRequest(), context: context)
        return try .json(ListBody(data: page.items.map(ContactBody.init), nextCursor: page.nextCursor))
    }

    func contact(_ request: Request, _ context: RequestContext) throws -> Response {
        let contact = try activity.contact(id: request.parameter("contactId"), customerID: request.parameter("id"), context: context)
        return try .json(ContactBody(contact), headers: .etag(version: contact.version))
    }

    func updateContact(_ request: Request, _ context: RequestContext) throws -> Response {
        let patch = try Self.contactInput(try request.mergePatchObject())
        let contact = try activity.updateContact(id: request.parameter("contactId"), customerID: request.parameter("id"), patch: patch,
                                                 expectedVersion: request.expectedVersion(), context: context)
        return try .json(ContactBody(contact), headers: .etag(version: contact.version))
    }

    func deleteContact(_ request: Request, _ context: RequestContext) throws -> Response {
        try activity.deleteContact(id: request.parameter("contactId"), customerID: request.parameter("id"), context: context)
        return Response(status: .noContent)
    }

    func addPurchase(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: PurchaseBodyInput.self)
        let purchase = try activity.addPurchase(customerID: request.parameter("id"), body.input, context: context)
        return try .json(PurchaseBody(purchase), status: .created, headers: ["Location": "/v1/customers/\(purchase.customerID)/purchases"])
    }

    func purchases(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try activity.purchases(customerID: request.parameter("id"), page: request.pageRequest(), context: context)
        return try .json(ListBody(data: page.items.map(PurchaseBody.init), nextCursor: page.nextCursor))
    }

    func deletePurchase(_ request: Request, _ context: RequestContext) throws -> Response {
        try activity.deletePurchase(id: request.parameter("purchaseId"), customerID: request.parameter("id"), context: context)
        return Response(status: .noContent)
    }

    func addInteraction(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: InteractionBodyInput.self)
        let interaction = try activity.addInteraction(customerID: request.parameter("id"), try body.input(), context: context)
        return try .json(InteractionBody(interaction), status: .created, headers: ["Location": "/v1/customers/\(interaction.customerID)/interactions"])
    }

    func interactions(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try activity.interactions(customerID: request.parameter("id"), page: request.pageRequest(), context: context)
        return try .json(ListBody(data: page.items.map(InteractionBody.init), nextCursor: page.nextCursor))
    }

    func timeline(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try activity.timeline(customerID: request.parameter("id"), page: request.pageRequest(), context: context)
        return try .json(ListBody(data: page.items.map(TimelineItemBody.init), nextCursor: page.nextCursor))
    }

    static func contactInput(_ object: [String: JSONValue]) throws -> ContactInput {
        var input = ContactInput()
        let texts: [(String, WritableKeyPath<ContactInput, String?>)] = [
            ("name", \.name), ("title", \.title), ("phone", \.phone), ("email", \.email), ("wechat", \.wechat), ("notes", \.notes),
        ]
        var errors = JSONObjectReading.unknownFields(object, accepted: Set(texts.map(\.0)).union(["isPrimary"]))
        JSONObjectReading.readStrings(object, texts, into: &input, cleared: \.cleared, errors: &errors)
        switch object["isPrimary"] {
        case nil: break
        case .bool(let flag)?: input.isPrimary = flag
        default: errors.append(FieldError(field: "isPrimary", message: "Expected true or false."))
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return input
    }
}

struct PurchaseBodyInput: RequestInput {
    static let acceptedFields: Set<String> = ["amount", "currency", "cost", "product", "category", "quantity", "channel", "purchasedAt"]
    var amount: Int64
    var currency: String?
    var cost: Int64?
    var product: String
    var category: String?
    var quantity: Int?
    var channel: String?
    var purchasedAt: Date?

    var input: PurchaseInput {
        PurchaseInput(amount: amount, currency: currency, cost: cost, product: product, category: category, quantity: quantity,
                      channel: channel, purchasedAt: purchasedAt)
    }
}

struct InteractionBodyInput: RequestInput {
    static let acceptedFields: Set<String> = ["channel", "direction", "summary", "outcome", "occurredAt", "userId"]
    var channel: String
    var direction: String?
    var summary: String
    var outcome: String?
    var occurredAt: Date?
    var userId: String?

    func input() throws -> InteractionInput {
        var errors: [FieldError] = []
        let channel = InteractionChannel(rawValue: self.channel)
        if channel == nil {
            errors.append(.oneOf("channel", InteractionChannel.self))
        }
        var direction: InteractionDirection?
        if let text = self.direction {
            direction = InteractionDirection(rawValue: text)
            if direction == nil { errors.append(FieldError(field: "direction", message: "Must be inbound or outbound.")) }
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return InteractionInput(channel: channel!, direction: direction, summary: summary, outcome: outcome, occurredAt: occurredAt, userID: userId)
    }
}

struct ContactBody: Encodable {
    var id: String
    var customerId: String
    var name: String
    @Nullable var title: String?
    @Nullable var phone: String?
    @Nullable var email: String?
    @Nullable var wechat: String?
    var isPrimary: Bool
    @Nullable var notes: String?
    var createdAt: Date
    var updatedAt: Date
    var version: Int

    init(_ contact: Contact) {
        id = contact.id
        customerId = contact.customerID
        name = contact.name
        title = contact.title
        phone = contact.phone
        email = contact.email
        wechat = contact.wechat
        isPrimary = contact.isPrimary
        notes = contact.notes
        createdAt = contact.createdAt
        updatedAt = contact.updatedAt
        version = contact.version
    }
}

struct PurchaseBody: Encodable {
    var id: String
    var customerId: String
    var amount: Int64
    var currency: String
    @Nullable var cost: Int64?
    var product: String
    @Nullable var category: String?
    var quantity: Int
    @Nullable var channel: String?
    var purchasedAt: Date
    var createdAt: Date

    init(_ purchase: Purchase) {
        id = purchase.id
        customerId = purchase.customerID
        amount = purchase.amount
        currency = purchase.currency
        cost = purchase.cost
        product = purchase.product
        category = purchase.category
        quantity = purchase.quantity
        channel = purchase.channel
        purchasedAt = purchase.purchasedAt
        createdAt = purchase.createdAt
    }
}

struct InteractionBody: Encodable {
    var id: String
    var customerId: String
    var channel: InteractionChannel
    var direction: InteractionDirection
    var summary: String
    @Nullable var outcome: String?
    var occurredAt: Date
    @Nullable var userId: String?
    var createdAt: Date

    init(_ interaction: Interaction) {
        id = interaction.id
        customerId = interaction.customerID
        channel = interaction.channel
        direction = interaction.direction
        summary = interaction.summary
        outcome = interaction.outcome
        occurredAt = interaction.occurredAt
        userId = interaction.userID
        createdAt = interaction.createdAt
    }
}

struct TimelineItemBody: Encodable {
    var kind: String
    var id: String
    var occurredAt: Date
    var title: String
    var detail: JSONValue

    init(_ item: TimelineItem) {
        kind = item.kind
        id = item.id
        occurredAt = item.occurredAt
        title = item.title
        detail = (try? JSONCoding.decode(JSONValue.self, from: Array(item.detailJSON.utf8))) ?? .null
    }
}
