import Foundation

/// Aggregates for the service-quality analytics, counted by the database (GROUP BY and
/// window functions over the live tables; never rows loaded to be counted). `scope` is the
/// book: `.owner(id)` keeps what hangs off the customers that user owns now (for follow-up
/// compliance: the tasks that user owns). Each call reads one consistent snapshot.
public protocol ServiceAnalyticsRepository: AnalyticsOwnerDirectory {
    /// Feedback figures and scored survey answers per bucket.
    func satisfaction(buckets: [TimeBucket], scope: OwnerScope) throws -> SatisfactionTallies
    /// Follow-ups due from `from` until `until`, per owner, judged on time against the end
    /// of their due day. `days` are the local days covering that span.
    func compliance(days: [TimeBucket], from: Date, until: Date, scope: OwnerScope) throws -> [OwnerCompliance]
    /// The overview without its NPS, and the scored survey answers of `period` (one bucket).
    func overview(period: AnalyticsPeriod, previous: AnalyticsPeriod, now: Date, scope: OwnerScope) throws -> (Overview, SurveyAnswerTallies)
}
