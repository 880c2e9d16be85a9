import Foundation

/// The sales funnel over a period and a book (`GET /v1/analytics/funnel`).
public struct FunnelService: Sendable {
    let repository: any FunnelRepository

    public init(repository: any FunnelRepository) { self.repository = repository }

    /// The cohort of deals created in `period`, within `scope` (see
    /// `AccessPolicy.analyticsScope`), as it stands at the request's time.
    public func funnel(period: AnalyticsPeriod, scope: OwnerScope, context: RequestContext) throws -> Funnel {
        _ = try repository.ownerName(scope)
        return Funnel(counts: try repository.funnelCounts(period: period, scope: scope, now: context.now), period: period, scope: scope)
    }
}
