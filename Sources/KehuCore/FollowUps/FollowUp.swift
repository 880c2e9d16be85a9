import Foundation

/// What a follow-up is: how the owner means to get in touch.
public enum FollowUpKind: String, Sendable, Codable, CaseIterable {
    case call, visit, email, message, care

    /// The interaction channel a completed task of this kind records by default.
    public var defaultChannel: InteractionChannel {
        switch self {
        case .call: .phone
        case .visit: .visit
        case .email: .email
        case .message: .wechat
        case .care: .other
        }
    }
}

/// Where a follow-up stands. Only `pending` tasks can change; the others are final.
public enum FollowUpStatus: String, Sendable, Codable, CaseIterable {
    case pending, done, skipped, cancelled
}

/// What came of a completed follow-up: the interaction it recorded.
public struct FollowUpResult: Sendable, Equatable, Codable {
    public var outcome: String?
    public var summary: String
    public var channel: InteractionChannel
    public var interactionID: String

    public init(outcome: String?, summary: String, channel: InteractionChannel, interactionID: String) {
        self.outcome = outcome
        self.summary = summary
        self.channel = channel
        self.interactionID = interactionID
    }
}

/// One move of a pending follow-up's due time.
public struct Reschedule: Sendable, Equatable, Codable {
    public var fromDueAt: Date
    public var toDueAt: Date
    public var at: Date
    public var actorID: String
    public var reason: String?

    public init(fromDueAt: Date, toDueAt: Date, at: Date, actorID: String, reason: String?) {
        self.fromDueAt = fromDueAt
        self.toDueAt = toDueAt
        self.at = at
        self.actorID = actorID
        self.reason = reason
    }
}

/// A follow-up task (跟进任务): a one-off, or the current task of a plan.
public struct FollowUp: Sendable, Equatable {
    public var id: String
    public var customerID: String
    /// The plan that made this task, nil for a one-off.
    public var planID: String?
    public var ownerID: String
    public var dueAt: Date
    public var kind: FollowUpKind
    public var purpose: String?
    public var status: FollowUpStatus
    /// When it was done, skipped or cancelled.
    public var closedAt: Date?
    /// Set when done.
    public var result: FollowUpResult?
    /// Why it was skipped or cancelled.
    public var reason: String?
    public var reschedules: [Reschedule]
    /// For care tasks made by the sweep: which occasion (one task per customer and key).
    public var careKey: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: String, customerID: String, planID: String?, ownerID: String, dueAt: Date, kind: FollowUpKind,
                purpose: String?, careKey: String? = nil, createdAt: Date) {
        self.id = id
        self.customerID = customerID
        self.planID = planID
        self.ownerID = ownerID
        self.dueAt = dueAt
        self.kind = kind
        self.purpose = purpose
        self.careKey = careKey
        status = .pending
        reschedules = []
        self.createdAt = createdAt
        updatedAt = createdAt
        version = 1
    }

    /// Pending and due before `now`.
    public func isOverdue(at now: Date) -> Bool { status == .pending && dueAt < now }

    /// When it was done, nil unless done.
    public var completedAt: Date? { status == .done ? closedAt : nil }

    /// Closes a pending task as `status` (skipped, cancelled, done) at `now`.
    mutating func close(as status: FollowUpStatus, reason: String?, at now: Date) {
        self.status = status
        closedAt = now
        self.reason = reason
        version += 1
        updatedAt = now
    }
}

/// Whether a plan makes tasks.
public enum PlanStatus: String, Sendable, Codable, CaseIterable {
    /// Has exactly one pending task.
    case active
    /// Has none; resuming makes one.
    case paused
    /// Finished for good.
    case ended
}

/// A follow-up plan (跟进计划): a rhythm of tasks for one customer and one owner.
public struct FollowUpPlan: Sendable, Equatable {
    public var id: String
    public var customerID: String
    public var ownerID: String
    /// Days between tasks; nil follows the customer's tier (cadence settings).
    public var cadenceDays: Int?
    public var goal: String?
    /// The kind of task the plan makes.
    public var channel: FollowUpKind
    /// Due time of the first task.
    public var startsAt: Date
    public var status: PlanStatus
    /// While paused: the due time of the task the pause cancelled.
    public var pausedDueAt: Date?
    public var endedAt: Date?
    /// The pending task and its due time (read from the tasks, not stored on the plan).
    public var nextFollowUpID: String?
    public var nextDueAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: String, customerID: String, ownerID: String, cadenceDays: Int?, goal: String?, channel: FollowUpKind,
                startsAt: Date, status: PlanStatus, createdAt: Date) {
        self.id = id
        self.customerID = customerID
        self.ownerID = ownerID
        self.cadenceDays = cadenceDays
        self.goal = goal
        self.channel = channel
        self.startsAt = startsAt
        self.status = status
        self.createdAt = createdAt
        updatedAt = createdAt
        version = 1
    }
}
