import Foundation

/// Shares and means as analytics show them. A figure of nothing is nil (JSON null), never
/// a 0 that would read as "all bad" and never NaN: counts are 0, rates over them are null.
public enum Ratio {
    /// `part` of `whole` in percent to one decimal; nil when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? SurveyScoring.round(Double(part) * 100 / Double(whole), places: 1) : nil
    }

    /// `sum / count` to `places` decimals; nil when `count` is 0.
    public static func mean(_ sum: Int, count: Int, places: Int = 2) -> Double? {
        count > 0 ? SurveyScoring.round(Double(sum) / Double(count), places: places) : nil
    }
}

/// Customer satisfaction (CSAT) from the 1-5 scores customers gave resolved feedback.
public struct CSATFigures: Sendable, Equatable {
    /// Scores recorded.
    public var count: Int
    /// Scores of 4 or 5.
    public var satisfied: Int
    /// All scores added up (the mean is exact from it).
    public var scoreSum: Int

    public init(count: Int = 0, satisfied: Int = 0, scoreSum: Int = 0) {
        self.count = count
        self.satisfied = satisfied
        self.scoreSum = scoreSum
    }

    /// The CSAT score: the share of scores of 4 or 5, in percent.
    public var percent: Double? { Ratio.percent(satisfied, of: count) }
    /// The mean score, two decimals.
    public var mean: Double? { Ratio.mean(scoreSum, count: count) }
}

/// The satisfaction index over several surveys (see `SurveyRollup.csi`).
public struct CSIFigures: Sendable, Equatable {
    /// 0-100 to one decimal; nil when no survey has a CSI.
    public var value: Double?
    /// Responses behind it: those with a scored answer, in the surveys that have a CSI.
    public var responses: Int
    /// Surveys behind it.
    public var surveys: Int

    public init(value: Double? = nil, responses: Int = 0, surveys: Int = 0) {
        self.value = value
        self.responses = responses
        self.surveys = surveys
    }
}

/// How many complaints one category had.
public struct CategoryCount: Sendable, Equatable {
    /// Nil for complaints filed without a category.
    public var category: String?
    public var count: Int

    public init(category: String?, count: Int) {
        self.category = category
        self.count = count
    }
}

/// Complaints taken in, by category.
public struct ComplaintFigures: Sendable, Equatable {
    /// Most first; equal counts by category, uncategorised last.
    public var byCategory: [CategoryCount]

    public init(byCategory: [CategoryCount] = []) {
        self.byCategory = byCategory.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            switch (a.category, b.category) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, _): return false
            }
        }
    }

    public var total: Int { byCategory.reduce(0) { $0 + $1.count } }
}

/// Resolutions and how long they took from intake.
public struct ResolutionFigures: Sendable, Equatable {
    /// Items resolved.
    public var count: Int
    /// The median time from intake to resolution in milliseconds (the mean of the middle
    /// two for an even count); nil when nothing was resolved.
    public var medianMillis: Double?

    public init(count: Int = 0, medianMillis: Double? = nil) {
        self.count = count
        self.medianMillis = medianMillis
    }

    /// The median in hours, one decimal.
    public var medianHours: Double? { medianMillis.map { SurveyScoring.round($0 / 3_600_000, places: 1) } }
}

/// How often the SLA was met: each first response and each resolution is one check.
public struct SLAFigures: Sendable, Equatable {
    /// Items acknowledged (first response).
    public var acknowledged: Int
    /// Of those, acknowledged after their response deadline.
    public var responseBreaches: Int
    /// Items resolved.
    public var resolved: Int
    /// Of those, resolved after their resolution deadline.
    public var resolutionBreaches: Int

    public init(acknowledged: Int = 0, responseBreaches: Int = 0, resolved: Int = 0, resolutionBreaches: Int = 0) {
        self.acknowledged = acknowledged
        self.responseBreaches = responseBreaches
        self.resolved = resolved
        self.resolutionBreaches = resolutionBreaches
    }

    /// Breached checks over all checks, in percent.
    public var breachPercent: Double? { Ratio.percent(responseBreaches + resolutionBreaches, of: acknowledged + resolved) }
}
