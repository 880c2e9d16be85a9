import Foundation

/// Which limit a customer's silence was held against.
public enum ChurnBasis: String, Sendable {
    /// `multiple` times the customer's own median gap.
    case ownRhythm = "own_rhythm"
    /// The tier's limit: too little history for a rhythm.
    case tier
}

/// A customer silent for longer than its limit, with the numbers that say so.
public struct ChurnRisk: Sendable, Equatable {
    public var id: String
    public var name: String
    public var tier: Tier
    public var ownerID: String?
    public var lastActivityAt: Date
    /// Purchases and interactions of all time.
    public var events: Int
    /// Time since the last purchase or interaction, in days.
    public var silenceDays: Double
    /// The median gap between the customer's events, in days; nil with fewer than two.
    public var medianGapDays: Double?
    public var basis: ChurnBasis
    /// The multiple applied to the median gap; nil when the tier's limit applied.
    public var multiple: Double?
    /// The silence allowed, in days.
    public var limitDays: Double
    /// Silence over limit: 1.5 means half as long again as allowed. The ranking's key.
    public var overLimit: Double
    /// The customer's place in the file, for paging.
    public var sequence: Int64

    public init(id: String, name: String, tier: Tier, ownerID: String?, lastActivityAt: Date, events: Int, silenceDays: Double,
                medianGapDays: Double?, basis: ChurnBasis, multiple: Double?, limitDays: Double, overLimit: Double, sequence: Int64) {
        self.id = id
        self.name = name
        self.tier = tier
        self.ownerID = ownerID
        self.lastActivityAt = lastActivityAt
        self.events = events
        self.silenceDays = silenceDays
        self.medianGapDays = medianGapDays
        self.basis = basis
        self.multiple = multiple
        self.limitDays = limitDays
        self.overLimit = overLimit
        self.sequence = sequence
    }

    /// Why the customer is listed, in one sentence with the same numbers as the fields.
    public var reason: String {
        let silence = "No purchase or interaction for \(Self.days(silenceDays))"
        switch basis {
        case .ownRhythm:
            return "\(silence): more than \(ChurnRules.describe(multiple ?? 0))× their usual gap of \(Self.days(medianGapDays ?? 0)) "
                + "between purchases and interactions (limit \(Self.days(limitDays)))."
        case .tier:
            let history = events == 1 ? "1 purchase or interaction is" : "\(events) purchases and interactions are"
            return "\(silence): past the \(ChurnRules.describe(limitDays))-day limit for \(tier.rawValue) customers, "
                + "since \(history) too few to show a rhythm of their own."
        }
    }

    static func days(_ value: Double) -> String {
        let text = ChurnRules.describe(value)
        return text == "1" ? "1 day" : "\(text) days"
    }
}
