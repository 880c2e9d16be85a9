import Foundation

/// The rule of a stage change, in one place for the service and the demo data.
extension Deal {
    /// Moves the deal to `stage` at `now`: the furthest step reached, the close time, the
    /// lost reason (kept only while lost). Refused moves throw `illegalTransition`. Returns
    /// the new stint to keep; the repository ends the current one at the same moment.
    public mutating func move(to stage: DealStage, at now: Date, actorID: String?, note: String?, lostReason: String?) throws -> DealStageChange {
        let from = self.stage
        try DealWorkflow.check(from: from, to: stage)
        self.stage = stage
        stageEnteredAt = now
        if let rank = stage.funnelRank, rank > furthestStage.funnelRank ?? 0 { furthestStage = stage }
        closedAt = stage.isOpen ? nil : now
        self.lostReason = stage == .lost ? lostReason : nil
        version += 1
        updatedAt = now
        return DealStageChange(dealID: id, from: from, to: stage, note: note, lostReason: self.lostReason, actorID: actorID, at: now)
    }
}
