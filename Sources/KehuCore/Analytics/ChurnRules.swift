/// When a silent customer is at risk of churning (`GET /v1/analytics/churn-risk`;
/// docs/analytics.md, "Churn risk").
///
/// Silence is the time since the last purchase or interaction, whichever is later. A
/// customer with at least `minimumEvents` purchases and interactions has a rhythm of its
/// own: it is at risk once the silence exceeds `multiple` times the median gap between
/// those events (never less than a week). One with fewer is judged by its tier's limit.
public struct ChurnRules: Sendable, Equatable {
    /// How many of its usual gaps a customer may be silent.
    public var multiple: Double

    public init(multiple: Double = Self.defaultMultiple) { self.multiple = multiple }

    public static let defaultMultiple = 2.0
    public static let multipleRange = 1.0...10.0
    /// Purchases and interactions (two gaps) needed for a rhythm of one's own.
    public static let minimumEvents = 3
    /// A rhythm-based limit is never shorter than a week: a purchase, a call and a visit on
    /// the same day make gaps of hours, and a customer is not at risk after a quiet weekend.
    public static let minimumLimitDays = 7

    /// Days of silence allowed by tier when the history is too short: a VIP is expected
    /// back within a month, a normal customer within a quarter, a prospect within half a year.
    public static func tierLimitDays(_ tier: Tier) -> Int {
        switch tier {
        case .vip: 30
        case .normal: 90
        case .potential: 180
        }
    }

    /// The multiple asked for (`multiple`), or a 422 outside `multipleRange`.
    public static func multiple(from text: String?) throws -> ChurnRules {
        guard let text else { return ChurnRules() }
        guard let value = Double(text), value.isFinite, multipleRange.contains(value) else {
            throw KehuError.validation([FieldError(field: "multiple",
                                                   message: "Must be a number from \(Self.describe(multipleRange.lowerBound)) to \(Self.describe(multipleRange.upperBound)).")])
        }
        return ChurnRules(multiple: value)
    }

    /// A number as people write it: no trailing `.0`, at most one decimal.
    static func describe(_ value: Double) -> String {
        let rounded = SurveyScoring.round(value, places: 1)
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
