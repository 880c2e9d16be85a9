import Foundation

/// What a customer list asks for: a search text, filters (ANDed) and a sort.
public struct CustomerQuery: Sendable, Equatable {
    /// Full-text search; results are ranked by relevance unless `sort` is given explicitly.
    public var text: String?
    public var tier: Tier?
    public var stage: LifecycleStage?
    public var ownerID: String?
    public var tag: String?
    /// A region path prefix (`广东省` matches `广东省/深圳市`).
    public var region: String?
    public var industry: String?
    public var source: String?
    public var createdAfter: Date?
    public var createdBefore: Date?
    /// `attributes.KEY=VALUE` filters, compared as text (`true`, `42`, `VIP`).
    public var attributes: [String: String]
    public var sort: CustomerSort?
    /// Archived customers instead of active ones.
    public var archived: Bool

    public init(text: String? = nil, tier: Tier? = nil, stage: LifecycleStage? = nil, ownerID: String? = nil, tag: String? = nil,
                region: String? = nil, industry: String? = nil, source: String? = nil, createdAfter: Date? = nil,
                createdBefore: Date? = nil, attributes: [String: String] = [:], sort: CustomerSort? = nil, archived: Bool = false) {
        self.text = text
        self.tier = tier
        self.stage = stage
        self.ownerID = ownerID
        self.tag = tag
        self.region = region
        self.industry = industry
        self.source = source
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.attributes = attributes
        self.sort = sort
        self.archived = archived
    }
}

/// A list order: `name`, `createdAt`, ... ascending, or descending with `-`.
public struct CustomerSort: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        case name, createdAt, updatedAt, lastInteractionAt, totalSpent
    }

    public var field: Field
    public var descending: Bool

    public init(field: Field, descending: Bool) {
        self.field = field
        self.descending = descending
    }

    /// Parses `field` or `-field`; nil if the field is not sortable.
    public init?(parsing text: String) {
        let descending = text.hasPrefix("-")
        guard let field = Field(rawValue: descending ? String(text.dropFirst()) : text) else { return nil }
        self.init(field: field, descending: descending)
    }

    /// Newest first, the default without a search text.
    public static let newestFirst = CustomerSort(field: .createdAt, descending: true)
}

/// The text form of an attribute value, as stored for filtering and as `attributes.KEY=VALUE` matches it.
extension AttributeValue {
    public var filterText: String {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        }
    }
}
