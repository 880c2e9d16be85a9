import Foundation

/// Feedback and complaints (反馈与投诉): intake from any channel, the status workflow with
/// its SLA deadlines and breaches, assignment, and the customer's verdict afterwards. Each
/// change runs as one transaction over a snapshot of the item.
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

    /// The editable fields. A new urgency moves both deadlines, counted from the start of
    /// the SLA clock; a new assignee is kept as an `assigned` event.
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
        let write = try feedback.change(id: id, scope: Self.scope(context), context: context) { snapshot in
            try Versioning.check(expectedVersion, current: snapshot.feedback.version, entity: "feedback item")
            let before = snapshot.feedback
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
        var resolution: String?
        if input.to == .resolved {
            if let text = input.resolution {
                resolution = validator.requiredText(text, field: "resolution", maxLength: FeedbackLimits.resolutionLength)
            } else {
                validator.fail("resolution", "Resolving needs a resolution: what was done.")
            }
        } else if input.resolution != nil {
            validator.fail("resolution", "Only a move to resolved takes a resolution.")
        }
        try validator.check()
        let sla = try settings.sla()
        let write = try feedback.change(id: id, scope: Self.scope(context), context: context) { snapshot in
            try Versioning.check(expectedVersion, current: snapshot.feedback.version, entity: "feedback item")
            var write = FeedbackWrite()
            var item = snapshot.feedback
            try Self.move(&item, to: input.to, note: note, resolution: resolution, sla: sla, context: context, into: &write)
            write.feedback = item
            return write
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
        let write = try feedback.change(id: id, scope: Self.scope(context), context: context) { snapshot in
            try Versioning.check(expectedVersion, current: snapshot.feedback.version, entity: "feedback item")
            var item = snapshot.feedback
            guard item.status == .resolved else {
                throw KehuError.conflict("Satisfaction is recorded once an item is resolved; this one is \(item.status.rawValue).",
                                         details: ["currentStatus": item.status.rawValue])
            }
            if let previous = item.satisfaction, let resolvedAt = item.resolvedAt, previous.recordedAt >= resolvedAt {
                throw KehuError.conflict("Satisfaction with this resolution is already recorded.", details: ["currentStatus": item.status.rawValue])
            }
            item.satisfaction = Satisfaction(score: score, comment: comment, recordedAt: context.now)
            var write = FeedbackWrite()
            write.events.append(FeedbackEvent(feedbackID: item.id, type: .satisfactionRecorded, note: comment, detail: ["score": String(score)],
                                              actorID: Self.actor(context), at: context.now))
            write.mutations.append(Mutation(entityType: "feedback", entityID: item.id, action: "satisfaction_recorded", changedFields: ["satisfaction"],
                                            auditValues: ["customerId": item.customerID, "score": String(score)]))
            if score <= FeedbackLimits.lowScore {
                try Self.move(&item, to: .reopened, note: "Satisfaction \(score)/5", resolution: nil, sla: sla, context: context, into: &write,
                              reason: "low_satisfaction")
            } else {
                item.version += 1
                item.updatedAt = context.now
            }
            write.feedback = item
            return write
        }
        return write.feedback!
    }

    // MARK: Rules

    /// Applies one workflow move to `item`: timestamps, breaches, a new SLA clock on reopening.
    static func move(_ item: inout Feedback, to status: FeedbackStatus, note: String?, resolution: String?, sla: SLASettings,
                     context: RequestContext, into write: inout FeedbackWrite, reason: String? = nil) throws {
        let from = item.status
        try FeedbackWorkflow.check(from: from, to: status)
        let now = context.now
        var detail: [String: String] = [:]
        if let reason { detail["reason"] = reason }
        switch status {
        case .acknowledged:
            if item.firstResponseAt == nil { item.firstResponseAt = now }
            if now > item.responseDueAt {
                item.responseBreached = true
                detail["breach"] = "response"
            }
        case .resolved:
            item.resolvedAt = now
            item.resolution = resolution
            // Kept with the move too: after a reopening the item shows only the last one.
            if let resolution { detail["resolution"] = resolution }
            if now > item.dueAt {
                item.resolutionBreached = true
                detail["breach"] = "resolution"
            }
        case .closed:
            item.closedAt = now
        case .reopened:
            // A new SLA clock for the second attempt: the resolution is due again in the
            // urgency's hours from now (no second acknowledgement is asked for).
            item.reopenCount += 1
            item.closedAt = nil
            item.slaStartedAt = now
            item.dueAt = sla.deadlines(urgency: item.urgency, from: now).dueAt
        case .open, .inProgress:
            break
        }
        item.status = status
        item.version += 1
        item.updatedAt = now
        write.events.append(FeedbackEvent(feedbackID: item.id, type: .statusChanged, fromStatus: from, toStatus: status, note: note,
                                          detail: detail, actorID: actor(context), at: now))
        var values = ["customerId": item.customerID, "from": from.rawValue, "to": status.rawValue]
        if let breach = detail["breach"] { values["breach"] = breach }
        write.mutations.append(Mutation(entityType: "feedback", entityID: item.id, action: "status_changed", changedFields: ["status"],
                                        auditValues: values))
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
