import Foundation

/// Feedback and complaints (反馈与投诉): intake from any channel, the status workflow with
/// its SLA deadlines and breaches, assignment, and the customer's verdict afterwards. Each
/// change runs as one transaction over the item as stored; the handling rules themselves are
/// `Feedback.move` and `Feedback.recordSatisfaction`.
public struct FeedbackService: Sendable {
    let feedback: any FeedbackRepository
    let settings: SettingsService
    let environment: Environment

    public init(feedback: any FeedbackRepository, settings: SettingsService, environment: Environment) {
        self.feedback = feedback
        self.settings = settings
        self.environment = environment
    }

    /// Reps: items on their customers and items assigned to them.
    static func scope(_ context: RequestContext) -> OwnerScope { AccessPolicy.customerScope(for: context.principal) }

    public func create(_ input: FeedbackInput, context: RequestContext) throws -> Feedback {
        var validator = Validator()
        let subject = validator.requiredText(input.subject, field: "subject", maxLength: FeedbackLimits.subjectLength)
        let body = validator.optionalText(input.body, field: "body", maxLength: FeedbackLimits.bodyLength)
        let category = validator.optionalText(input.category, field: "category", maxLength: FeedbackLimits.categoryLength)
        try validator.check()
        if let assignee = input.assigneeID { try Self.checkAssignment(to: assignee, context: context) }
        let customerScope = AccessPolicy.customerScope(for: context.principal)
        let customer = try feedback.customer(id: input.customerID, customerScope: customerScope)
        let urgency = input.urgency ?? .normal
        let item = Feedback(id: environment.makeID("fbk"), customerID: customer.id, kind: input.kind, channel: input.channel,
                            subject: subject ?? "", body: body, category: category, urgency: urgency,
                            assigneeID: input.assigneeID ?? customer.ownerID,
                            deadlines: try settings.sla().deadlines(urgency: urgency, from: context.now),
                            createdBy: context.principal.isSystem ? nil : context.principal.userID, createdAt: context.now)
        let event = FeedbackEvent(feedbackID: item.id, type: .created, toStatus: .open,
                                  detail: ["urgency": urgency.rawValue, "assigneeId": item.assigneeID ?? ""].filter { !$0.value.isEmpty },
                                  actorID: Self.actor(context), at: context.now)
        var values = ["customerId": item.customerID, "kind": item.kind.rawValue, "channel": item.channel.rawValue, "urgency": urgency.rawValue]
        if let assignee = item.assigneeID { values["assigneeId"] = assignee }
        let created = Mutation(entityType: "feedback", entityID: item.id, action: "created",
                               changedFields: ["kind", "channel", "subject", "urgency"] + (item.assigneeID == nil ? [] : ["assigneeId"]), auditValues: values)
        try feedback.insert(item, event: event, mutations: [created], customerScope: customerScope, context: context)
        return item
    }

    public func get(id: String, context: RequestContext) throws -> Feedback {
        guard let item = try feedback.find(id: id, scope: Self.scope(context)) else { throw KehuError.notFound(entity: "feedback item", id: id) }
        return item
    }

    public func list(_ query: FeedbackQuery, page: PageRequest, context: RequestContext) throws -> Page<Feedback> {
        try feedback.list(query, scope: Self.scope(context), page: page, now: context.now)
    }

    public func counts(context: RequestContext) throws -> FeedbackCounts {
        try feedback.counts(scope: Self.scope(context), now: context.now)
    }

    public func events(id: String, page: PageRequest, context: RequestContext) throws -> Page<FeedbackEvent> {
        try feedback.events(feedbackID: id, scope: Self.scope(context), page: page)
    }

    /// The editable fields. A new urgency moves the deadlines still ahead, counted from the
    /// start of the SLA clock; a new assignee is kept as an `assigned` event.
    public func update(id: String, patch: FeedbackPatch, expectedVersion: Int?, context: RequestContext) throws -> Feedback {
        var validator = Validator()
        let subject = patch.subject.flatMap { validator.requiredText($0, field: "subject", maxLength: FeedbackLimits.subjectLength) }
        let body = validator.optionalText(patch.body, field: "body", maxLength: FeedbackLimits.bodyLength)
        let category = validator.optionalText(patch.category, field: "category", maxLength: FeedbackLimits.categoryLength)
        try validator.check()
        if let assignee = patch.assigneeID { try Self.checkAssignment(to: assignee, context: context) }
        if patch.cleared.contains("assigneeId") { try Self.checkAssignment(to: nil, context: context) }
        let sla = try settings.sla()
        var current: Feedback?
        let write = try feedback.change(id: id, scope: Self.scope(context), context: context) { before in
            try Versioning.check(expectedVersion, current: before.version, entity: "feedback item")
            current = before
            var item = before
            if let kind = patch.kind { item.kind = kind }
            if let channel = patch.channel { item.channel = channel }
            if let subject { item.subject = subject }
            if patch.body != nil || patch.cleared.contains("body") { item.body = body }
            if patch.category != nil || patch.cleared.contains("category") { item.category = category }
            if let assignee = patch.assigneeID { item.assigneeID = assignee } else if patch.cleared.contains("assigneeId") { item.assigneeID = nil }
            if let urgency = patch.urgency, urgency != item.urgency {
                item.urgency = urgency
                // Only deadlines still ahead of the item move: the first response's while it
                // is open, the resolution's while it is being handled.
                let deadlines = sla.deadlines(urgency: urgency, from: item.slaStartedAt)
                if item.status == .open { item.responseDueAt = deadlines.responseDueAt }
                if item.status.isActive { item.dueAt = deadlines.dueAt }
            }
            guard item != before else { return FeedbackWrite() }
            item.version += 1
            item.updatedAt = context.now
            return Self.updateWrite(from: before, to: item, context: context)
        }
        guard let item = write.feedback ?? current else { preconditionFailure("change ran its closure or threw") }
        return item
    }

    /// Moves the item along the workflow, keeping the move with its actor, time and note.
    public func transition(id: String, _ input: TransitionInput, expectedVersion: Int?, context: RequestContext) throws -> Feedback {
        var validator = Validator()
        let note = validator.optionalText(input.note, field: "note", maxLength: FeedbackLimits.noteLength)
        let resolution = validator.textOfMove(input.resolution, field: "resolution", needed: input.to == .resolved,
                                              maxLength: FeedbackLimits.resolutionLength,
                                              missing: "Resolving needs a resolution: what was done.",
                                              refused: "Only a move to resolved takes a resolution.")
        try validator.check()
        let sla = try settings.sla()
        let write = try feedback.change(id: id, scope: Self.scope(context), context: context) { current in
            try Versioning.check(expectedVersion, current: current.version, entity: "feedback item")
            var item = current
            let event = try item.move(to: input.to, at: context.now, actorID: Self.actor(context), note: note, resolution: resolution, sla: sla)
            return Self.write(item, events: [event])
        }
        return write.feedback!
    }

    /// The customer's verdict on a resolved item, once per resolution. A score of 2 or less
    /// reopens it: the customer is not satisfied, so the case is not settled.
    public func recordSatisfaction(id: String, score: Int, comment: String?, expectedVersion: Int?, context: RequestContext) throws -> Feedback {
        var validator = Validator()
        if !FeedbackLimits.scores.contains(score) { validator.fail("score", "Must be a whole number from 1 to 5.") }
        let comment = validator.optionalText(comment, field: "comment", maxLength: FeedbackLimits.commentLength)
        try validator.check()
        let sla = try settings.sla()
        let write = try feedback.change(id: id, scope: Self.scope(context), context: context) { current in
            try Versioning.check(expectedVersion, current: current.version, entity: "feedback item")
            var item = current
            let events = try item.recordSatisfaction(score: score, comment: comment, at: context.now, actorID: Self.actor(context), sla: sla)
            return Self.write(item, events: events)
        }
        return write.feedback!
    }

    // MARK: Rules

    /// The write of a move or a verdict: the item, its events, and one journal entry each.
    static func write(_ item: Feedback, events: [FeedbackEvent]) -> FeedbackWrite {
        var write = FeedbackWrite(feedback: item)
        write.events = events
        write.mutations = events.map { event in
            if event.type == .satisfactionRecorded {
                return Mutation(entityType: "feedback", entityID: item.id, action: "satisfaction_recorded", changedFields: ["satisfaction"],
                                auditValues: ["customerId": item.customerID, "score": event.detail["score"] ?? ""])
            }
            var values = ["customerId": item.customerID, "from": event.fromStatus?.rawValue ?? "", "to": event.toStatus?.rawValue ?? ""]
            if let breach = event.detail["breach"] { values["breach"] = breach }
            return Mutation(entityType: "feedback", entityID: item.id, action: "status_changed", changedFields: ["status"], auditValues: values)
        }
        return write
    }

    /// The events and mutations of an edit: `assigned` for a new assignee, `updated` for the rest.
    static func updateWrite(from before: Feedback, to item: Feedback, context: RequestContext) -> FeedbackWrite {
        var write = FeedbackWrite(feedback: item)
        var changed: [String] = []
        if item.kind != before.kind { changed.append("kind") }
        if item.channel != before.channel { changed.append("channel") }
        if item.subject != before.subject { changed.append("subject") }
        if item.body != before.body { changed.append("body") }
        if item.category != before.category { changed.append("category") }
        if item.urgency != before.urgency { changed.append("urgency") }
        if !changed.isEmpty {
            var detail = ["fields": changed.joined(separator: ",")]
            var values = ["customerId": item.customerID]
            if item.urgency != before.urgency {
                detail["urgency"] = item.urgency.rawValue
                values["urgency"] = item.urgency.rawValue
            }
            write.events.append(FeedbackEvent(feedbackID: item.id, type: .updated, detail: detail, actorID: actor(context), at: context.now))
            write.mutations.append(Mutation(entityType: "feedback", entityID: item.id, action: "updated", changedFields: changed, auditValues: values))
        }
        if item.assigneeID != before.assigneeID {
            var detail = ["assigneeId": item.assigneeID ?? ""]
            if let previous = before.assigneeID { detail["previousAssigneeId"] = previous }
            write.events.append(FeedbackEvent(feedbackID: item.id, type: .assigned, detail: detail, actorID: actor(context), at: context.now))
            write.mutations.append(Mutation(entityType: "feedback", entityID: item.id, action: "assigned", changedFields: ["assigneeId"],
                                            auditValues: ["customerId": item.customerID, "assigneeId": item.assigneeID ?? ""]))
        }
        return write
    }

    /// Reps take feedback themselves; handing it to someone else (or to nobody) is for managers.
    static func checkAssignment(to assigneeID: String?, context: RequestContext) throws {
        if context.principal.role == .rep, assigneeID != context.principal.userID {
            throw KehuError.forbidden("A rep cannot assign feedback to someone else.")
        }
    }

    static func actor(_ context: RequestContext) -> String? { context.principal.isSystem ? nil : context.principal.userID }
}
