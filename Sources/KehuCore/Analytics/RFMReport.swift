import Foundation

/// The quintile boundaries of one RFM answer, four per figure. A score above k needs a
/// figure strictly better than the k-th boundary: fewer days than `recencyDays[k - 1]`,
/// more purchases than `frequency[k - 1]`, more money than `monetary[k - 1]`.
///
/// Each boundary is the figure of the customer at position ⌈k·n/5⌉ counted from the worst,
/// so a score is 1 + ⌊5·b/n⌋ where b is how many of the n scored customers have a strictly
/// worse figure: equal figures always get equal scores (docs/analytics.md, "RFM").
public struct RFMThresholds: Sendable, Equatable, Codable {
    public var recencyDays: [Int64]
    public var frequency: [Int64]
    public var monetary: [Int64]

    public init(recencyDays: [Int64], frequency: [Int64], monetary: [Int64]) {
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
    }

    /// The twelve boundaries in one list (recency, frequency, monetary), as statements bind them.
    public var flattened: [Int64] { recencyDays + frequency + monetary }

    /// The inverse of `flattened`; nil unless there are exactly twelve.
    public init?(flattened values: [Int64]) {
        guard values.count == 12 else { return nil }
        self.init(recencyDays: Array(values[0..<4]), frequency: Array(values[4..<8]), monetary: Array(values[8..<12]))
    }
}

/// Which boundaries a page of members is scored by.
public enum RFMBoundarySource: Sendable, Equatable {
    /// Computed now from the period's purchases: the first page of a walk.
    case computed
    /// The first page's, carried by the cursor; nil when nobody had bought in the period
    /// (then every member is lapsed and scores 1, 1, 1 anyway).
    case kept(RFMThresholds?)
}

/// Customers and revenue of one segment.
public struct RFMSegmentFigures: Sendable, Equatable {
    public var customers: Int
    /// Purchases in the period, base currency, minor units.
    public var revenue: Int64

    public init(customers: Int = 0, revenue: Int64 = 0) {
        self.customers = customers
        self.revenue = revenue
    }
}

/// `GET /v1/analytics/rfm`: how the customers in scope fall into the segments.
public struct RFMSummary: Sendable, Equatable {
    public var period: AnalyticsPeriod
    /// The base currency: only purchases in it count.
    public var currency: String
    /// Customers who bought in the period: the population the quintiles are taken over.
    public var scored: Int
    /// Customers who bought before the period but not in it: all `lost`, scored 1, 1, 1.
    public var lapsed: Int
    /// Active customers in scope with no purchase before the end of the period: not segmented.
    public var neverBought: Int
    /// Nil when nobody bought in the period.
    public var thresholds: RFMThresholds?
    /// Every segment, with zeros where empty.
    public var segments: [RFMSegment: RFMSegmentFigures]

    public init(period: AnalyticsPeriod, currency: String, scored: Int, lapsed: Int, neverBought: Int, thresholds: RFMThresholds?,
                segments: [RFMSegment: RFMSegmentFigures]) {
        self.period = period
        self.currency = currency
        self.scored = scored
        self.lapsed = lapsed
        self.neverBought = neverBought
        self.thresholds = thresholds
        self.segments = segments
    }

    /// Revenue of every segment together.
    public var revenue: Int64 { segments.values.reduce(0) { $0 + $1.revenue } }
}

/// One customer of a segment, with the figures and scores that put it there.
public struct RFMMember: Sendable, Equatable {
    public var id: String
    public var name: String
    public var tier: Tier
    public var ownerID: String?
    /// The last purchase before the end of the period (possibly before its start).
    public var lastPurchaseAt: Date
    /// Whole days from the last purchase to the end of the period.
    public var recencyDays: Int
    /// Purchases in the period.
    public var frequency: Int
    /// Money in the period, minor units.
    public var monetary: Int64
    public var recencyScore: Int
    public var frequencyScore: Int
    public var monetaryScore: Int
    public var segment: RFMSegment
    /// The customer's place in the file, for paging.
    public var sequence: Int64

    public init(id: String, name: String, tier: Tier, ownerID: String?, lastPurchaseAt: Date, recencyDays: Int, frequency: Int, monetary: Int64,
                recencyScore: Int, frequencyScore: Int, monetaryScore: Int, segment: RFMSegment, sequence: Int64) {
        self.id = id
        self.name = name
        self.tier = tier
        self.ownerID = ownerID
        self.lastPurchaseAt = lastPurchaseAt
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
        self.recencyScore = recencyScore
        self.frequencyScore = frequencyScore
        self.monetaryScore = monetaryScore
        self.segment = segment
        self.sequence = sequence
    }
}

/// Members of a segment in the order of the customer file, and the boundaries they were
/// scored by (nil when nobody bought in the period).
public struct RFMMemberPage: Sendable, Equatable {
    public var members: [RFMMember]
    public var thresholds: RFMThresholds?

    public init(members: [RFMMember], thresholds: RFMThresholds?) {
        self.members = members
        self.thresholds = thresholds
    }
}
