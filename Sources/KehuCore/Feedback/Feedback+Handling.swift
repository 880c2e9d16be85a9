import Foundation

/// The rules of handling an item, in one place for the service and the demo data: what a
/// workflow move and a verdict change on the item, and the events they keep.
extension Feedback {
    /// Moves the item to `status` at `now`: timestamps, breaches (a deadline passed before
    /// the move), a new SLA clock on reopening. Refused moves throw `illegalTransition`.
    /// Returns the `status_changed` event to keep.
    public mutating func move(to status: FeedbackStatus, at now: Date, actorID: String?, note: String?, resolution: String?,
                              reason: String? = nil, sla: SLASettings) throws -> FeedbackEvent {
        let from = self.status
        try FeedbackWorkflow.check(from: from, to: status)
        var detail: [String: String] = [:]
        if let reason { detail["reason"] = reason }
        switch status {
        case .acknowledged:
            if firstResponseAt == nil { firstResponseAt = now }
            if now > responseDueAt {
                responseBreached = true
                detail["breach"] = "response"
            }
        case .resolved:
            resolvedAt = now
            self.resolution = resolution
            // Kept with the move too: after a reopening the item shows only the last one.
            if let resolution { detail["resolution"] = resolution }
            if now > dueAt {
                resolutionBreached = true
                detail["breach"] = "resolution"
            }
        case .closed:
            closedAt = now
        case .reopened:
            // A new SLA clock for the second attempt: the resolution is due again in the
            // urgency's hours from now (no second acknowledgement is asked for).
            reopenCount += 1
            closedAt = nil
            slaStartedAt = now
            dueAt = sla.deadlines(urgency: urgency, from: now).dueAt
        case .open, .inProgress:
            break
        }
        self.status = status
        version += 1
        updatedAt = now
        return FeedbackEvent(feedbackID: id, type: .statusChanged, fromStatus: from, toStatus: status, note: note, detail: detail,
                             actorID: actorID, at: now)
    }

    /// Records the customer's verdict on a resolved item, once per resolution (else 409). A
    /// score of `FeedbackLimits.lowScore` or less reopens the item in the same change: the
    /// customer is not satisfied, so the case is not settled. Returns the events to keep.
    public mutating func recordSatisfaction(score: Int, comment: String?, at now: Date, actorID: String?,
                                            sla: SLASettings) throws -> [FeedbackEvent] {
        guard status == .resolved else {
            throw KehuError.conflict("Satisfaction is recorded once an item is resolved; this one is \(status.rawValue).",
                                     details: ["currentStatus": status.rawValue])
        }
        if let previous = satisfaction, let resolvedAt, previous.recordedAt >= resolvedAt {
            throw KehuError.conflict("Satisfaction with this resolution is already recorded.", details: ["currentStatus": status.rawValue])
        }
        satisfaction = Satisfaction(score: score, comment: comment, recordedAt: now)
        var events = [FeedbackEvent(feedbackID: id, type: .satisfactionRecorded, note: comment, detail: ["score": String(score)],
                                    actorID: actorID, at: now)]
        if score <= FeedbackLimits.lowScore {
            events.append(try move(to: .reopened, at: now, actorID: actorID, note: "Satisfaction \(score)/5", resolution: nil,
                                   reason: "low_satisfaction", sla: sla))
        } else {
            version += 1
            updatedAt = now
        }
        return events
    }
}
