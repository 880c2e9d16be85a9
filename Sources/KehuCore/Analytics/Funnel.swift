import Foundation

/// What the database counts for the funnel: aggregates only, never a row per deal.
public struct FunnelCounts: Sendable, Equatable {
    /// Deals in the cohort.
    public var total: Int
    /// Deals in each stage now; every stage is present.
    public var current: [DealStage: Int]
    /// Deals whose furthest step is at or beyond each funnel step (`DealStage.funnel`).
    public var reached: [DealStage: Int]
    /// Per stage, the deals that spent time in it according to their history.
    public var entered: [DealStage: Int]
    /// Per open stage entered by some deal: the mean over those deals of the milliseconds
    /// each spent in it (all its stints together).
    public var averageMillis: [DealStage: Double]
    /// Amounts per currency, in currency order.
    public var amounts: [FunnelAmount]

    public init(total: Int, current: [DealStage: Int], reached: [DealStage: Int], entered: [DealStage: Int],
                averageMillis: [DealStage: Double], amounts: [FunnelAmount]) {
        self.total = total
        self.current = current
        self.reached = reached
        self.entered = entered
        self.averageMillis = averageMillis
        self.amounts = amounts
    }
}

/// The cohort's money in one currency (minor units): amounts in different currencies are
/// never added together.
public struct FunnelAmount: Sendable, Equatable {
    public var currency: String
    public var deals: Int
    public var total: Int64
    public var open: Int64
    public var won: Int64
    public var lost: Int64

    public init(currency: String, deals: Int, total: Int64, open: Int64, won: Int64, lost: Int64) {
        self.currency = currency
        self.deals = deals
        self.total = total
        self.open = open
        self.won = won
        self.lost = lost
    }
}

/// `GET /v1/analytics/funnel`: the cohort of deals created in a period, as it stands now.
/// Ratios are nil, never NaN, when nothing is there to divide by.
public struct Funnel: Sendable, Equatable {
    /// One stage's figures.
    public struct Stage: Sendable, Equatable {
        public var stage: DealStage
        /// Deals in it now.
        public var current: Int
        /// Funnel steps: deals that got this far, skipped stages counting as passed (a won
        /// deal passed every open stage). Nil for `lost`, which is no step.
        public var reached: Int?
        /// Deals that actually spent time in it (for `lost`: deals ever lost).
        public var entered: Int
        /// Open stages: mean days spent in it by the deals that entered it, open stints
        /// counting until now. Nil for `won` and `lost`, and when no deal entered it.
        public var averageDays: Double?
    }

    /// From one funnel step to the next: the share of deals that reached `from` and went on to `to`.
    public struct Conversion: Sendable, Equatable {
        public var from: DealStage
        public var to: DealStage
        /// In percent, one decimal; nil when no deal reached `from`.
        public var rate: Double?
    }

    public var period: AnalyticsPeriod
    public var scope: OwnerScope
    public var total: Int
    /// Every stage, funnel steps first, then `lost`.
    public var stages: [Stage]
    /// lead → qualified → proposal → negotiation → won.
    public var conversions: [Conversion]
    /// won / (won + lost) among the cohort's closed deals, in percent; nil when none is closed.
    public var winRate: Double?
    public var amounts: [FunnelAmount]

    public init(counts: FunnelCounts, period: AnalyticsPeriod, scope: OwnerScope) {
        self.period = period
        self.scope = scope
        total = counts.total
        stages = DealStage.allCases.map { stage in
            let average = stage.isOpen ? counts.averageMillis[stage].map { SurveyScoring.round($0 / 86_400_000, places: 2) } : nil
            return Stage(stage: stage, current: counts.current[stage] ?? 0, reached: stage.funnelRank == nil ? nil : counts.reached[stage] ?? 0,
                         entered: counts.entered[stage] ?? 0, averageDays: average)
        }
        conversions = zip(DealStage.funnel, DealStage.funnel.dropFirst()).map { from, to in
            Conversion(from: from, to: to, rate: Ratio.percent(counts.reached[to] ?? 0, of: counts.reached[from] ?? 0))
        }
        let won = counts.current[.won] ?? 0
        winRate = Ratio.percent(won, of: won + (counts.current[.lost] ?? 0))
        amounts = counts.amounts
    }
}
