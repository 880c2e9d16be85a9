import Foundation
import HTTPServer
import KehuCore

/// `GET /v1/analytics/satisfaction`, `/follow-up-compliance` and `/overview`: service quality
/// and the dashboard, for the caller's book (reps their own; others all or `ownerId`'s).
struct ServiceAnalyticsHandlers {
    let analytics: ServiceAnalyticsService

    func register(on routes: inout V1Routes) {
        routes.addAnalytic("/v1/analytics/satisfaction") { request, context in try satisfaction(request, context) }
        routes.addAnalytic("/v1/analytics/follow-up-compliance") { request, context in try compliance(request, context) }
        routes.addAnalytic("/v1/analytics/overview") { request, context in try overview(request, context) }
    }

    func satisfaction(_ request: Request, _ context: RequestContext) throws -> Response {
        let scope = try request.analyticsScope(context)
        var errors = request.unknownQueryParameters(known: ["interval", "from", "to", "tz", "ownerId"])
        var unit = BucketUnit.month
        if let text = request.queryValue("interval") {
            switch BucketUnit(rawValue: text) {
            case .week?: unit = .week
            case .month?: unit = .month
            default: errors.append(FieldError(field: "interval", message: "Must be one of: week, month."))
            }
        }
        let zone = request.analyticsTimeZone(errors: &errors)
        let period = try request.analyticsPeriod(defaultDays: ServiceAnalyticsService.satisfactionDays, now: context.now, errors: &errors)
        guard let period, errors.isEmpty else { throw KehuError.validation(errors) }
        let series = try analytics.satisfaction(period: period, unit: unit, timeZone: zone, scope: scope)
        return .json(capacity: 1_024 * max(series.buckets.count, 1)) { $0.satisfaction(series) }
    }

    func compliance(_ request: Request, _ context: RequestContext) throws -> Response {
        let scope = try request.analyticsScope(context)
        var errors = request.unknownQueryParameters(known: ["from", "to", "tz", "ownerId"])
        let zone = request.analyticsTimeZone(errors: &errors)
        let period = try request.analyticsPeriod(defaultDays: ServiceAnalyticsService.complianceDays, now: context.now, errors: &errors)
        guard let period, errors.isEmpty else { throw KehuError.validation(errors) }
        let compliance = try analytics.followUpCompliance(period: period, timeZone: zone, scope: scope, now: context.now)
        return .json(capacity: 256 * (compliance.owners.count + 2)) { $0.compliance(compliance) }
    }

    func overview(_ request: Request, _ context: RequestContext) throws -> Response {
        let scope = try request.analyticsScope(context)
        var errors = request.unknownQueryParameters(known: ["from", "to", "ownerId"])
        let period = try request.analyticsPeriod(defaultDays: ServiceAnalyticsService.overviewDays, now: context.now, errors: &errors)
        guard let period, errors.isEmpty else { throw KehuError.validation(errors) }
        let overview = try analytics.overview(period: period, scope: scope, now: context.now)
        return .json(capacity: 2_048) { $0.overview(overview) }
    }
}

extension Request {
    /// `tz` as an IANA zone, nil when absent (the service's default applies); a name that is
    /// not a zone is added to `errors`.
    func analyticsTimeZone(errors: inout [FieldError]) -> TimeZone? {
        guard let text = queryValue("tz") else { return nil }
        guard let zone = TimeZone(identifier: text) else {
            errors.append(FieldError(field: "tz", message: "Must be an IANA time zone such as Asia/Shanghai."))
            return nil
        }
        return zone
    }
}
