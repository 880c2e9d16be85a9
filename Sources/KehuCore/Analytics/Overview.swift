import Foundation

/// An amount in one currency, this period and the one before.
public struct PeriodRevenue: Sendable, Equatable {
    /// ISO 4217.
    public var currency: String
    /// Minor units (fen, cents).
    public var amount: Int64
    public var purchases: Int
    public var previousAmount: Int64
    public var previousPurchases: Int

    public init(currency: String, amount: Int64, purchases: Int, previousAmount: Int64, previousPurchases: Int) {
        self.currency = currency
        self.amount = amount
        self.purchases = purchases
        self.previousAmount = previousAmount
        self.previousPurchases = previousPurchases
    }
}

/// Deals closed in a period: won and lost, by when they closed.
public struct ClosedDeals: Sendable, Equatable {
    public var won: Int
    public var lost: Int

    public init(won: Int = 0, lost: Int = 0) {
        self.won = won
        self.lost = lost
    }

    /// won / (won + lost) in percent; nil when nothing closed.
    public var winRate: Double? { Ratio.percent(won, of: won + lost) }
}

/// `GET /v1/analytics/overview`: a dashboard's figures for one book (or the company).
/// Stocks (customers, open and overdue work) are as of `asOf`; flows (revenue, purchases,
/// new customers, NPS) are over `period`, with the period of the same length before it.
public struct Overview: Sendable, Equatable {
    public var period: AnalyticsPeriod
    /// As long as `period`, ending where it starts.
    public var previousPeriod: AnalyticsPeriod
    public var asOf: Date
    /// Whose book (nil: everyone's).
    public var ownerID: String?
    /// Active customers per tier and per stage, every tier and stage present.
    public var customersByTier: [Tier: Int]
    public var customersByStage: [LifecycleStage: Int]
    /// Customers created in the period (and the one before) that were not merged away.
    public var newCustomers: Int
    public var previousNewCustomers: Int
    /// One entry per currency bought in, in either period; by currency.
    public var revenue: [PeriodRevenue]
    /// Feedback still being handled, and of it past a deadline.
    public var openFeedback: Int
    public var overdueFeedback: Int
    /// Pending follow-ups past due.
    public var overdueFollowUps: Int
    /// Over every survey's nps answers in the period.
    public var nps: NPSSummary
    /// Deals closed in the period and in the one before (their win rates).
    public var closedDeals: ClosedDeals
    public var previousClosedDeals: ClosedDeals

    public init(period: AnalyticsPeriod, previousPeriod: AnalyticsPeriod, asOf: Date, ownerID: String?, customersByTier: [Tier: Int],
                customersByStage: [LifecycleStage: Int], newCustomers: Int, previousNewCustomers: Int, revenue: [PeriodRevenue],
                openFeedback: Int, overdueFeedback: Int, overdueFollowUps: Int, nps: NPSSummary,
                closedDeals: ClosedDeals, previousClosedDeals: ClosedDeals) {
        self.period = period
        self.previousPeriod = previousPeriod
        self.asOf = asOf
        self.ownerID = ownerID
        self.customersByTier = customersByTier
        self.customersByStage = customersByStage
        self.newCustomers = newCustomers
        self.previousNewCustomers = previousNewCustomers
        self.revenue = revenue
        self.openFeedback = openFeedback
        self.overdueFeedback = overdueFeedback
        self.overdueFollowUps = overdueFollowUps
        self.nps = nps
        self.closedDeals = closedDeals
        self.previousClosedDeals = previousClosedDeals
    }

    public var activeCustomers: Int { customersByTier.values.reduce(0, +) }
    public var purchases: Int { revenue.reduce(0) { $0 + $1.purchases } }
    public var previousPurchases: Int { revenue.reduce(0) { $0 + $1.previousPurchases } }
}
