import Foundation

/// A customer profile (客户档案) as stored and shown, with its computed fields.
public struct Customer: Sendable, Equatable {
    public var id: String
    public var type: CustomerType
    public var name: String
    public var gender: Gender?
    public var birthday: String?
    /// The calendar the birthday recurs by (a lunar birthday, 农历生日, is `chinese`).
    public var birthdayCalendar: BirthdayCalendar = .gregorian
    /// E.164.
    public var phone: String?
    /// Lower case.
    public var email: String?
    public var wechat: String?
    public var address: String?
    public var region: String?
    public var occupation: String?
    public var company: String?
    public var industry: String?
    public var companySize: String?
    public var source: String?
    public var ownerID: String?
    public var tags: [String]
    public var attributes: [String: AttributeValue]
    public var notes: String?
    public var tier: Tier
    /// Set by hand: the tier no longer follows value.
    public var tierLocked: Bool
    public var stage: LifecycleStage
    public var stats: CustomerStats
    public var status: CustomerStatus
    /// For a merged customer: the customer it was merged into.
    public var mergedInto: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: String, type: CustomerType, name: String, createdAt: Date) {
        self.id = id
        self.type = type
        self.name = name
        tags = []
        attributes = [:]
        tier = .potential
        tierLocked = false
        stage = .potential
        stats = CustomerStats()
        status = .active
        self.createdAt = createdAt
        updatedAt = createdAt
        version = 1
    }

    /// The key the agenda finds this customer's birthday by (`BirthdayKey`).
    public var birthdayKey: String? {
        guard let text = birthday, let date = LocalDate(text) else { return nil }
        return BirthdayKey.key(of: Birthday(birthDate: date, calendar: birthdayCalendar))
    }
}

/// Whether a customer is in the file, archived, or merged into another.
public enum CustomerStatus: String, Sendable, Codable, CaseIterable {
    case active, archived, merged
}

/// Read-only figures kept correct by every write that touches a customer.
public struct CustomerStats: Sendable, Equatable, Codable {
    /// Sum of purchase amounts in the base currency, in minor units.
    public var totalSpent: Int64 = 0
    public var purchaseCount: Int = 0
    public var lastPurchaseAt: Date?
    public var lastInteractionAt: Date?
    /// Interactions in the 30 days before the read.
    public var interactions30d: Int = 0
    /// Feedback not yet resolved or closed.
    public var openFeedback: Int = 0
    /// Spend in the base currency within the last 12 months (classification input; not shown).
    public var spentLast12Months: Int64 = 0

    public init() {}

    /// The later of the last purchase and the last interaction.
    public var lastActivityAt: Date? {
        switch (lastPurchaseAt, lastInteractionAt) {
        case let (purchase?, interaction?): max(purchase, interaction)
        case let (purchase, interaction): purchase ?? interaction
        }
    }
}

extension Customer {
    /// The editable fields of this customer, as a complete `CustomerFields`.
    public var fields: CustomerFields {
        CustomerFields(
            type: type, name: name, gender: gender, birthday: birthday, birthdayCalendar: birthdayCalendar, phone: phone, email: email, wechat: wechat,
            address: address, region: region, occupation: occupation, company: company, industry: industry,
            companySize: companySize, source: source, ownerID: ownerID, tags: tags, tier: tierLocked ? tier : nil,
            attributes: attributes, notes: notes
        )
    }
}
