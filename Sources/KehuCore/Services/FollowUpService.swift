import Foundation

/// Follow-up tasks (跟进任务): one-offs and plans' tasks; completing, skipping, cancelling
/// and rescheduling them. Each of those runs as one transaction over a snapshot of the
/// task, its plan and its customer, so a plan's next task is scheduled atomically.
public struct FollowUpService: Sendable {
    let followUps: any FollowUpRepository
    let settings: SettingsService
    let environment: Environment

    public init(followUps: any FollowUpRepository, settings: SettingsService, environment: Environment) {
        self.followUps = followUps
        self.settings = settings
        self.environment = environment
    }

    /// Reps: their own tasks only.
    static func scope(_ context: RequestContext) -> OwnerScope { AccessPolicy.customerScope(for: context.principal) }

    public func create(_ input: FollowUpInput, context: RequestContext) throws -> FollowUp {
        var validator = Validator()
        FollowUpScheduling.checkDue(input.dueAt, field: "dueAt", now: context.now, future: false, into: &validator)
        let purpose = validator.optionalText(input.purpose, field: "purpose", maxLength: FollowUpLimits.purposeLength)
        try validator.check()
        let customerScope = AccessPolicy.customerScope(for: context.principal)
        let customer = try followUps.customer(id: input.customerID, customerScope: customerScope)
        let owner = try FollowUpScheduling.owner(requested: input.ownerID, customer: customer, context: context)
        let followUp = FollowUp(id: environment.makeID("fup"), customerID: customer.id, planID: nil, ownerID: owner, dueAt: input.dueAt,
                                kind: input.kind ?? .call, purpose: purpose, createdAt: context.now)
        try followUps.insert(followUp, mutation: FollowUpScheduling.created(followUp), customerScope: customerScope, context: context)
        return followUp
    }

    public func get(id: String, context: RequestContext) throws -> FollowUp {
        guard let followUp = try followUps.find(id: id, scope: Self.scope(context)) else { throw KehuError.notFound(entity: "follow-up", id: id) }
        return followUp
    }

    public func list(_ query: FollowUpQuery, page: PageRequest, context: RequestContext) throws -> Page<FollowUp> {
        try followUps.list(query, scope: Self.scope(context), page: page, now: context.now)
    }

    /// Purpose, kind, owner and due time of a pending task; a new due time is a reschedule.
    public func update(id: String, patch: FollowUpPatch, expectedVersion: Int?, context: RequestContext) throws -> FollowUp {
        var validator = Validator()
        if let dueAt = patch.dueAt { FollowUpScheduling.checkDue(dueAt, field: "dueAt", now: context.now, future: true, into: &validator) }
        let purpose = validator.optionalText(patch.purpose, field: "purpose", maxLength: FollowUpLimits.purposeLength)
        for field in ["dueAt", "kind", "ownerId"] where patch.cleared.contains(field) { validator.fail(field, "This field cannot be null.") }
        try validator.check()
        if let owner = patch.ownerID { try FollowUpScheduling.checkReassignment(to: owner, context: context) }
        var current: FollowUp?
        let write = try followUps.change(id: id, scope: Self.scope(context), context: context) { snapshot in
            var task = try Self.pendingTask(snapshot, expectedVersion: expectedVersion, action: "changed")
            current = task
            let before = task
            if let owner = patch.ownerID { task.ownerID = owner }
            if let kind = patch.kind { task.kind = kind }
            if let purpose { task.purpose = purpose } else if patch.cleared.contains("purpose") || patch.purpose != nil { task.purpose = nil }
            if let dueAt = patch.dueAt, dueAt != task.dueAt {
                task.reschedules.append(Reschedule(fromDueAt: task.dueAt, toDueAt: dueAt, at: context.now, actorID: context.principal.userID, reason: nil))
                task.dueAt = dueAt
            }
            var write = FollowUpWrite()
            guard task != before else { return write }
            var changed: [String] = []
            if task.ownerID != before.ownerID { changed.append("ownerId") }
            if task.kind != before.kind { changed.append("kind") }
            if task.purpose != before.purpose { changed.append("purpose") }
            if task.dueAt != before.dueAt { changed.append("dueAt") }
            task.version += 1
            task.updatedAt = context.now
            write.updated = [task]
            var mutation = FollowUpScheduling.mutation(task, task.dueAt != before.dueAt ? "rescheduled" : "updated", changed: changed)
            if changed.contains("ownerId") { mutation.auditValues["ownerId"] = task.ownerID }
            write.mutations = [mutation]
            return write
        }
        guard let task = write.updated.first ?? current else { preconditionFailure("change ran its closure or threw") }
        return task
    }

    /// Marks the task done, records the interaction, and schedules the next task.
    public func complete(id: String, _ input: CompletionInput, expectedVersion: Int?, context: RequestContext) throws -> TaskOutcome {
        var validator = Validator()
        let summary = validator.optionalText(input.summary, field: "summary", maxLength: 2_000)
        let outcome = validator.optionalText(input.outcome, field: "outcome", maxLength: 500)
        if let next = input.nextDueAt { FollowUpScheduling.checkDue(next, field: "nextDueAt", now: context.now, future: true, into: &validator) }
        if let occurredAt = input.occurredAt, occurredAt > context.now.addingTimeInterval(86_400) {
            validator.fail("occurredAt", "Must not be in the future.")
        }
        try validator.check()
        let cadence = try settings.cadence()
        let rules = try settings.classificationRules()
        let write = try followUps.change(id: id, scope: Self.scope(context), context: context) { snapshot in
            var task = try Self.pendingTask(snapshot, expectedVersion: expectedVersion, action: "completed")
            let channel = input.channel ?? task.kind.defaultChannel
            let text = summary ?? task.purpose ?? "Follow-up (\(task.kind.rawValue)) done"
            let interaction = Interaction(id: environment.makeID("int"), customerID: task.customerID, channel: channel,
                                          direction: input.direction ?? .outbound, summary: text, outcome: outcome,
                                          occurredAt: input.occurredAt ?? context.now,
                                          userID: context.principal.isSystem ? nil : context.principal.userID, createdAt: context.now)
            task.close(as: .done, reason: nil, at: context.now)
            task.result = FollowUpResult(outcome: outcome, summary: text, channel: channel, interactionID: interaction.id)
            var write = FollowUpWrite()
            write.updated = [task]
            write.interaction = interaction
            write.classification = rules
            write.mutations = [
                FollowUpScheduling.mutation(task, "completed", changed: ["status", "result"]),
                Mutation(entityType: "interaction", entityID: interaction.id, action: "created", changedFields: ["channel", "summary"],
                         auditValues: ["customerId": interaction.customerID, "channel": channel.rawValue]),
            ]
            try scheduleNext(after: task, snapshot: snapshot, cadence: cadence, from: context.now, requested: input.nextDueAt, context: context, into: &write)
            return write
        }
        return TaskOutcome(write)
    }

    /// The task will not happen; a plan goes on with its next task.
    public func skip(id: String, reason: String, nextDueAt: Date?, expectedVersion: Int?, context: RequestContext) throws -> TaskOutcome {
        var validator = Validator()
        let reason = validator.requiredText(reason, field: "reason", maxLength: FollowUpLimits.reasonLength)
        if let next = nextDueAt { FollowUpScheduling.checkDue(next, field: "nextDueAt", now: context.now, future: true, into: &validator) }
        try validator.check()
        let cadence = try settings.cadence()
        let write = try followUps.change(id: id, scope: Self.scope(context), context: context) { snapshot in
            var task = try Self.pendingTask(snapshot, expectedVersion: expectedVersion, action: "skipped")
            let dueAt = task.dueAt
            task.close(as: .skipped, reason: reason, at: context.now)
            var write = FollowUpWrite()
            write.updated = [task]
            write.mutations = [FollowUpScheduling.mutation(task, "skipped", changed: ["status", "reason"])]
            try scheduleNext(after: task, snapshot: snapshot, cadence: cadence, from: max(context.now, dueAt), requested: nextDueAt,
                             context: context, into: &write)
            return write
        }
        return TaskOutcome(write)
    }

    /// Withdraws a one-off task. A plan's task is skipped, or its plan paused or ended, instead.
    public func cancel(id: String, reason: String, expectedVersion: Int?, context: RequestContext) throws -> FollowUp {
        var validator = Validator()
        let reason = validator.requiredText(reason, field: "reason", maxLength: FollowUpLimits.reasonLength)
        try validator.check()
        let write = try followUps.change(id: id, scope: Self.scope(context), context: context) { snapshot in
            var task = try Self.pendingTask(snapshot, expectedVersion: expectedVersion, action: "cancelled")
            if let planID = task.planID {
                throw KehuError.conflict("This follow-up belongs to plan \(planID), which always keeps one pending; skip it, or pause or end the plan.",
                                         details: ["planId": planID])
            }
            task.close(as: .cancelled, reason: reason, at: context.now)
            var write = FollowUpWrite()
            write.updated = [task]
            write.mutations = [FollowUpScheduling.mutation(task, "cancelled", changed: ["status", "reason"])]
            return write
        }
        return write.updated[0]
    }

    /// Moves a pending task, keeping the move in its history.
    public func reschedule(id: String, to dueAt: Date, reason: String?, expectedVersion: Int?, context: RequestContext) throws -> FollowUp {
        var validator = Validator()
        FollowUpScheduling.checkDue(dueAt, field: "dueAt", now: context.now, future: true, into: &validator)
        let reason = validator.optionalText(reason, field: "reason", maxLength: FollowUpLimits.reasonLength)
        try validator.check()
        var current: FollowUp?
        let write = try followUps.change(id: id, scope: Self.scope(context), context: context) { snapshot in
            var task = try Self.pendingTask(snapshot, expectedVersion: expectedVersion, action: "rescheduled")
            current = task
            guard dueAt != task.dueAt else { return FollowUpWrite() }
            task.reschedules.append(Reschedule(fromDueAt: task.dueAt, toDueAt: dueAt, at: context.now, actorID: context.principal.userID, reason: reason))
            task.dueAt = dueAt
            task.version += 1
            task.updatedAt = context.now
            var write = FollowUpWrite()
            write.updated = [task]
            write.mutations = [FollowUpScheduling.mutation(task, "rescheduled", changed: ["dueAt"])]
            return write
        }
        guard let task = write.updated.first ?? current else { preconditionFailure("change ran its closure or threw") }
        return task
    }

    /// The snapshot's task, if it is still at `expectedVersion` (else 412) and pending (else 409).
    private static func pendingTask(_ snapshot: FollowUpSnapshot, expectedVersion: Int?, action: String) throws -> FollowUp {
        try Versioning.check(expectedVersion, current: snapshot.followUp.version, entity: "follow-up")
        try FollowUpScheduling.requirePending(snapshot.followUp, action: action)
        return snapshot.followUp
    }

    /// For a plan's task, the next one (the plan is active whenever its task was pending);
    /// for a one-off, a new one-off only when a next due time was asked for.
    private func scheduleNext(after task: FollowUp, snapshot: FollowUpSnapshot, cadence: CadenceSettings, from: Date, requested: Date?,
                              context: RequestContext, into write: inout FollowUpWrite) throws {
        let next: FollowUp
        if let plan = snapshot.plan, plan.status == .active {
            let dueAt = FollowUpScheduling.nextDue(plan: plan, tier: snapshot.customer.tier, settings: cadence, from: from, requested: requested)
            next = FollowUpScheduling.task(for: plan, id: environment.makeID("fup"), dueAt: dueAt, now: context.now)
        } else if let requested {
            next = FollowUp(id: environment.makeID("fup"), customerID: task.customerID, planID: nil, ownerID: task.ownerID, dueAt: requested,
                            kind: task.kind, purpose: task.purpose, createdAt: context.now)
        } else {
            return
        }
        write.created.append(next)
        write.mutations.append(FollowUpScheduling.created(next))
    }
}

/// What closing a task did: the task, the interaction it recorded, the next task.
public struct TaskOutcome: Sendable {
    public var followUp: FollowUp
    public var interaction: Interaction?
    public var next: FollowUp?

    init(_ write: FollowUpWrite) {
        followUp = write.updated[0]
        interaction = write.interaction
        next = write.created.first
    }
}
