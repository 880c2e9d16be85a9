import Foundation

/// The rule of a stage change, in one place for the service and the demo data.
extension Deal {
    /// Moves the deal to `stage` at `now`: the furthest step reached, the time spent in the
    /// stage it leaves, the close time, the lost reason (kept only while lost). Refused
    /// moves throw `illegalTransition`. Returns the new stint to keep; the repository ends
    /// the current one at the same moment.
    public mutating func move(to stage: DealStage, at now: Date, actorID: String?, note: String?, lostReason: String?) throws -> DealStageChange {
        let from = self.stage
        try DealWorkflow.check(from: from, to: stage)
        let spent = Self.millis(now) - Self.millis(stageEnteredAt)
        if from.isOpen, spent != 0 { stageMillis[from, default: 0] += spent }
        enteredStages.insert(stage)
        self.stage = stage
        stageEnteredAt = now
        if let rank = stage.funnelRank, rank > furthestStage.funnelRank ?? 0 { furthestStage = stage }
        closedAt = stage.isOpen ? nil : now
        self.lostReason = stage == .lost ? lostReason : nil
        version += 1
        updatedAt = now
        return DealStageChange(dealID: id, from: from, to: stage, note: note, lostReason: self.lostReason, actorID: actorID, at: now)
    }

    /// Whole milliseconds since 1970, rounded as the database stores times, so that the
    /// time kept here is exactly the history's `left_at - entered_at`.
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
