/// Which stage changes a deal allows, in one place:
///
/// - from an open stage, any other stage: CRMs let a deal move back and forth between the
///   open stages and skip ahead, and close it from anywhere;
/// - from `lost`, any open stage or `won`: a lost deal can come back to life;
/// - from `won`, nothing: a win is final (it may have recorded a purchase, and reopening
///   it would count the revenue twice).
///
/// A "move" to the stage the deal is in is refused too.
public enum DealWorkflow {
    /// The stages reachable from `stage` in one move.
    public static func allowed(from stage: DealStage) -> [DealStage] {
        switch stage {
        case .won: []
        case .lost: DealStage.funnel
        case .lead, .qualified, .proposal, .negotiation: DealStage.allCases.filter { $0 != stage }
        }
    }

    public static func isAllowed(from: DealStage, to: DealStage) -> Bool { allowed(from: from).contains(to) }

    /// Throws `illegalTransition` (409, naming the allowed moves) unless `from → to` is a move.
    public static func check(from: DealStage, to: DealStage) throws {
        guard isAllowed(from: from, to: to) else {
            throw KehuError.illegalTransition(entity: "deal", from: from.rawValue, to: to.rawValue, allowed: allowed(from: from).map(\.rawValue))
        }
    }
}
