import Foundation
import KehuCore

/// One deal and its stints, written step by step through `Deal.move`, the rule
/// `DealService` uses: only `DealWorkflow` moves, in time order, with the same furthest
/// step, close times, lost reasons, versions and stints. A win may record its purchase as
/// `DealService` does (product the title, channel `deal`, at the moment of the win).
///
/// Steps are given with their planned times (whole milliseconds); a step planned after
/// `now` has not happened yet, so it and every later one are left out.
struct DemoDealJournal {
    private(set) var deal: Deal
    private(set) var stints: [DealStageChange]
    private(set) var purchase: Purchase?
    /// False once a step fell after `now`.
    private(set) var isCurrent = true
    private let nowMillis: Int64
    private(set) var lastStepMillis: Int64

    /// Opens `deal` (new, open) with its first stint, as `DealService.create` does.
    init(_ deal: Deal, nowMillis: Int64) {
        precondition(deal.version == 1 && deal.stage.isOpen, "a journal starts from a new deal")
        self.deal = deal
        self.nowMillis = nowMillis
        lastStepMillis = DemoTime.wholeMillis(deal.createdAt)
        stints = [DealStageChange(dealID: deal.id, from: nil, to: deal.stage, note: nil, actorID: deal.ownerID, at: deal.createdAt)]
    }

    /// Moves the deal to `stage` at `millis` (at least a minute after the last step); false
    /// if that is after now. `purchaseID`, with a win, records the deal as that purchase.
    @discardableResult
    mutating func move(to stage: DealStage, at millis: Int64, note: String?, lostReason: String?, purchaseID: String? = nil) -> Bool {
        guard isCurrent else { return false }
        let at = max(millis, lastStepMillis + 60_000)
        guard at <= nowMillis else {
            isCurrent = false
            return false
        }
        let date = DemoTime.date(millis: at)
        do {
            let change = try deal.move(to: stage, at: date, actorID: deal.ownerID, note: note, lostReason: lostReason)
            stints[stints.count - 1].leftAt = date
            stints.append(change)
        } catch {
            preconditionFailure("\(deal.stage) → \(stage) is not a deal move: \(error)")
        }
        if let purchaseID {
            precondition(stage == .won, "only a win records a purchase")
            deal.purchaseID = purchaseID
            purchase = Purchase(id: purchaseID, customerID: deal.customerID, amount: deal.amount, currency: deal.currency, cost: nil,
                                product: deal.title, category: nil, quantity: 1, channel: "deal", purchasedAt: date, createdAt: date)
        }
        lastStepMillis = at
        return true
    }
}
