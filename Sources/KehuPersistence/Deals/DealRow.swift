import Foundation
import KehuCore
import SQLiteStore

/// Deals and their stints to and from rows.
enum DealRow {
    static let columns = [
        "id", "customer_id", "title", "amount", "currency", "stage", "furthest_rank", "stage_entered_at", "lead_ms", "qualified_ms",
        "proposal_ms", "negotiation_ms", "entered_stages", "owner_id", "expected_close_at", "close_key", "lost_reason", "notes", "purchase_id",
        "closed_at", "created_by", "created_at", "updated_at", "version",
    ]

    /// The column of the time spent in an open stage.
    static func millisColumn(_ stage: DealStage) -> String { stage.rawValue + "_ms" }

    /// The bit of `stage` in `entered_stages`.
    static func bit(_ stage: DealStage) -> Int { 1 << DealStage.allCases.firstIndex(of: stage)! }

    static func values(_ deal: Deal) -> [any SQLiteBindable] {
        [
            deal.id, deal.customerID, deal.title, deal.amount, deal.currency, deal.stage.rawValue, deal.furthestStage.funnelRank ?? 0,
            StoredTime.millis(deal.stageEnteredAt), deal.stageMillis[.lead] ?? 0, deal.stageMillis[.qualified] ?? 0,
            deal.stageMillis[.proposal] ?? 0, deal.stageMillis[.negotiation] ?? 0, deal.enteredStages.reduce(0) { $0 | bit($1) }, deal.ownerID, deal.expectedCloseAt.map(StoredTime.millis),
            deal.expectedCloseAt.map(StoredTime.millis) ?? noCloseKey, deal.lostReason, deal.notes,
            deal.purchaseID, deal.closedAt.map(StoredTime.millis), deal.createdBy, StoredTime.millis(deal.createdAt),
            StoredTime.millis(deal.updatedAt), deal.version,
        ]
    }

    // Statement texts built once, so the statement cache finds them by the same text.
    static let insertSQL = "INSERT INTO deals (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    /// Every column but `id`, then `WHERE id = ?`: bind `values.dropFirst() + [id]`.
    static let updateSQL = "UPDATE deals SET \(columns.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?"
    static let insertStintSQL = """
        INSERT INTO deal_stages (deal_seq, from_stage, stage, note, lost_reason, actor_id, entered_at, left_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Ends the current stint of the deal at `seq` (bind the time, then the seq).
    static let endStintSQL = "UPDATE deal_stages SET left_at = ? WHERE deal_seq = ? AND left_at IS NULL"

    static func deal(_ row: Row) -> Deal {
        let stage = DealStage(rawValue: row.string("stage")) ?? .lead
        var deal = Deal(id: row.string("id"), customerID: row.string("customer_id"), title: row.string("title"), amount: row.int64("amount"),
                        currency: row.string("currency"), stage: stage, ownerID: row.optionalString("owner_id"),
                        expectedCloseAt: row.optionalInt64("expected_close_at").map(StoredTime.date), notes: row.optionalString("notes"),
                        createdBy: row.optionalString("created_by"), createdAt: StoredTime.date(row.int64("created_at")))
        deal.furthestStage = DealStage.funnelStage(rank: row.int("furthest_rank")) ?? .lead
        deal.stageEnteredAt = StoredTime.date(row.int64("stage_entered_at"))
        for stage in DealStage.open {
            let millis = row.int64(millisColumn(stage))
            deal.stageMillis[stage] = millis == 0 ? nil : millis
        }
        let entered = row.int("entered_stages")
        deal.enteredStages = Set(DealStage.allCases.filter { entered & bit($0) != 0 })
        deal.lostReason = row.optionalString("lost_reason")
        deal.purchaseID = row.optionalString("purchase_id")
        deal.closedAt = row.optionalInt64("closed_at").map(StoredTime.date)
        deal.updatedAt = StoredTime.date(row.int64("updated_at"))
        deal.version = row.int("version")
        return deal
    }

    static func stintValues(_ change: DealStageChange, dealSeq: Int64) -> [any SQLiteBindable] {
        [dealSeq, change.from?.rawValue, change.to.rawValue, change.note, change.lostReason, change.actorID, StoredTime.millis(change.at),
         change.leftAt.map(StoredTime.millis)]
    }

    static func stageChange(_ row: Row, dealID: String) -> DealStageChange {
        DealStageChange(sequence: row.int64("seq"), dealID: dealID, from: row.optionalString("from_stage").flatMap(DealStage.init(rawValue:)),
                        to: DealStage(rawValue: row.string("stage")) ?? .lead, note: row.optionalString("note"),
                        lostReason: row.optionalString("lost_reason"), actorID: row.optionalString("actor_id"),
                        at: StoredTime.date(row.int64("entered_at")), leftAt: row.optionalInt64("left_at").map(StoredTime.date))
    }

    /// SQL restricting `deals d` to one owner's book: deals they own and deals on customers
    /// they own; `owner` is the placeholder the owner is bound to.
    static func inBook(owner: String) -> String {
        "(d.owner_id = \(owner) OR d.customer_id IN (SELECT id FROM customers WHERE owner_id = \(owner)))"
    }

    /// The column each order sorts by, and whether it runs backwards.
    static func sort(_ order: DealQuery.Order) -> (column: String, descending: Bool) {
        switch order {
        case .newest: ("created_at", true)
        case .oldest: ("created_at", false)
        case .closingFirst: ("close_key", false)
        case .closingLast: ("close_key", true)
        case .smallest: ("amount", false)
        case .largest: ("amount", true)
        }
    }

    /// `close_key` of a deal without an expected close: after every date (`deals` in KehuMigrations).
    static let noCloseKey = Int64.max
}
