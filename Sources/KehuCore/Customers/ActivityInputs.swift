import Foundation

/// A contact's fields as a client sends them (create or merge patch).
public struct ContactInput: Sendable, Equatable {
    public var name: String?
    public var title: String?
    public var phone: String?
    public var email: String?
    public var wechat: String?
    public var isPrimary: Bool?
    public var notes: String?
    /// Fields set to null in a patch.
    public var cleared: Set<String>

    public init(name: String? = nil, title: String? = nil, phone: String? = nil, email: String? = nil, wechat: String? = nil,
                isPrimary: Bool? = nil, notes: String? = nil, cleared: Set<String> = []) {
        self.name = name
        self.title = title
        self.phone = phone
        self.email = email
        self.wechat = wechat
        self.isPrimary = isPrimary
        self.notes = notes
        self.cleared = cleared
    }

    func mentions(_ field: String) -> Bool {
        if cleared.contains(field) { return true }
        switch field {
        case "name": return name != nil
        case "title": return title != nil
        case "phone": return phone != nil
        case "email": return email != nil
        case "wechat": return wechat != nil
        case "isPrimary": return isPrimary != nil
        default: return notes != nil
        }
    }

    /// Trimmed and normalised (phone to E.164, e-mail lower case), or `validation`.
    func validated(requireName: Bool) throws -> ContactInput {
        var result = self
        var validator = Validator()
        if let name { result.name = validator.requiredText(name, field: "name", maxLength: 200) } else if requireName || cleared.contains("name") {
            validator.fail("name", "This field is required.")
        }
        if let phone { result.phone = validator.phone(phone, field: "phone") }
        if let email { result.email = validator.email(email, field: "email") }
        result.title = validator.optionalText(title, field: "title", maxLength: 200)
        result.wechat = validator.optionalText(wechat, field: "wechat", maxLength: 100)
        result.notes = validator.optionalText(notes, field: "notes", maxLength: 2_000)
        // An empty text clears the field, as null does.
        for (name, before, after) in [("title", title, result.title), ("wechat", wechat, result.wechat), ("notes", notes, result.notes)]
        where before != nil && after == nil {
            result.cleared.insert(name)
        }
        try validator.check()
        return result
    }
}

/// A purchase as a client sends it.
public struct PurchaseInput: Sendable, Equatable {
    public var amount: Int64
    public var currency: String?
    public var cost: Int64?
    public var product: String
    public var category: String?
    public var quantity: Int?
    public var channel: String?
    public var purchasedAt: Date?

    public init(amount: Int64, currency: String? = nil, cost: Int64? = nil, product: String, category: String? = nil,
                quantity: Int? = nil, channel: String? = nil, purchasedAt: Date? = nil) {
        self.amount = amount
        self.currency = currency
        self.cost = cost
        self.product = product
        self.category = category
        self.quantity = quantity
        self.channel = channel
        self.purchasedAt = purchasedAt
    }

    /// Largest amount accepted: 10^13 minor units (a hundred billion yuan).
    public static let maxAmount: Int64 = 10_000_000_000_000

    func validated(id: String, customerID: String, defaultCurrency: String, now: Date) throws -> Purchase {
        var validator = Validator()
        validator.amount(amount, field: "amount")
        if let cost { validator.amount(cost, field: "cost") }
        let currency = validator.currency(currency ?? defaultCurrency, field: "currency")
        let product = validator.requiredText(product, field: "product", maxLength: 200)
        let quantity = quantity ?? 1
        if !(1...1_000_000).contains(quantity) { validator.fail("quantity", "Must be from 1 to 1000000.") }
        let purchasedAt = purchasedAt ?? now
        if purchasedAt > now.addingTimeInterval(86_400) { validator.fail("purchasedAt", "Must not be in the future.") }
        let category = validator.optionalText(category, field: "category", maxLength: 100)
        let channel = validator.optionalText(channel, field: "channel", maxLength: 100)
        try validator.check()
        return Purchase(id: id, customerID: customerID, amount: amount, currency: currency, cost: cost, product: product!, category: category,
                        quantity: quantity, channel: channel, purchasedAt: purchasedAt, createdAt: now)
    }
}

/// An interaction as a client sends it.
public struct InteractionInput: Sendable, Equatable {
    public var channel: InteractionChannel
    public var direction: InteractionDirection?
    public var summary: String
    public var outcome: String?
    public var occurredAt: Date?
    public var userID: String?

    public init(channel: InteractionChannel, direction: InteractionDirection? = nil, summary: String, outcome: String? = nil,
                occurredAt: Date? = nil, userID: String? = nil) {
        self.channel = channel
        self.direction = direction
        self.summary = summary
        self.outcome = outcome
        self.occurredAt = occurredAt
        self.userID = userID
    }

    func validated(id: String, customerID: String, context: RequestContext) throws -> Interaction {
        var validator = Validator()
        let summary = validator.requiredText(summary, field: "summary", maxLength: 2_000)
        let outcome = validator.optionalText(outcome, field: "outcome", maxLength: 500)
        let occurredAt = occurredAt ?? context.now
        if occurredAt > context.now.addingTimeInterval(86_400) { validator.fail("occurredAt", "Must not be in the future.") }
        if context.principal.role == .rep, let userID, userID != context.principal.userID {
            validator.fail("userId", "A rep records their own interactions.")
        }
        try validator.check()
        return Interaction(id: id, customerID: customerID, channel: channel, direction: direction ?? .outbound, summary: summary!,
                           outcome: outcome, occurredAt: occurredAt, userID: userID ?? (context.principal.isSystem ? nil : context.principal.userID),
                           createdAt: context.now)
    }
}
