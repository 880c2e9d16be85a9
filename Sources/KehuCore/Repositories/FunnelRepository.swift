import Foundation

/// The sales funnel's figures, aggregated by the database over live deals.
public protocol FunnelRepository: AnalyticsOwnerDirectory {
    /// Counts over the deals created in `period` within `scope` (a book: deals the owner
    /// owns or on customers they own), as they stand at `now`; open stints count until `now`.
    func funnelCounts(period: AnalyticsPeriod, scope: OwnerScope, now: Date) throws -> FunnelCounts
}
