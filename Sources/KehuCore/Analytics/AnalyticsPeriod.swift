import Foundation

/// The span of time an analytic covers, `from` inclusive and `to` exclusive.
///
/// Every analytic with `from`/`to` resolves them here, so defaults and limits are the same
/// across `/v1/analytics`: no `to` means now, no `from` means `defaultDays` before `to`.
public struct AnalyticsPeriod: Sendable, Equatable {
    public var from: Date
    public var to: Date

    /// The longest span one request may cover: a weekly series over it stays a few hundred points.
    public static let maximumDays = 366 * 5

    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    /// The period asked for, or a 422 on `from` when it is empty, reversed or too long.
    public static func resolve(from: Date?, to: Date?, now: Date, defaultDays: Int) throws -> AnalyticsPeriod {
        let end = to ?? now
        let start = from ?? end.addingTimeInterval(-Double(defaultDays) * 86_400)
        guard start < end else {
            throw KehuError.validation([FieldError(field: "from", message: "Must be before `to`.")])
        }
        guard end.timeIntervalSince(start) <= Double(maximumDays) * 86_400 else {
            throw KehuError.validation([FieldError(field: "from", message: "The period may cover at most \(maximumDays) days.")])
        }
        return AnalyticsPeriod(from: start, to: end)
    }

    /// Whole days in the period, rounded up (at least one).
    public var days: Int { max(1, Int((to.timeIntervalSince(from) / 86_400).rounded(.up))) }
}
