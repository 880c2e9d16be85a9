import Foundation
import HTTPServer
import KehuCore

/// `/v1/analytics/rfm`, `/segments`, `/priority` and `/churn-risk`, and
/// `/v1/settings/priority`. Every analytic covers the caller's book (`ownerId` for others'
/// books where allowed) and refuses query parameters it does not know.
struct CustomerAnalyticsHandlers {
    let analytics: CustomerAnalyticsService

    /// A year: RFM and segments compare customers over their buying cycle, not a season.
    static let defaultDays = 365

    func register(on routes: inout V1Routes) {
        routes.addAnalytic("/v1/analytics/rfm") { request, context in try rfm(request, context) }
        routes.addAnalytic("/v1/analytics/segments") { request, context in try segments(request, context) }
        routes.addAnalytic("/v1/analytics/priority") { request, context in try priority(request, context) }
        routes.addAnalytic("/v1/analytics/churn-risk") { request, context in try churnRisk(request, context) }
        routes.add(.get, "/v1/settings/priority", .readSettings) { _, _ in try prioritySettings() }
        routes.add(.put, "/v1/settings/priority", .manageSettings) { request, context in try setPrioritySettings(request, context) }
    }

    /// Without `segment`: the counts. With it: one page of the segment's members.
    func rfm(_ request: Request, _ context: RequestContext) throws -> Response {
        var errors = request.unknownQueryParameters(known: ["from", "to", "ownerId", "segment", "limit", "cursor"])
        var segment: RFMSegment?
        if let text = request.queryValue("segment") {
            segment = RFMSegment(rawValue: text)
            if segment == nil { errors.append(.oneOf("segment", RFMSegment.self)) }
        } else {
            for name in ["limit", "cursor"] where request.queryValue(name) != nil {
                errors.append(FieldError(field: name, message: "Only a segment's members are listed in pages; add `segment`."))
            }
        }
        let period = try request.analyticsPeriod(defaultDays: Self.defaultDays, now: context.now, errors: &errors)
        guard let period, errors.isEmpty else { throw KehuError.validation(errors) }
        let scope = try request.analyticsScope(context)
        guard let segment else {
            let summary = try analytics.rfm(period: period, scope: scope)
            return .json { $0.rfmSummary(summary) }
        }
        let periodGiven = request.queryValue("from") != nil || request.queryValue("to") != nil
        let page = try analytics.rfmMembers(of: segment, period: period, periodGiven: periodGiven, scope: scope, page: try request.pageRequest())
        return .list(page) { writer, member in writer.rfmMember(member) }
    }

    func segments(_ request: Request, _ context: RequestContext) throws -> Response {
        var errors = request.unknownQueryParameters(known: ["by", "from", "to", "ownerId"])
        var dimension = SegmentDimension.tier
        if let text = request.queryValue("by") {
            if let value = SegmentDimension(rawValue: text) { dimension = value } else { errors.append(.oneOf("by", SegmentDimension.self)) }
        }
        let period = try request.analyticsPeriod(defaultDays: Self.defaultDays, now: context.now, errors: &errors)
        guard let period, errors.isEmpty else { throw KehuError.validation(errors) }
        let report = try analytics.segments(by: dimension, period: period, scope: try request.analyticsScope(context))
        return .json { $0.segmentReport(report) }
    }

    func priority(_ request: Request, _ context: RequestContext) throws -> Response {
        let errors = request.unknownQueryParameters(known: ["ownerId", "limit", "cursor"])
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let ranking = try analytics.priority(scope: try request.analyticsScope(context), page: try request.pageRequest(), context: context)
        return .json(capacity: 1_024 * max(ranking.page.items.count, 1)) { $0.priorityRanking(ranking) }
    }

    func churnRisk(_ request: Request, _ context: RequestContext) throws -> Response {
        let errors = request.unknownQueryParameters(known: ["ownerId", "multiple", "limit", "cursor"])
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let rules = try ChurnRules.multiple(from: request.queryValue("multiple"))
        let (asOf, page) = try analytics.churnRisk(rules: rules, scope: try request.analyticsScope(context), page: try request.pageRequest(), context: context)
        return .json(capacity: 768 * max(page.items.count, 1)) { $0.churnRiskList(page, asOf: asOf) }
    }

    func prioritySettings() throws -> Response {
        let (value, version) = try analytics.prioritySettings()
        return try .json(value, headers: .etag(version: version))
    }

    func setPrioritySettings(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: PrioritySettingsBody.self)
        let (value, version) = try analytics.setPrioritySettings(body.settings, expectedVersion: request.expectedVersion(), context: context)
        return try .json(value, headers: .etag(version: version))
    }
}
