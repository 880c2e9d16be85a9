import Foundation

/// Where a deal stands in the sales funnel (销售漏斗). The four open stages are ordered;
/// `won` and `lost` close the deal.
public enum DealStage: String, Sendable, CaseIterable {
    case lead, qualified, proposal, negotiation, won, lost

    /// Still being worked on.
    public var isOpen: Bool { self != .won && self != .lost }

    /// The open stages, in funnel order.
    public static let open: [DealStage] = [.lead, .qualified, .proposal, .negotiation]

    /// The steps of the funnel, in order: the open stages, then `won`.
    public static let funnel: [DealStage] = open + [.won]

    /// Position along the funnel (lead 0 … negotiation 3, won 4); `lost` is no step of it.
    public var funnelRank: Int? { Self.funnel.firstIndex(of: self) }

    /// The funnel step at `rank`.
    public static func funnelStage(rank: Int) -> DealStage? { funnel.indices.contains(rank) ? funnel[rank] : nil }
}

/// A sales opportunity with a customer: what may be sold, for how much, and how far it has got.
public struct Deal: Sendable, Equatable {
    public var id: String
    public var customerID: String
    public var title: String
    /// Minor units of `currency` (fen for CNY).
    public var amount: Int64
    public var currency: String
    public var stage: DealStage
    /// The furthest funnel step the deal has reached (an open stage or `won`): a deal that
    /// skipped stages has passed them, a lost deal keeps how far it got.
    public var furthestStage: DealStage
    /// When the deal entered its current stage.
    public var stageEnteredAt: Date
    /// Milliseconds spent in each open stage in the stints that have ended (the current
    /// stint counts from `stageEnteredAt`): the history summed up as it is written, so the
    /// funnel need not read the history.
    public var stageMillis: [DealStage: Int64]
    /// Every stage the deal has been in.
    public var enteredStages: Set<DealStage>
    public var ownerID: String?
    public var expectedCloseAt: Date?
    /// Why it was lost; set exactly while the deal is `lost`.
    public var lostReason: String?
    public var notes: String?
    /// The purchase recorded on the customer when the deal was won, if one was.
    public var purchaseID: String?
    /// When the deal was won or lost; nil while open.
    public var closedAt: Date?
    public var createdBy: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: String, customerID: String, title: String, amount: Int64, currency: String, stage: DealStage, ownerID: String?,
                expectedCloseAt: Date?, notes: String?, createdBy: String?, createdAt: Date) {
        self.id = id
        self.customerID = customerID
        self.title = title
        self.amount = amount
        self.currency = currency
        self.stage = stage
        furthestStage = stage.funnelRank == nil ? .lead : stage
        stageEnteredAt = createdAt
        stageMillis = [:]
        enteredStages = [stage]
        self.ownerID = ownerID
        self.expectedCloseAt = expectedCloseAt
        self.notes = notes
        self.createdBy = createdBy
        self.createdAt = createdAt
        updatedAt = createdAt
        version = 1
    }
}

/// One stint of a deal in a stage (`GET /v1/deals/{id}/stages`): the change that began it
/// and, once the deal moved on, when it ended.
public struct DealStageChange: Sendable, Equatable {
    public var sequence: Int64
    public var dealID: String
    /// The stage the deal came from; nil for the stint the deal was created in.
    public var from: DealStage?
    public var to: DealStage
    public var note: String?
    /// Why the deal was lost, kept with the move even after a reopening clears it on the deal.
    public var lostReason: String?
    public var actorID: String?
    /// When the deal entered `to`.
    public var at: Date
    /// When the deal left `to`; nil for the current stint.
    public var leftAt: Date?

    public init(sequence: Int64 = 0, dealID: String, from: DealStage?, to: DealStage, note: String?, lostReason: String? = nil,
                actorID: String?, at: Date, leftAt: Date? = nil) {
        self.sequence = sequence
        self.dealID = dealID
        self.from = from
        self.to = to
        self.note = note
        self.lostReason = lostReason
        self.actorID = actorID
        self.at = at
        self.leftAt = leftAt
    }
}
