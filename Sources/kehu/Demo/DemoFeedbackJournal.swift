import Foundation
import KehuCore

/// One feedback item and its `feedback_events`, written step by step through the same
/// `Feedback` rules as `FeedbackService`: only `FeedbackWorkflow` moves, in time order,
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

    /// The customer's verdict at `millis`, by `Feedback.recordSatisfaction`: only on a
    /// resolved item, once per resolution; a score of 2 or less reopens the item in the same
    /// write. False if that is after now.
    @discardableResult
    mutating func recordSatisfaction(score: Int, comment: String?, at millis: Int64) -> Bool {
        precondition(item.status == .resolved, "satisfaction is recorded on a resolved item")
        guard let at = happened(millis) else { return false }
        do {
            events += try item.recordSatisfaction(score: score, comment: comment, at: DemoTime.date(millis: at), actorID: item.assigneeID, sla: sla)
        } catch {
            preconditionFailure("the demo planned a verdict the rules refuse: \(error)")
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

    /// One move by `Feedback.move`, the service's own rules; the demo plans only moves the
    /// workflow allows, so a refusal is a bug in the plan.
    private mutating func apply(_ status: FeedbackStatus, at millis: Int64, note: String?, resolution: String?, reason: String?) {
        precondition((status == .resolved) == (resolution != nil), "resolving, and only resolving, takes a resolution")
        do {
            events.append(try item.move(to: status, at: DemoTime.date(millis: millis), actorID: item.assigneeID, note: note, resolution: resolution,
                                        reason: reason, sla: sla))
        } catch {
            preconditionFailure("\(item.status) → \(status) is not a workflow move: \(error)")
        }
    }
}
