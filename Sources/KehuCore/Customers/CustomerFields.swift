/// Enumerations of a customer profile (API.md, "Customers").
public enum CustomerType: String, Sendable, Codable, CaseIterable { case individual, company }
public enum Gender: String, Sendable, Codable, CaseIterable { case male, female, other, unknown }
public enum Tier: String, Sendable, Codable, CaseIterable { case vip, normal, potential }
public enum LifecycleStage: String, Sendable, Codable, CaseIterable {
    case potential, firstPurchase = "first_purchase", `repeat`, loyal, churned
}

/// A custom field's value: only strings, numbers and booleans are allowed. Coded as the
/// plain JSON value (`"VIP"`, `42`, `true`).
public enum AttributeValue: Sendable, Equatable, Codable {
    case string(String)
    case number(Double)
    case bool(Bool)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        }
    }
}

/// The editable fields of a customer, as a client sends them (create or patch). For a
/// patch, `nil` means "unchanged" and `.clear` in `cleared` means "set to null".
public struct CustomerFields: Sendable, Equatable {
    public var type: CustomerType?
    public var name: String?
    public var gender: Gender?
    /// `YYYY-MM-DD`.
    public var birthday: String?
    public var birthdayCalendar: BirthdayCalendar?
    public var phone: String?
    public var email: String?
    public var wechat: String?
    public var address: String?
    /// A path such as `广东省/深圳市`; list filters match it by prefix.
    public var region: String?
    public var occupation: String?
    public var company: String?
    public var industry: String?
    public var companySize: String?
    public var source: String?
    public var ownerID: String?
    public var tags: [String]?
    public var tier: Tier?
    public var attributes: [String: AttributeValue]?
    public var notes: String?
    /// Fields the client set to null (a merge patch's way to clear them).
    public var cleared: Set<String>

    public init(
        type: CustomerType? = nil, name: String? = nil, gender: Gender? = nil, birthday: String? = nil,
        birthdayCalendar: BirthdayCalendar? = nil, phone: String? = nil,
        email: String? = nil, wechat: String? = nil, address: String? = nil, region: String? = nil, occupation: String? = nil,
        company: String? = nil, industry: String? = nil, companySize: String? = nil, source: String? = nil, ownerID: String? = nil,
        tags: [String]? = nil, tier: Tier? = nil, attributes: [String: AttributeValue]? = nil, notes: String? = nil, cleared: Set<String> = []
    ) {
        self.type = type
        self.name = name
        self.gender = gender
        self.birthday = birthday
        self.birthdayCalendar = birthdayCalendar
        self.phone = phone
        self.email = email
        self.wechat = wechat
        self.address = address
        self.region = region
        self.occupation = occupation
        self.company = company
        self.industry = industry
        self.companySize = companySize
        self.source = source
        self.ownerID = ownerID
        self.tags = tags
        self.tier = tier
        self.attributes = attributes
        self.notes = notes
        self.cleared = cleared
    }
}
