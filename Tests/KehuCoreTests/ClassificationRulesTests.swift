import Foundation
import KehuCore
import Testing

/// The lifecycle and tier rules of docs/customers.md, at their boundaries.
@Suite struct ClassificationRulesTests {
    let rules = ClassificationRules.default
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func stats(purchases: Int, spent: Int64 = 0, last12: Int64 = 0, daysSinceActivity: Double? = 1) -> CustomerStats {
        var stats = CustomerStats()
        stats.purchaseCount = purchases
        stats.totalSpent = spent
        stats.spentLast12Months = last12
        stats.lastPurchaseAt = daysSinceActivity.map { now.addingTimeInterval(-$0 * 86_400) }
        return stats
    }

    @Test func stage_followsPurchasesSpendAndSilence() {
        #expect(rules.stage(for: stats(purchases: 0, daysSinceActivity: nil), now: now) == .potential)
        #expect(rules.stage(for: stats(purchases: 0, daysSinceActivity: 400), now: now) == .potential, "no purchase: never churned")
        #expect(rules.stage(for: stats(purchases: 1), now: now) == .firstPurchase)
        #expect(rules.stage(for: stats(purchases: 2), now: now) == .repeat)
        #expect(rules.stage(for: stats(purchases: 4), now: now) == .repeat)
        #expect(rules.stage(for: stats(purchases: 5), now: now) == .loyal)
        #expect(rules.stage(for: stats(purchases: 1, last12: 1_999_999), now: now) == .firstPurchase)
        #expect(rules.stage(for: stats(purchases: 1, last12: 2_000_000), now: now) == .loyal)
        #expect(rules.stage(for: stats(purchases: 9, daysSinceActivity: 179.9), now: now) == .loyal)
        #expect(rules.stage(for: stats(purchases: 9, daysSinceActivity: 180.1), now: now) == .churned)
    }

    @Test func anInteraction_countsAsActivity() {
        var silent = stats(purchases: 2, daysSinceActivity: 300)
        #expect(rules.stage(for: silent, now: now) == .churned)
        silent.lastInteractionAt = now.addingTimeInterval(-86_400)
        #expect(rules.stage(for: silent, now: now) == .repeat)
    }

    @Test func tier_followsLifetimeSpend_unlessLocked() {
        #expect(rules.tier(for: stats(purchases: 0)) == .potential)
        #expect(rules.tier(for: stats(purchases: 1, spent: 4_999_999)) == .normal)
        #expect(rules.tier(for: stats(purchases: 1, spent: 5_000_000)) == .vip)
        var customer = Customer(id: "c", type: .individual, name: "n", createdAt: now)
        customer.stats = stats(purchases: 1, spent: 9_000_000)
        customer.tier = .potential
        customer.tierLocked = true
        customer.classify(rules, now: now)
        #expect(customer.tier == .potential && customer.stage == .firstPurchase)
    }

    @Test func thresholds_areValidated() {
        #expect(throws: KehuError.self) { try ClassificationRules(baseCurrency: "rmb", vipSpend: 0).validated() }
        #expect(throws: Never.self) { try ClassificationRules.default.validated() }
    }
}
