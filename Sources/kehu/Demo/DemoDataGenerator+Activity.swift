import Foundation
import KehuCore

/// Purchases and interactions within a customer's active period.
extension DemoDataGenerator {
    /// A purchase: a catalogue product at a plausible price (in fen), companies buying in
    /// quantity; one in a hundred in US dollars, which `totalSpent` (CNY) leaves out.
    mutating func makePurchase(for profile: DemoProfile) -> Purchase {
        let product = random.pick(products)
        // Most sales sit near the cheap end of a product's range.
        let position = random.unit()
        var unitYuan = product.minYuan + Int(Double(product.maxYuan - product.minYuan) * position * position * position)
        unitYuan = unitYuan >= 1_000 ? unitYuan / 100 * 100 - (random.chance(0.5) ? 1 : 0) : unitYuan / 10 * 10 + 9
        let quantity = profile.customer.type == .company ? random.pick([1, 1, 1, 1, 2, 2, 3, 5]) : (random.chance(0.8) ? 1 : random.int(2...3))
        var amount = Int64(unitYuan) * 100 * Int64(quantity)
        if random.chance(0.1) { amount -= Int64(random.int(0...99)) }
        var currency = "CNY"
        if random.chance(0.01) {
            currency = "USD"
            amount = max(amount / 7, 100)
        }
        let cost = random.chance(0.9) ? amount * Int64(random.int(45...80)) / 100 : nil
        let at = moment(from: profile.activeFrom, until: profile.activeUntil)
        return Purchase(
            id: random.id("pur"), customerID: profile.customer.id, amount: amount, currency: currency, cost: cost,
            product: product.name, category: product.category, quantity: quantity, channel: random.pick(DemoVocabulary.purchaseChannels),
            purchasedAt: at, createdAt: at
        )
    }

    /// An interaction: channel, direction, a summary in Chinese, sometimes an outcome,
    /// logged by the customer's owner (or any rep for unowned customers).
    mutating func makeInteraction(for profile: DemoProfile) -> Interaction {
        let channel = random.pick(channels)
        let template = random.pick(DemoVocabulary.summaries[channel] ?? ["客户沟通"])
        let summary = template.replacingOccurrences(of: "%@", with: random.pick(DemoVocabulary.products).name)
        let at = moment(from: profile.activeFrom, until: profile.activeUntil)
        let user = profile.customer.ownerID ?? (staff.repIDs.isEmpty ? staff.managerID : random.pick(staff.repIDs))
        return Interaction(
            id: random.id("int"), customerID: profile.customer.id, channel: InteractionChannel(rawValue: channel) ?? .other,
            direction: random.chance(0.6) ? .outbound : .inbound, summary: summary,
            outcome: random.chance(0.6) ? random.pick(DemoVocabulary.outcomes) : nil, occurredAt: at, userID: user, createdAt: at
        )
    }
}
