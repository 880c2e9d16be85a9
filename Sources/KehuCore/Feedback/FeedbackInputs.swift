import Foundation

/// A piece of feedback as a client sends it.
public struct FeedbackInput: Sendable, Equatable {
    public var customerID: String
    public var kind: FeedbackKind
    public var channel: FeedbackChannel
    public var subject: String
    public var body: String?
    public var category: String?
    /// Default `normal`.
    public var urgency: Urgency?
    /// Default: the customer's owner.
    public var assigneeID: String?

    public init(customerID: String, kind: FeedbackKind, channel: FeedbackChannel, subject: String, body: String? = nil,
                category: String? = nil, urgency: Urgency? = nil, assigneeID: String? = nil) {
        self.customerID = customerID
        self.kind = kind
        self.channel = channel
        self.subject = subject
        self.body = body
        self.category = category
        self.urgency = urgency
        self.assigneeID = assigneeID
    }
}

/// Changes to an item's editable fields (merge patch: nil leaves a field alone). Status,
/// resolution and satisfaction change through their own actions.
public struct FeedbackPatch: Sendable, Equatable {
    public var kind: FeedbackKind?
    public var channel: FeedbackChannel?
    public var subject: String?
    public var body: String?
    public var category: String?
    public var urgency: Urgency?
    public var assigneeID: String?
    /// Fields set to null (`body`, `category`, `assigneeId`).
    public var cleared: Set<String>

    public init(kind: FeedbackKind? = nil, channel: FeedbackChannel? = nil, subject: String? = nil, body: String? = nil, category: String? = nil,
                urgency: Urgency? = nil, assigneeID: String? = nil, cleared: Set<String> = []) {
        self.kind = kind
        self.channel = channel
        self.subject = subject
        self.body = body
        self.category = category
        self.urgency = urgency
        self.assigneeID = assigneeID
        self.cleared = cleared
    }

    public static let nullable: Set<String> = ["body", "category", "assigneeId"]
}

/// A move along the workflow.
public struct TransitionInput: Sendable, Equatable {
    public var to: FeedbackStatus
    public var note: String?
    /// Required when moving to `resolved`.
    public var resolution: String?

    public init(to: FeedbackStatus, note: String? = nil, resolution: String? = nil) {
        self.to = to
        self.note = note
        self.resolution = resolution
    }
}

/// Filters for `GET /v1/feedback`.
public struct FeedbackQuery: Sendable, Equatable {
    public enum Order: String, Sendable, CaseIterable {
        /// Newest first (the default).
        case newest = "-createdAt"
        case oldest = "createdAt"
        /// Most pressing deadline first.
        case dueAt
    }

    public var kind: FeedbackKind?
    public var status: FeedbackStatus?
    public var urgency: Urgency?
    public var category: String?
    public var assigneeID: String?
    public var customerID: String?
    public var channel: FeedbackChannel?
    /// Created at or after.
    public var createdFrom: Date?
    /// Created before.
    public var createdTo: Date?
    /// Only items still being handled and past a deadline (`Feedback.isOverdue`).
    public var overdue: Bool
    public var order: Order

    public init(kind: FeedbackKind? = nil, status: FeedbackStatus? = nil, urgency: Urgency? = nil, category: String? = nil,
                assigneeID: String? = nil, customerID: String? = nil, channel: FeedbackChannel? = nil, createdFrom: Date? = nil,
                createdTo: Date? = nil, overdue: Bool = false, order: Order = .newest) {
        self.kind = kind
        self.status = status
        self.urgency = urgency
        self.category = category
        self.assigneeID = assigneeID
        self.customerID = customerID
        self.channel = channel
        self.createdFrom = createdFrom
        self.createdTo = createdTo
        self.overdue = overdue
        self.order = order
    }
}

/// Limits on feedback texts.
public enum FeedbackLimits {
    public static let subjectLength = 200
    public static let bodyLength = 5_000
    public static let categoryLength = 50
    public static let noteLength = 2_000
    public static let resolutionLength = 5_000
    public static let commentLength = 2_000
    /// Satisfaction scores; at or below `lowScore` the item is reopened.
    public static let scores = 1...5
    public static let lowScore = 2
}
