import Foundation

/// The thresholds of value tiers and lifecycle stages, kept as the `classification`
/// setting (`GET/PUT /v1/settings/classification`). docs/customers.md states the rules.
public struct ClassificationRules: Sendable, Equatable, Codable {
    /// Purchases in this currency count towards `totalSpent` and value.
    public var baseCurrency: String
    /// Lifetime spend (minor units) from which a customer is VIP.
    public var vipSpend: Int64
    /// Purchases from which a customer is loyal.
    public var loyalPurchases: Int
    /// Spend within the last 12 months (minor units) from which a customer is loyal.
    public var loyalSpend12Months: Int64
    /// Days without a purchase or an interaction after which a buyer is churned.
    public var churnAfterDays: Int

    public init(baseCurrency: String = "CNY", vipSpend: Int64 = 5_000_000, loyalPurchases: Int = 5, loyalSpend12Months: Int64 = 2_000_000, churnAfterDays: Int = 180) {
        self.baseCurrency = baseCurrency
        self.vipSpend = vipSpend
        self.loyalPurchases = loyalPurchases
        self.loyalSpend12Months = loyalSpend12Months
        self.churnAfterDays = churnAfterDays
    }

    public static let `default` = ClassificationRules()

    /// Checks the values a client sent.
    public func validated() throws -> ClassificationRules {
        var validator = Validator()
        if baseCurrency.count != 3 || !baseCurrency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            validator.fail("baseCurrency", "Must be an ISO 4217 code such as CNY.")
        }
        if vipSpend < 1 { validator.fail("vipSpend", "Must be at least 1.") }
        if !(2...1_000).contains(loyalPurchases) { validator.fail("loyalPurchases", "Must be between 2 and 1000.") }
        if loyalSpend12Months < 1 { validator.fail("loyalSpend12Months", "Must be at least 1.") }
        if !(1...3_650).contains(churnAfterDays) { validator.fail("churnAfterDays", "Must be between 1 and 3650.") }
        try validator.check()
        return self
    }

    /// The lifecycle stage for `stats` at `now`:
    /// no purchase → potential; silent for `churnAfterDays` → churned; `loyalPurchases`
    /// purchases or `loyalSpend12Months` within 12 months → loyal; two or more → repeat;
    /// one → first purchase.
    public func stage(for stats: CustomerStats, now: Date) -> LifecycleStage {
        guard stats.purchaseCount > 0 else { return .potential }
        if let last = stats.lastActivityAt, last < churnCutoff(now: now) { return .churned }
        if stats.purchaseCount >= loyalPurchases || stats.spentLast12Months >= loyalSpend12Months { return .loyal }
        return stats.purchaseCount >= 2 ? .repeat : .firstPurchase
    }

    /// The value tier for `stats`: VIP from `vipSpend`, normal once bought, else potential.
    public func tier(for stats: CustomerStats) -> Tier {
        if stats.totalSpent >= vipSpend { return .vip }
        return stats.purchaseCount > 0 ? .normal : .potential
    }

    /// Activity before this moment means churned.
    public func churnCutoff(now: Date) -> Date { now.addingTimeInterval(-Double(churnAfterDays) * 86_400) }

    /// The start of the 12-month window for loyal spend.
    public static func yearAgo(_ now: Date) -> Date { now.addingTimeInterval(-365 * 86_400) }
}

extension Customer {
    /// Recomputes `stage`, and `tier` unless locked, from the stats.
    public mutating func classify(_ rules: ClassificationRules, now: Date) {
        stage = rules.stage(for: stats, now: now)
        if !tierLocked { tier = rules.tier(for: stats) }
    }
}
