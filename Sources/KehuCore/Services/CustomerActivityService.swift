import Foundation

/// What hangs off a customer: contacts, purchases, the communication history, and the
/// timeline over all of it. Ownership follows the customer.
public struct CustomerActivityService: Sendable {
    let customers: any CustomerRepository
    let settings: SettingsService
    let environment: Environment

    public init(customers: any CustomerRepository, settings: SettingsService, environment: Environment) {
        self.customers = customers
        self.settings = settings
        self.environment = environment
    }

    private func scope(_ context: RequestContext) -> OwnerScope { AccessPolicy.customerScope(for: context.principal) }

    // MARK: Contacts

    public func addContact(customerID: String, _ input: ContactInput, context: RequestContext) throws -> Contact {
        let fields = try input.validated(requireName: true)
        let contact = Contact(id: environment.makeID("con"), customerID: customerID, name: fields.name!, title: fields.title,
                              phone: fields.phone, email: fields.email, wechat: fields.wechat, isPrimary: fields.isPrimary ?? false,
                              notes: fields.notes, createdAt: context.now, updatedAt: context.now)
        try customers.insertContact(contact, scope: scope(context), context: context)
        return contact
    }

    public func contacts(customerID: String, page: PageRequest, context: RequestContext) throws -> Page<Contact> {
        try customers.contacts(customerID: customerID, scope: scope(context), page: page)
    }

    public func contact(id: String, customerID: String, context: RequestContext) throws -> Contact {
        guard let contact = try customers.contact(id: id, customerID: customerID, scope: scope(context)) else {
            throw KehuError.notFound(entity: "contact", id: id)
        }
        return contact
    }

    public func updateContact(id: String, customerID: String, patch: ContactInput, expectedVersion: Int?, context: RequestContext) throws -> Contact {
        var contact = try self.contact(id: id, customerID: customerID, context: context)
        try Versioning.check(expectedVersion, current: contact.version, entity: "contact")
        let fields = try patch.validated(requireName: false)
        let before = contact
        if let name = fields.name { contact.name = name }
        func set(_ keyPath: WritableKeyPath<Contact, String?>, _ value: String?, _ name: String) {
            if let value { contact[keyPath: keyPath] = value } else if patch.cleared.contains(name) { contact[keyPath: keyPath] = nil }
        }
        set(\.title, fields.title, "title")
        set(\.phone, fields.phone, "phone")
        set(\.email, fields.email, "email")
        set(\.wechat, fields.wechat, "wechat")
        set(\.notes, fields.notes, "notes")
        if let primary = fields.isPrimary { contact.isPrimary = primary }
        guard contact != before else { return contact }
        let expected = expectedVersion ?? before.version
        contact.version = expected + 1
        contact.updatedAt = context.now
        let changed = ["name", "title", "phone", "email", "wechat", "notes", "isPrimary"].filter { patch.mentions($0) }
        try customers.updateContact(contact, expectedVersion: expected, scope: scope(context),
                                    mutation: Mutation(entityType: "contact", entityID: id, action: "updated", changedFields: changed,
                                                       auditValues: ["customerId": customerID]), context: context)
        return contact
    }

    public func deleteContact(id: String, customerID: String, context: RequestContext) throws {
        try customers.deleteContact(id: id, customerID: customerID, scope: scope(context), context: context)
    }

    // MARK: Purchases

    public func addPurchase(customerID: String, _ input: PurchaseInput, context: RequestContext) throws -> Purchase {
        let rules = try settings.classificationRules()
        let purchase = try input.validated(id: environment.makeID("pur"), customerID: customerID, defaultCurrency: rules.baseCurrency, now: context.now)
        try customers.insertPurchase(purchase, scope: scope(context), rules: rules, context: context)
        return purchase
    }

    public func purchases(customerID: String, page: PageRequest, context: RequestContext) throws -> Page<Purchase> {
        try customers.purchases(customerID: customerID, scope: scope(context), page: page)
    }

    public func deletePurchase(id: String, customerID: String, context: RequestContext) throws {
        try customers.deletePurchase(id: id, customerID: customerID, scope: scope(context), rules: try settings.classificationRules(), context: context)
    }

    // MARK: Interactions

    public func addInteraction(customerID: String, _ input: InteractionInput, context: RequestContext) throws -> Interaction {
        let interaction = try input.validated(id: environment.makeID("int"), customerID: customerID, context: context)
        try customers.insertInteraction(interaction, scope: scope(context), rules: try settings.classificationRules(), context: context)
        return interaction
    }

    public func interactions(customerID: String, page: PageRequest, context: RequestContext) throws -> Page<Interaction> {
        try customers.interactions(customerID: customerID, scope: scope(context), page: page)
    }

    public func timeline(customerID: String, page: PageRequest, context: RequestContext) throws -> Page<TimelineItem> {
        try customers.timeline(customerID: customerID, scope: scope(context), page: page)
    }
}
