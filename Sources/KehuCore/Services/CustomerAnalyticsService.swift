import Foundation

/// The customer-value analytics (`/v1/analytics/rfm`, `/segments`, `/priority`,
/// `/churn-risk`) and the priority settings. Callers pass the book an answer covers
/// (`AccessPolicy.analyticsScope`); money counts in the base currency of the
/// classification settings. Lists page with `AnalyticsCursor`s that keep the moment (and
/// RFM's boundaries) of their first page, so a walk through one list does not shift as
/// time passes between pages.
public struct CustomerAnalyticsService: Sendable {
    let analytics: any CustomerAnalyticsRepository
    let settings: SettingsService

    public init(analytics: any CustomerAnalyticsRepository, settings: SettingsService) {
        self.analytics = analytics
        self.settings = settings
    }

    /// Segment counts, revenue and quintile boundaries.
    public func rfm(period: AnalyticsPeriod, scope: OwnerScope) throws -> RFMSummary {
        _ = try analytics.ownerName(scope)
        return try analytics.rfmSummary(period: period, currency: try currency(), scope: scope)
    }

    /// One page of a segment's members. With a cursor, the period and boundaries are the
    /// first page's; a period named again must be that one (`periodGiven`), else 422.
    public func rfmMembers(of segment: RFMSegment, period: AnalyticsPeriod, periodGiven: Bool, scope: OwnerScope, page: PageRequest) throws -> Page<RFMMember> {
        _ = try analytics.ownerName(scope)
        let list = "rfm:" + segment.rawValue
        var period = period
        var boundaries = RFMBoundarySource.computed
        var after: Int64 = 0
        if let text = page.cursor {
            let cursor = try AnalyticsCursor(decoding: text, list: list, scope: scope)
            // No boundaries at all (nobody bought in the period) travel as an empty list.
            let kept = cursor.thresholds.map { $0.isEmpty ? RFMBoundarySource.kept(nil) : RFMThresholds(flattened: $0).map(RFMBoundarySource.kept) }
            guard let from = cursor.from, let kept = kept ?? nil else {
                throw KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")])
            }
            let pinned = AnalyticsPeriod(from: Date(millis: from), to: Date(millis: cursor.asOf))
            if periodGiven, pinned.from.millis != period.from.millis || pinned.to.millis != period.to.millis {
                throw KehuError.validation([FieldError(field: "cursor", message: "This cursor belongs to another period; start again without it.")])
            }
            (period, boundaries, after) = (pinned, kept, cursor.sequence)
        }
        let found = try analytics.rfmMembers(of: segment, period: period, currency: try currency(), scope: scope, boundaries: boundaries,
                                             afterSequence: after, limit: page.limit + 1)
        let members = Array(found.members.prefix(page.limit))
        let next = found.members.count > page.limit ? members.last.map { last in
            AnalyticsCursor(list: list, ownerID: scope.ownerID, from: period.from.millis, asOf: period.to.millis, sequence: last.sequence,
                            thresholds: found.thresholds?.flattened ?? []).encoded
        } : nil
        return Page(items: members, nextCursor: next)
    }

    /// Customers, orders, revenue and average order value per group.
    public func segments(by dimension: SegmentDimension, period: AnalyticsPeriod, scope: OwnerScope) throws -> SegmentReport {
        _ = try analytics.ownerName(scope)
        return try analytics.segments(by: dimension, period: period, currency: try currency(), scope: scope)
    }

    /// One page of the priority ranking, with the settings it was scored by.
    public func priority(scope: OwnerScope, page: PageRequest, context: RequestContext) throws -> PriorityRanking {
        _ = try analytics.ownerName(scope)
        let settings = try settings.priority()
        let (asOf, after) = try position(of: page, list: "priority", scope: scope, now: context.now)
        let entries = try analytics.priority(settings: settings, now: asOf, scope: scope, after: after, limit: page.limit + 1)
        let next = nextCursor(entries, limit: page.limit, list: "priority", scope: scope, asOf: asOf) { RankPosition(key: $0.score, sequence: $0.sequence) }
        return PriorityRanking(settings: settings, currency: try currency(), asOf: asOf,
                               page: Page(items: Array(entries.prefix(page.limit)), nextCursor: next))
    }

    /// One page of the customers silent past their limit, and the moment it was computed for.
    public func churnRisk(rules: ChurnRules, scope: OwnerScope, page: PageRequest, context: RequestContext) throws -> (asOf: Date, page: Page<ChurnRisk>) {
        _ = try analytics.ownerName(scope)
        // The multiple shapes the list, so a cursor belongs to one multiple.
        let list = "churn-risk:\(rules.multiple)"
        let (asOf, after) = try position(of: page, list: list, scope: scope, now: context.now)
        let risks = try analytics.churnRisk(rules: rules, now: asOf, scope: scope, after: after, limit: page.limit + 1)
        let next = nextCursor(risks, limit: page.limit, list: list, scope: scope, asOf: asOf) { RankPosition(key: $0.overLimit, sequence: $0.sequence) }
        return (asOf, Page(items: Array(risks.prefix(page.limit)), nextCursor: next))
    }

    /// The priority settings in force and their version (0: the defaults).
    public func prioritySettings() throws -> (value: PrioritySettings, version: Int) {
        try settings.get(SettingsService.priorityKey, as: PrioritySettings.self, fallback: .default)
    }

    /// Validates and stores new priority settings; returns the new version.
    public func setPrioritySettings(_ value: PrioritySettings, expectedVersion: Int?, context: RequestContext) throws -> (value: PrioritySettings, version: Int) {
        let valid = try value.validated()
        return (valid, try settings.put(SettingsService.priorityKey, valid, expectedVersion: expectedVersion, context: context))
    }

    func currency() throws -> String { try settings.classificationRules().baseCurrency }

    /// The moment and position a ranked page continues from: the cursor's, or now and the top.
    func position(of page: PageRequest, list: String, scope: OwnerScope, now: Date) throws -> (asOf: Date, after: RankPosition?) {
        guard let text = page.cursor else { return (now, nil) }
        let cursor = try AnalyticsCursor(decoding: text, list: list, scope: scope)
        guard let key = cursor.keyValue, key.isFinite else {
            throw KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")])
        }
        return (Date(millis: cursor.asOf), RankPosition(key: key, sequence: cursor.sequence))
    }

    /// The cursor after the last kept row of `rows` (fetched `limit + 1`), nil on the last page.
    func nextCursor<Row>(_ rows: [Row], limit: Int, list: String, scope: OwnerScope, asOf: Date, _ position: (Row) -> RankPosition) -> String? {
        guard rows.count > limit else { return nil }
        let last = position(rows[limit - 1])
        return AnalyticsCursor(list: list, ownerID: scope.ownerID, asOf: asOf.millis, key: last.key, sequence: last.sequence).encoded
    }
}

/// A page of the priority ranking and what it was computed with.
public struct PriorityRanking: Sendable {
    public var settings: PrioritySettings
    public var currency: String
    public var asOf: Date
    public var page: Page<PriorityEntry>
}

fileprivate extension Date {
    /// Whole Unix milliseconds, as Kehu stores times and cursors keep them.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
