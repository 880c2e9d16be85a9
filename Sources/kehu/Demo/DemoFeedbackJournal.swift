import Foundation
import KehuCore

/// One feedback item and its `feedback_events`, written step by step the way
/// `FeedbackService` would have written them: only `FeedbackWorkflow` moves, in time order,
/// with the same timestamps, breach flags, new SLA clock on reopening, versions and events.
///
/// Steps are given in order with their planned times (whole milliseconds). A step planned
/// after `now` has not happened yet: it and every later step are left out, so what is
/// stored is the item as it stands today. Each step answers whether it happened.
struct DemoFeedbackJournal {
    private(set) var item: Feedback
    private(set) var events: [FeedbackEvent]
    /// False once a step fell after `now`.
    private(set) var isCurrent = true
    private let sla: SLASettings
    private let nowMillis: Int64
    private var lastMillis: Int64

    /// The shortest gap between two steps, so that their times and events stay in order.
    static let minimumGap: Int64 = 60_000

    /// Takes in `item` (new, open) with its `created` event, as `FeedbackService.create` does.
    init(_ item: Feedback, sla: SLASettings, nowMillis: Int64) {
        precondition(item.status == .open && item.version == 1, "a journal starts from a new item")
        self.item = item
        self.sla = sla
        self.nowMillis = nowMillis
        lastMillis = DemoTime.wholeMillis(item.createdAt)
        var detail = ["urgency": item.urgency.rawValue]
        if let assignee = item.assigneeID { detail["assigneeId"] = assignee }
        events = [FeedbackEvent(feedbackID: item.id, type: .created, toStatus: .open, detail: detail, actorID: item.assigneeID, at: item.createdAt)]
    }

    /// When the last step happened.
    var lastStepMillis: Int64 { lastMillis }

    /// Moves the item to `status` at `millis` (no earlier than a minute after the last step),
    /// as `FeedbackService.move` does; false if that is after now.
    @discardableResult
    mutating func move(to status: FeedbackStatus, at millis: Int64, note: String? = nil, resolution: String? = nil) -> Bool {
        guard let at = happened(millis) else { return false }
        apply(status, at: at, note: note, resolution: resolution, reason: nil)
        return true
    }

    /// The customer's verdict at `millis`, as `FeedbackService.recordSatisfaction` records
    /// it: only on a resolved item, once per resolution; a score of 2 or less reopens the
    /// item in the same write. False if that is after now.
    @discardableResult
    mutating func recordSatisfaction(score: Int, comment: String?, at millis: Int64) -> Bool {
        precondition(item.status == .resolved, "satisfaction is recorded on a resolved item")
        if let previous = item.satisfaction, let resolvedAt = item.resolvedAt {
            precondition(previous.recordedAt < resolvedAt, "one verdict per resolution")
        }
        guard let at = happened(millis) else { return false }
        let date = DemoTime.date(millis: at)
        item.satisfaction = Satisfaction(score: score, comment: comment, recordedAt: date)
        events.append(FeedbackEvent(feedbackID: item.id, type: .satisfactionRecorded, note: comment, detail: ["score": String(score)],
                                    actorID: item.assigneeID, at: date))
        if score <= FeedbackLimits.lowScore {
            apply(.reopened, at: at, note: "Satisfaction \(score)/5", resolution: nil, reason: "low_satisfaction")
        } else {
            item.version += 1
            item.updatedAt = date
        }
        return true
    }

    /// `millis` moved to at least a minute after the last step, or nil if that is after now
    /// (and so is everything after it).
    private mutating func happened(_ millis: Int64) -> Int64? {
        guard isCurrent else { return nil }
        let at = max(millis, lastMillis + Self.minimumGap)
        guard at <= nowMillis else {
            isCurrent = false
            return nil
        }
        lastMillis = at
        return at
    }

    /// The rules of `FeedbackService.move`, which is not public: timestamps, breaches (the
    /// deadline passed strictly before the step), a new SLA clock on reopening.
    private mutating func apply(_ status: FeedbackStatus, at millis: Int64, note: String?, resolution: String?, reason: String?) {
        let from = item.status
        precondition(FeedbackWorkflow.isAllowed(from: from, to: status), "\(from) → \(status) is not a workflow move")
        precondition((status == .resolved) == (resolution != nil), "resolving, and only resolving, takes a resolution")
        let now = DemoTime.date(millis: millis)
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
            if let resolution { detail["resolution"] = resolution }
            if now > item.dueAt {
                item.resolutionBreached = true
                detail["breach"] = "resolution"
            }
        case .closed:
            item.closedAt = now
        case .reopened:
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
        events.append(FeedbackEvent(feedbackID: item.id, type: .statusChanged, fromStatus: from, toStatus: status, note: note, detail: detail,
                                    actorID: item.assigneeID, at: now))
    }
}
