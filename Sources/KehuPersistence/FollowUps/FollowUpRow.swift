import Foundation
import KehuCore
import SQLiteStore

/// Follow-ups, plans and customer briefs to and from rows.
enum FollowUpRow {
    static let taskColumns = [
        "id", "customer_id", "plan_id", "owner_id", "due_at", "kind", "purpose", "status", "closed_at", "outcome", "result_summary",
        "result_channel", "interaction_id", "reason", "reschedules", "care_key", "created_at", "updated_at", "version",
    ]

    static func values(_ task: FollowUp) -> [any SQLiteBindable] {
        [
            task.id, task.customerID, task.planID, task.ownerID, StoredTime.millis(task.dueAt), task.kind.rawValue, task.purpose,
            task.status.rawValue, task.closedAt.map(StoredTime.millis), task.result?.outcome, task.result?.summary,
            task.result?.channel.rawValue, task.result?.interactionID, task.reason, reschedulesJSON(task.reschedules), task.careKey,
            StoredTime.millis(task.createdAt), StoredTime.millis(task.updatedAt), task.version,
        ]
    }

    static func followUp(_ row: Row) -> FollowUp {
        var task = FollowUp(
            id: row.string("id"), customerID: row.string("customer_id"), planID: row.optionalString("plan_id"), ownerID: row.string("owner_id"),
            dueAt: StoredTime.date(row.int64("due_at")), kind: FollowUpKind(rawValue: row.string("kind")) ?? .call,
            purpose: row.optionalString("purpose"), careKey: row.optionalString("care_key"), createdAt: StoredTime.date(row.int64("created_at"))
        )
        task.status = FollowUpStatus(rawValue: row.string("status")) ?? .pending
        task.closedAt = row.optionalInt64("closed_at").map(StoredTime.date)
        if let interactionID = row.optionalString("interaction_id") {
            task.result = FollowUpResult(outcome: row.optionalString("outcome"), summary: row.optionalString("result_summary") ?? "",
                                         channel: InteractionChannel(rawValue: row.optionalString("result_channel") ?? "") ?? .other,
                                         interactionID: interactionID)
        }
        task.reason = row.optionalString("reason")
        task.reschedules = reschedules(row.string("reschedules"))
        task.updatedAt = StoredTime.date(row.int64("updated_at"))
        task.version = row.int("version")
        return task
    }

    static let planColumns = [
        "id", "customer_id", "owner_id", "cadence_days", "goal", "channel", "starts_at", "status", "paused_due_at", "ended_at",
        "created_at", "updated_at", "version",
    ]

    static func values(_ plan: FollowUpPlan) -> [any SQLiteBindable] {
        [
            plan.id, plan.customerID, plan.ownerID, plan.cadenceDays, plan.goal, plan.channel.rawValue, StoredTime.millis(plan.startsAt),
            plan.status.rawValue, plan.pausedDueAt.map(StoredTime.millis), plan.endedAt.map(StoredTime.millis),
            StoredTime.millis(plan.createdAt), StoredTime.millis(plan.updatedAt), plan.version,
        ]
    }

    // Statement texts built once, so the statement cache finds them by the same text.
    static let insertTaskSQL = insert("follow_ups", taskColumns)
    static let updateTaskSQL = update("follow_ups", taskColumns)
    static let insertPlanSQL = insert("follow_up_plans", planColumns)
    static let updatePlanSQL = update("follow_up_plans", planColumns)

    private static func insert(_ table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }

    /// Every column but the first (`id`), then `WHERE id = ?`: bind `values.dropFirst() + [id]`.
    private static func update(_ table: String, _ columns: [String]) -> String {
        "UPDATE \(table) SET \(columns.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?"
    }

    /// Plan columns with its pending task's id and due time.
    static let planSelect = """
        SELECT p.*, p.rowid AS seq, f.id AS next_id, f.due_at AS next_due_at FROM follow_up_plans p
        LEFT JOIN follow_ups f ON f.plan_id = p.id AND f.status = 'pending'
        """

    static func plan(_ row: Row) -> FollowUpPlan {
        var plan = FollowUpPlan(
            id: row.string("id"), customerID: row.string("customer_id"), ownerID: row.string("owner_id"),
            cadenceDays: row.optionalInt("cadence_days"), goal: row.optionalString("goal"),
            channel: FollowUpKind(rawValue: row.string("channel")) ?? .call, startsAt: StoredTime.date(row.int64("starts_at")),
            status: PlanStatus(rawValue: row.string("status")) ?? .active, createdAt: StoredTime.date(row.int64("created_at"))
        )
        plan.pausedDueAt = row.optionalInt64("paused_due_at").map(StoredTime.date)
        plan.endedAt = row.optionalInt64("ended_at").map(StoredTime.date)
        plan.nextFollowUpID = row.optionalString("next_id")
        plan.nextDueAt = row.optionalInt64("next_due_at").map(StoredTime.date)
        plan.updatedAt = StoredTime.date(row.int64("updated_at"))
        plan.version = row.int("version")
        return plan
    }

    /// A customer brief from columns prefixed `c_` (or unprefixed with `prefix: ""`).
    static func brief(_ row: Row, prefix: String = "c_") -> CustomerBrief {
        CustomerBrief(id: row.string(prefix + "id"), name: row.string(prefix + "name"), tier: Tier(rawValue: row.string(prefix + "tier")) ?? .potential,
                      phone: row.optionalString(prefix + "phone"), ownerID: row.optionalString(prefix + "owner_id"))
    }

    /// An agenda task's columns, in the order `agendaTask` reads them; all but the
    /// customer's are in `follow_ups_owner_status`.
    static let agendaColumns = """
        f.id, f.plan_id, f.due_at, f.kind, f.purpose, f.status, f.closed_at, f.version, f.customer_id, c.name, c.tier, c.phone, c.owner_id
        """

    static func agendaTask(_ row: Row) -> AgendaTask {
        AgendaTask(id: row.string(at: 0), customer: brief(row, at: 8),
                   planID: row.optionalString(at: 1), dueAt: StoredTime.date(row.int64(at: 2)), kind: FollowUpKind(rawValue: row.string(at: 3)) ?? .call,
                   purpose: row.optionalString(at: 4), status: FollowUpStatus(rawValue: row.string(at: 5)) ?? .pending,
                   closedAt: row.optionalInt64(at: 6).map(StoredTime.date), version: row.int(at: 7))
    }

    /// A customer brief from five columns from `first` on: id, name, tier, phone, owner id.
    static func brief(_ row: Row, at first: Int) -> CustomerBrief {
        CustomerBrief(id: row.string(at: first), name: row.string(at: first + 1), tier: Tier(rawValue: row.string(at: first + 2)) ?? .potential,
                      phone: row.optionalString(at: first + 3), ownerID: row.optionalString(at: first + 4))
    }

    static let briefColumns = "c.id AS c_id, c.name AS c_name, c.tier AS c_tier, c.phone AS c_phone, c.owner_id AS c_owner_id"

    private struct StoredReschedule: Codable {
        var from: Int64
        var to: Int64
        var at: Int64
        var actor: String
        var reason: String?
    }

    static func reschedulesJSON(_ reschedules: [Reschedule]) -> String {
        if reschedules.isEmpty { return "[]" }
        let stored = reschedules.map {
            StoredReschedule(from: StoredTime.millis($0.fromDueAt), to: StoredTime.millis($0.toDueAt), at: StoredTime.millis($0.at), actor: $0.actorID, reason: $0.reason)
        }
        return (try? String(decoding: JSONEncoder().encode(stored), as: UTF8.self)) ?? "[]"
    }

    static func reschedules(_ json: String) -> [Reschedule] {
        if json == "[]" { return [] }
        let stored = (try? JSONDecoder().decode([StoredReschedule].self, from: Data(json.utf8))) ?? []
        return stored.map {
            Reschedule(fromDueAt: StoredTime.date($0.from), toDueAt: StoredTime.date($0.to), at: StoredTime.date($0.at), actorID: $0.actor, reason: $0.reason)
        }
    }
}
