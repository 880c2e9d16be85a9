import Foundation
import HTTPServer
import KehuCore

extension Request {
    /// `from` and `to` (RFC 3339 times, or dates: a `from` date starts at its midnight UTC, a
    /// `to` date includes its whole day), resolved with `AnalyticsPeriod`'s defaults. A value
    /// that is not a time is added to `errors` (nil returned); an empty or too long period throws.
    func analyticsPeriod(defaultDays: Int, now: Date, errors: inout [FieldError]) throws -> AnalyticsPeriod? {
        var bounds: [String: Date] = [:]
        for name in ["from", "to"] {
            guard let text = queryValue(name) else { continue }
            guard let date = TimeParsing.parse(text) else {
                errors.append(FieldError(field: name, message: "Must be an RFC 3339 time (2026-11-23T08:00:00Z) or a date (2026-11-23)."))
                continue
            }
            bounds[name] = name == "to" && text.count == 10 ? date.addingTimeInterval(86_400) : date
        }
        guard errors.isEmpty else { return nil }
        return try AnalyticsPeriod.resolve(from: bounds["from"], to: bounds["to"], now: now, defaultDays: defaultDays)
    }

    /// The book an analytic covers: `ownerId` if given and allowed (see `AccessPolicy.analyticsScope`).
    func analyticsScope(_ context: RequestContext) throws -> OwnerScope {
        try AccessPolicy.analyticsScope(for: context.principal, ownerID: queryValue("ownerId"))
    }
}
