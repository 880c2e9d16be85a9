import Foundation

/// Where a ranked list stopped: the last row's key (score or ratio) and place in the file.
public struct RankPosition: Sendable, Equatable {
    public var key: Double
    public var sequence: Int64

    public init(key: Double, sequence: Int64) {
        self.key = key
        self.sequence = sequence
    }
}

/// The customer-value analytics, answered by SQL aggregation over the live data. Every
/// method covers the active customers in `scope` (archived and merged ones never count)
/// and counts money in `currency` only; each answer is read in one transaction.
public protocol CustomerAnalyticsRepository: AnalyticsOwnerDirectory {
    /// RFM segment counts, revenue and quintile boundaries over the period.
    func rfmSummary(period: AnalyticsPeriod, currency: String, scope: OwnerScope) throws -> RFMSummary

    /// Up to `limit` members of `segment` after the customer at `afterSequence`, in the
    /// order of the customer file, scored by the boundaries `boundaries` says (returned
    /// with the page).
    func rfmMembers(of segment: RFMSegment, period: AnalyticsPeriod, currency: String, scope: OwnerScope, boundaries: RFMBoundarySource,
                    afterSequence: Int64, limit: Int) throws -> RFMMemberPage

    /// Customers, orders and revenue per group over the period.
    func segments(by dimension: SegmentDimension, period: AnalyticsPeriod, currency: String, scope: OwnerScope) throws -> SegmentReport

    /// Up to `limit` customers by priority score at `now`, highest first (ties by file
    /// order), after `after` if given.
    func priority(settings: PrioritySettings, now: Date, scope: OwnerScope, after: RankPosition?, limit: Int) throws -> [PriorityEntry]

    /// Up to `limit` customers silent past their limit at `now`, furthest past first (ties
    /// by file order), after `after` if given.
    func churnRisk(rules: ChurnRules, now: Date, scope: OwnerScope, after: RankPosition?, limit: Int) throws -> [ChurnRisk]
}
