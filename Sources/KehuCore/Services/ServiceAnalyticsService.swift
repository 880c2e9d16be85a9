import Foundation

/// The service-quality analytics (issue 7): satisfaction as a series, follow-up compliance
/// per owner, and the dashboard overview. The caller's scope is decided by the handler with
/// `AccessPolicy.analyticsScope`; this checks that a named owner exists (a typo must not
/// read as an empty book) and turns the database's aggregates into figures.
public struct ServiceAnalyticsService: Sendable {
    let analytics: any ServiceAnalyticsRepository
    /// The zone of series and days when a request names none (`--time-zone`).
    public let defaultTimeZone: TimeZone

    /// Default spans when `from` is left out.
    public static let satisfactionDays = 365
    public static let complianceDays = 30
    public static let overviewDays = 30

    public init(analytics: any ServiceAnalyticsRepository, defaultTimeZone: TimeZone) {
        self.analytics = analytics
        self.defaultTimeZone = defaultTimeZone
    }

    /// CSAT, NPS, CSI, complaints, resolution times and SLA breaches per week or month.
    public func satisfaction(period: AnalyticsPeriod, unit: BucketUnit, timeZone: TimeZone?, scope: OwnerScope) throws -> SatisfactionSeries {
        _ = try analytics.ownerName(scope)
        let zone = timeZone ?? defaultTimeZone
        let buckets = TimeBucket.covering(from: period.from, to: period.to, unit: unit, in: zone)
        let tallies = try analytics.satisfaction(buckets: buckets, scope: scope)
        let series = buckets.indices.map { index in
            let feedback = tallies.feedback[index]
            return SatisfactionBucket(bucket: buckets[index], csat: feedback.csat, nps: tallies.answers.nps(bucket: index),
                                      csi: tallies.answers.csi(bucket: index), complaints: feedback.complaints,
                                      resolution: feedback.resolution, sla: feedback.sla)
        }
        return SatisfactionSeries(unit: unit, timeZone: zone, ownerID: scope.ownerID, buckets: series)
    }

    /// Per owner: the tasks due in the period (up to now) and what became of them.
    public func followUpCompliance(period: AnalyticsPeriod, timeZone: TimeZone?, scope: OwnerScope, now: Date) throws -> FollowUpCompliance {
        let name = try analytics.ownerName(scope)
        let zone = timeZone ?? defaultTimeZone
        let until = min(period.to, now)
        var owners = until > period.from
            ? try analytics.compliance(days: TimeBucket.covering(from: period.from, to: until, unit: .day, in: zone), from: period.from,
                                       until: until, scope: scope)
            : []
        if let owner = scope.ownerID, owners.isEmpty { owners = [OwnerCompliance(ownerID: owner, name: name, counts: ComplianceCounts())] }
        owners.sort { ($0.name ?? "", $0.ownerID) < ($1.name ?? "", $1.ownerID) }
        return FollowUpCompliance(period: period, until: max(until, period.from), timeZone: zone, ownerID: scope.ownerID, owners: owners)
    }

    /// Customers, revenue against the previous period, open work and NPS.
    public func overview(period: AnalyticsPeriod, scope: OwnerScope, now: Date) throws -> Overview {
        _ = try analytics.ownerName(scope)
        let length = period.to.timeIntervalSince(period.from)
        let previous = AnalyticsPeriod(from: period.from.addingTimeInterval(-length), to: period.from)
        var (overview, answers) = try analytics.overview(period: period, previous: previous, now: now, scope: scope)
        overview.nps = answers.perBucket.isEmpty ? SurveyScoring.nps([:]) : answers.nps(bucket: 0)
        return overview
    }
}
