import Foundation

/// Follow-up plans (跟进计划): a rhythm of tasks for one customer. An active plan always has
/// exactly one pending task: creating, pausing, resuming and ending change the plan and its
/// task in one transaction.
public struct FollowUpPlanService: Sendable {
    let followUps: any FollowUpRepository
    let settings: SettingsService
    let environment: Environment

    public init(followUps: any FollowUpRepository, settings: SettingsService, environment: Environment) {
        self.followUps = followUps
        self.settings = settings
        self.environment = environment
    }

    public func create(_ input: PlanInput, context: RequestContext) throws -> FollowUpPlan {
        var validator = Validator()
        if let days = input.cadenceDays, !CadenceSettings.days.contains(days) {
            validator.fail("cadenceDays", "Must be between 1 and 365, or null to follow the tier.")
        }
        let goal = validator.optionalText(input.goal, field: "goal", maxLength: FollowUpLimits.goalLength)
        let startsAt = input.startsAt ?? context.now
        FollowUpScheduling.checkDue(startsAt, field: "startsAt", now: context.now, future: false, into: &validator)
        try validator.check()
        let customerScope = AccessPolicy.customerScope(for: context.principal)
        let customer = try followUps.customer(id: input.customerID, customerScope: customerScope)
        let owner = try FollowUpScheduling.owner(requested: input.ownerID, customer: customer, context: context)
        let active = input.active ?? true
        var plan = FollowUpPlan(id: environment.makeID("fpl"), customerID: customer.id, ownerID: owner, cadenceDays: input.cadenceDays,
                                goal: goal, channel: input.channel ?? .call, startsAt: startsAt, status: active ? .active : .paused,
                                createdAt: context.now)
        var first: FollowUp?
        if active {
            first = FollowUpScheduling.task(for: plan, id: environment.makeID("fup"), dueAt: startsAt, now: context.now)
            plan.nextFollowUpID = first?.id
            plan.nextDueAt = first?.dueAt
        } else {
            plan.pausedDueAt = startsAt
        }
        let mutations = [Self.mutation(plan, "created", changed: ["customerId", "ownerId", "cadenceDays", "goal", "channel", "startsAt"])]
            + (first.map { [FollowUpScheduling.created($0)] } ?? [])
        try followUps.insertPlan(plan, firstTask: first, mutations: mutations, customerScope: customerScope, context: context)
        return plan
    }

    public func get(id: String, context: RequestContext) throws -> FollowUpPlan {
        guard let plan = try followUps.findPlan(id: id, scope: FollowUpService.scope(context)) else {
            throw KehuError.notFound(entity: "follow-up plan", id: id)
        }
        return plan
    }

    public func list(_ query: PlanQuery, page: PageRequest, context: RequestContext) throws -> Page<FollowUpPlan> {
        try followUps.listPlans(query, scope: FollowUpService.scope(context), page: page)
    }

    /// Goal, channel, cadence and owner; `active` pauses or resumes.
    public func update(id: String, patch: PlanPatch, expectedVersion: Int?, context: RequestContext) throws -> FollowUpPlan {
        var validator = Validator()
        if let days = patch.cadenceDays, !CadenceSettings.days.contains(days) {
            validator.fail("cadenceDays", "Must be between 1 and 365, or null to follow the tier.")
        }
        let goal = validator.optionalText(patch.goal, field: "goal", maxLength: FollowUpLimits.goalLength)
        for field in ["channel", "ownerId", "active"] where patch.cleared.contains(field) { validator.fail(field, "This field cannot be null.") }
        try validator.check()
        if let owner = patch.ownerID { try FollowUpScheduling.checkReassignment(to: owner, context: context) }
        let write = try followUps.changePlan(id: id, scope: FollowUpService.scope(context), context: context) { snapshot in
            var plan = snapshot.plan
            try Versioning.check(expectedVersion, current: plan.version, entity: "follow-up plan")
            guard plan.status != .ended else {
                throw KehuError.conflict("This plan has ended; start a new one.", details: ["currentStatus": plan.status.rawValue])
            }
            let before = plan
            if let owner = patch.ownerID { plan.ownerID = owner }
            if let channel = patch.channel { plan.channel = channel }
            if let days = patch.cadenceDays { plan.cadenceDays = days } else if patch.cleared.contains("cadenceDays") { plan.cadenceDays = nil }
            if let goal { plan.goal = goal } else if patch.cleared.contains("goal") || patch.goal != nil { plan.goal = nil }
            var write = FollowUpWrite()
            var action = "updated"
            switch (plan.status, patch.active) {
            case (.active, false?):
                plan.status = .paused
                action = "paused"
                if var pending = snapshot.pending {
                    plan.pausedDueAt = pending.dueAt
                    pending.close(as: .cancelled, reason: "plan paused", at: context.now)
                    write.updated.append(pending)
                    write.mutations.append(FollowUpScheduling.mutation(pending, "cancelled", changed: ["status", "reason"]))
                }
            case (.paused, true?):
                plan.status = .active
                action = "resumed"
                let dueAt = max(context.now, plan.pausedDueAt ?? context.now)
                plan.pausedDueAt = nil
                let task = FollowUpScheduling.task(for: plan, id: environment.makeID("fup"), dueAt: dueAt, now: context.now)
                write.created.append(task)
                write.mutations.append(FollowUpScheduling.created(task))
            default:
                break
            }
            // The pending task follows the plan's owner and channel.
            if plan.status == .active, var pending = snapshot.pending, pending.ownerID != plan.ownerID || pending.kind != plan.channel {
                pending.ownerID = plan.ownerID
                pending.kind = plan.channel
                pending.version += 1
                pending.updatedAt = context.now
                write.updated.append(pending)
                write.mutations.append(FollowUpScheduling.mutation(pending, "updated", changed: ["ownerId", "kind"]))
            }
            guard plan != before else { return write }
            plan.version += 1
            plan.updatedAt = context.now
            write.plan = plan
            var changed: [String] = []
            if plan.ownerID != before.ownerID { changed.append("ownerId") }
            if plan.channel != before.channel { changed.append("channel") }
            if plan.cadenceDays != before.cadenceDays { changed.append("cadenceDays") }
            if plan.goal != before.goal { changed.append("goal") }
            if plan.status != before.status { changed.append("active") }
            write.mutations.insert(Self.mutation(plan, action, changed: changed), at: 0)
            return write
        }
        return try get(id: write.plan?.id ?? id, context: context)
    }

    /// Ends the plan for good; its pending task is cancelled.
    public func end(id: String, reason: String?, expectedVersion: Int?, context: RequestContext) throws -> FollowUpPlan {
        var validator = Validator()
        let reason = validator.optionalText(reason, field: "reason", maxLength: FollowUpLimits.reasonLength)
        try validator.check()
        _ = try followUps.changePlan(id: id, scope: FollowUpService.scope(context), context: context) { snapshot in
            var plan = snapshot.plan
            try Versioning.check(expectedVersion, current: plan.version, entity: "follow-up plan")
            guard plan.status != .ended else {
                throw KehuError.conflict("This plan has already ended.", details: ["currentStatus": plan.status.rawValue])
            }
            var write = FollowUpWrite()
            if var pending = snapshot.pending {
                pending.close(as: .cancelled, reason: reason.map { "plan ended: \($0)" } ?? "plan ended", at: context.now)
                write.updated.append(pending)
                write.mutations.append(FollowUpScheduling.mutation(pending, "cancelled", changed: ["status", "reason"]))
            }
            plan.status = .ended
            plan.endedAt = context.now
            plan.pausedDueAt = nil
            plan.version += 1
            plan.updatedAt = context.now
            write.plan = plan
            write.mutations.insert(Self.mutation(plan, "ended", changed: ["active"]), at: 0)
            return write
        }
        return try get(id: id, context: context)
    }

    static func mutation(_ plan: FollowUpPlan, _ action: String, changed: [String]) -> Mutation {
        var values = ["customerId": plan.customerID, "status": plan.status.rawValue]
        if changed.contains("ownerId") || action == "created" { values["ownerId"] = plan.ownerID }
        return Mutation(entityType: "follow_up_plan", entityID: plan.id, action: action, changedFields: changed, auditValues: values)
    }
}
