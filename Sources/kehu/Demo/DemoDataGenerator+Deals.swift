import Foundation
import KehuCore
import KehuPersistence

/// A year of deals: opened on customers over the last 365 days by their owners, then moved
/// through the funnel as a sales team would, up to now: most run their course (about one in
/// five is won, most of those with the purchase recorded on the customer), recent ones are
/// still open, and now and then a lost deal comes back.
extension DemoDataGenerator {
    /// What the deals of a batch came to.
    struct DealTotals {
        var deals = 0
        var won = 0
        var lost = 0
        var purchases = 0

        mutating func add(_ other: DealTotals) {
            deals += other.deals
            won += other.won
            lost += other.lost
            purchases += other.purchases
        }
    }

    /// Adds this batch's share of `total` deals to `bundles`, the batch `nextBatch` just
    /// made, busier customers getting more. A won deal's purchase joins its customer's
    /// purchases (so stats and classification count it, as the API's win would).
    ///
    /// Deals draw from a stream of their own, seeded by the batch's first customer: the same
    /// seed gives the same deals, and asking for more or fewer deals changes nothing else.
    func addDeals(to bundles: inout [CustomerBundle], total: Int) -> DealTotals {
        var made = DealTotals()
        guard total > 0, let first = bundles.first else { return made }
        let end = totals.customers, start = end - bundles.count
        let count = Int(Int64(total) * Int64(end) / Int64(max(plan.customers, 1)) - Int64(total) * Int64(start) / Int64(max(plan.customers, 1)))
        var random = DemoRandom(seed: Self.streamSeed(first.customer.id))
        var cumulative: [Double] = []
        var sum = 0.0
        for bundle in bundles {
            sum += (bundle.customer.type == .company ? 2 : 0.6) + Double(min(bundle.purchases.count, 12)) / 4
            cumulative.append(sum)
        }
        for _ in 0..<count {
            let ticket = random.unit() * sum
            let index = cumulative.firstIndex { $0 > ticket } ?? cumulative.count - 1
            let journal = makeDeal(for: bundles[index].customer, random: &random)
            bundles[index].deals.append(journal.deal)
            bundles[index].dealStages += journal.stints
            if let purchase = journal.purchase {
                bundles[index].purchases.append(purchase)
                made.purchases += 1
            }
            made.deals += 1
            if journal.deal.stage == .won { made.won += 1 }
            if journal.deal.stage == .lost { made.lost += 1 }
        }
        return made
    }

    /// One deal on `customer`, opened by its owner (else the manager) at a moment of the
    /// last year after the customer came, and moved on until now.
    func makeDeal(for customer: Customer, random: inout DemoRandom) -> DemoDealJournal {
        let owner = customer.ownerID ?? staff.managerID
        let earliest = max(DemoTime.wholeMillis(customer.createdAt), nowMillis - 365 * Self.dayMillis)
        let opened = earliest + random.int64(below: max(nowMillis - Self.hourMillis - earliest, 1))
        let kind = random.pick(DemoVocabulary.dealKinds.flatMap { Array(repeating: $0, count: $0.weight) })
        // Sizes spread evenly on a log scale, in whole hundreds of yuan; one deal in thirty in US dollars.
        let ratio = Double(kind.maxYuan) / Double(kind.minYuan)
        var yuan = Double(kind.minYuan) * pow(ratio, random.unit())
        let dollars = random.chance(1.0 / 30)
        if dollars { yuan /= 7 }
        let expectedClose = opened + Int64(random.int(20...120)) * Self.dayMillis
        let deal = Deal(id: random.id("del"), customerID: customer.id, title: kind.title, amount: Int64((yuan / 100).rounded()) * 100 * 100,
                        currency: dollars ? "USD" : rules.baseCurrency, stage: random.pick(weighted: DemoVocabulary.dealStartStages), ownerID: owner,
                        expectedCloseAt: DemoTime.date(millis: expectedClose),
                        notes: random.chance(0.3) ? random.pick(DemoVocabulary.dealDescriptions) : nil, createdBy: owner,
                        createdAt: DemoTime.date(millis: opened))
        var journal = DemoDealJournal(deal, nowMillis: nowMillis)
        work(&journal, random: &random)
        return journal
    }

    /// The deal's stints: after a stage's usual time, the stage's odds say what comes next.
    /// A lost deal is reopened one time in eight, a month or so later, where it was lost.
    func work(_ journal: inout DemoDealJournal, random: inout DemoRandom) {
        var reopened = false
        while journal.isCurrent {
            let stage = journal.deal.stage
            var at = journal.lastStepMillis
            let next: DealStage
            switch stage {
            case .won:
                return
            case .lost:
                guard !reopened, random.chance(1.0 / 8) else { return }
                reopened = true
                at += Int64(random.int(20...90)) * Self.dayMillis
                next = journal.stints.last?.from ?? .lead
            case .lead, .qualified, .proposal, .negotiation:
                at += Int64(random.int(DemoVocabulary.dealDwellDays[stage] ?? 1...10)) * Self.dayMillis + random.int64(below: Self.dayMillis)
                next = random.pick(weighted: DemoVocabulary.dealOutcomes[stage] ?? [(.lost, 1)])
            }
            let note = random.chance(0.4) ? (DemoVocabulary.dealNotes[next]).map { random.pick($0) } : nil
            let lostReason = next == .lost ? random.pick(weighted: DemoVocabulary.dealLostReasons) : nil
            let purchaseID = next == .won && random.chance(0.85) ? random.id("pur") : nil
            journal.move(to: next, at: at, note: note, lostReason: lostReason, purchaseID: purchaseID)
        }
    }

    /// A stream seed from a text (64-bit FNV-1a).
    static func streamSeed(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
