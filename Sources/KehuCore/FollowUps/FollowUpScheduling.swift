import Foundation

/// The rules that decide tasks: who owns them, when the next is due, and which times and
/// texts are acceptable. Pure, so the services stay thin and the rules testable.
public enum FollowUpScheduling {
    /// Days between a plan's tasks: its own cadence, else its customer's tier's.
    public static func cadenceDays(plan: FollowUpPlan, tier: Tier, settings: CadenceSettings) -> Int {
        plan.cadenceDays ?? settings.days(for: tier)
    }

    /// When a plan's next task is due after one closed at `from`: `requested` if given,
    /// else the cadence after `from`.
    public static func nextDue(plan: FollowUpPlan, tier: Tier, settings: CadenceSettings, from: Date, requested: Date?) -> Date {
        requested ?? from.addingTimeInterval(TimeInterval(cadenceDays(plan: plan, tier: tier, settings: settings)) * 86_400)
    }

    /// The owner of a new task or plan: reps only themselves; others whoever they name,
    /// else the customer's owner, else themselves.
    static func owner(requested: String?, customer: CustomerBrief, context: RequestContext) throws -> String {
        let caller = context.principal
        if caller.role == .rep {
            if let requested, requested != caller.userID { throw KehuError.forbidden("A rep plans follow-ups for themselves only.") }
            return caller.userID
        }
        return requested ?? customer.ownerID ?? caller.userID
    }

    /// A reassignment: reps may not move tasks or plans to someone else.
    static func checkReassignment(to ownerID: String, context: RequestContext) throws {
        if context.principal.role == .rep, ownerID != context.principal.userID {
            throw KehuError.forbidden("A rep cannot hand follow-ups to someone else.")
        }
    }

    /// A due time a client named: not absurdly far off, and with `future`, not in the past.
    static func checkDue(_ date: Date, field: String, now: Date, future: Bool, into validator: inout Validator) {
        if date > now.addingTimeInterval(FollowUpLimits.horizon) {
            validator.fail(field, "Must be within five years.")
        } else if future, date < now.addingTimeInterval(-300) {
            validator.fail(field, "Must not be in the past.")
        } else if date < now.addingTimeInterval(-FollowUpLimits.horizon) {
            validator.fail(field, "Must be within five years.")
        }
    }

    /// 409 unless the task is still pending, naming its status.
    static func requirePending(_ followUp: FollowUp, action: String) throws {
        guard followUp.status == .pending else {
            throw KehuError.conflict("This follow-up is \(followUp.status.rawValue); only a pending follow-up can be \(action).",
                                     details: ["currentStatus": followUp.status.rawValue])
        }
    }

    /// The task a plan makes next, due at `dueAt`.
    static func task(for plan: FollowUpPlan, id: String, dueAt: Date, now: Date) -> FollowUp {
        FollowUp(id: id, customerID: plan.customerID, planID: plan.id, ownerID: plan.ownerID, dueAt: dueAt, kind: plan.channel,
                 purpose: plan.goal, createdAt: now)
    }

    /// The mutation of a new task.
    public static func created(_ followUp: FollowUp) -> Mutation {
        var values = ["customerId": followUp.customerID, "kind": followUp.kind.rawValue, "ownerId": followUp.ownerID]
        if let planID = followUp.planID { values["planId"] = planID }
        return Mutation(entityType: "follow_up", entityID: followUp.id, action: "created", changedFields: ["dueAt", "kind", "ownerId", "purpose"],
                        auditValues: values)
    }

    static func mutation(_ followUp: FollowUp, _ action: String, changed: [String]) -> Mutation {
        Mutation(entityType: "follow_up", entityID: followUp.id, action: action, changedFields: changed,
                 auditValues: ["customerId": followUp.customerID, "status": followUp.status.rawValue])
    }
}
