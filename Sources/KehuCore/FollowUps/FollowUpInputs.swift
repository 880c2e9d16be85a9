import Foundation

/// A one-off follow-up as a client sends it.
public struct FollowUpInput: Sendable, Equatable {
    public var customerID: String
    public var ownerID: String?
    public var dueAt: Date
    public var kind: FollowUpKind?
    public var purpose: String?

    public init(customerID: String, ownerID: String? = nil, dueAt: Date, kind: FollowUpKind? = nil, purpose: String? = nil) {
        self.customerID = customerID
        self.ownerID = ownerID
        self.dueAt = dueAt
        self.kind = kind
        self.purpose = purpose
    }
}

/// Changes to a pending follow-up (merge patch: nil leaves a field alone).
public struct FollowUpPatch: Sendable, Equatable {
    public var ownerID: String?
    public var dueAt: Date?
    public var kind: FollowUpKind?
    public var purpose: String?
    /// Fields set to null.
    public var cleared: Set<String>

    public init(ownerID: String? = nil, dueAt: Date? = nil, kind: FollowUpKind? = nil, purpose: String? = nil, cleared: Set<String> = []) {
        self.ownerID = ownerID
        self.dueAt = dueAt
        self.kind = kind
        self.purpose = purpose
        self.cleared = cleared
    }
}

/// What a completed follow-up records.
public struct CompletionInput: Sendable, Equatable {
    public var summary: String?
    public var outcome: String?
    public var channel: InteractionChannel?
    public var direction: InteractionDirection?
    public var occurredAt: Date?
    /// When the next task is due; else the plan's cadence (one-offs: no next task).
    public var nextDueAt: Date?

    public init(summary: String? = nil, outcome: String? = nil, channel: InteractionChannel? = nil, direction: InteractionDirection? = nil,
                occurredAt: Date? = nil, nextDueAt: Date? = nil) {
        self.summary = summary
        self.outcome = outcome
        self.channel = channel
        self.direction = direction
        self.occurredAt = occurredAt
        self.nextDueAt = nextDueAt
    }
}

/// A plan as a client sends it on create.
public struct PlanInput: Sendable, Equatable {
    public var customerID: String
    public var ownerID: String?
    public var cadenceDays: Int?
    public var goal: String?
    public var channel: FollowUpKind?
    public var startsAt: Date?
    public var active: Bool?

    public init(customerID: String, ownerID: String? = nil, cadenceDays: Int? = nil, goal: String? = nil, channel: FollowUpKind? = nil,
                startsAt: Date? = nil, active: Bool? = nil) {
        self.customerID = customerID
        self.ownerID = ownerID
        self.cadenceDays = cadenceDays
        self.goal = goal
        self.channel = channel
        self.startsAt = startsAt
        self.active = active
    }
}

/// Changes to a plan (merge patch).
public struct PlanPatch: Sendable, Equatable {
    public var ownerID: String?
    public var cadenceDays: Int?
    public var goal: String?
    public var channel: FollowUpKind?
    public var active: Bool?
    /// Fields set to null (`cadenceDays`: follow the tier again; `goal`).
    public var cleared: Set<String>

    public init(ownerID: String? = nil, cadenceDays: Int? = nil, goal: String? = nil, channel: FollowUpKind? = nil, active: Bool? = nil,
                cleared: Set<String> = []) {
        self.ownerID = ownerID
        self.cadenceDays = cadenceDays
        self.goal = goal
        self.channel = channel
        self.active = active
        self.cleared = cleared
    }
}

/// Filters for `GET /v1/follow-ups`.
public struct FollowUpQuery: Sendable, Equatable {
    public var ownerID: String?
    public var customerID: String?
    public var planID: String?
    public var status: FollowUpStatus?
    public var kind: FollowUpKind?
    /// Due at or after.
    public var dueAfter: Date?
    /// Due before.
    public var dueBefore: Date?
    /// Only pending tasks due before now.
    public var overdue: Bool
    /// Latest due first.
    public var descending: Bool

    public init(ownerID: String? = nil, customerID: String? = nil, planID: String? = nil, status: FollowUpStatus? = nil, kind: FollowUpKind? = nil,
                dueAfter: Date? = nil, dueBefore: Date? = nil, overdue: Bool = false, descending: Bool = false) {
        self.ownerID = ownerID
        self.customerID = customerID
        self.planID = planID
        self.status = status
        self.kind = kind
        self.dueAfter = dueAfter
        self.dueBefore = dueBefore
        self.overdue = overdue
        self.descending = descending
    }
}

/// Filters for `GET /v1/follow-up-plans`.
public struct PlanQuery: Sendable, Equatable {
    public var ownerID: String?
    public var customerID: String?
    public var status: PlanStatus?

    public init(ownerID: String? = nil, customerID: String? = nil, status: PlanStatus? = nil) {
        self.ownerID = ownerID
        self.customerID = customerID
        self.status = status
    }
}

/// Limits on follow-up texts and times, shared by the service's checks.
enum FollowUpLimits {
    static let purposeLength = 500
    static let goalLength = 500
    static let reasonLength = 500
    /// Due times further ahead than this are typing mistakes, not plans.
    static let horizon: TimeInterval = 5 * 366 * 86_400
}
