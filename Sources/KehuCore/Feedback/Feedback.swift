import Foundation

/// What a piece of feedback is.
public enum FeedbackKind: String, Sendable, CaseIterable {
    case complaint, suggestion, praise, inquiry
}

/// Where it came in.
public enum FeedbackChannel: String, Sendable, CaseIterable {
    case phone, email, webForm = "web_form", wechat, socialMedia = "social_media", inPerson = "in_person", survey, other
}

/// How fast it must be answered; the SLA settings give the hours.
public enum Urgency: String, Sendable, CaseIterable, Codable {
    case low, normal, high, critical
}

/// Where an item stands in its workflow (`FeedbackWorkflow` says which moves exist).
public enum FeedbackStatus: String, Sendable, CaseIterable {
    case open, acknowledged, inProgress = "in_progress", resolved, closed, reopened

    /// Still being handled: counts as open feedback on the customer and can be overdue.
    public var isActive: Bool { self != .resolved && self != .closed }

    public static let active = allCases.filter(\.isActive)
}

/// The customer's verdict on how an item was handled.
public struct Satisfaction: Sendable, Equatable {
    /// 1 (very unhappy) to 5 (very happy).
    public var score: Int
    public var comment: String?
    public var recordedAt: Date

    public init(score: Int, comment: String?, recordedAt: Date) {
        self.score = score
        self.comment = comment
        self.recordedAt = recordedAt
    }
}

/// One piece of feedback or a complaint (反馈与投诉), with its SLA clock.
public struct Feedback: Sendable, Equatable {
    public var id: String
    public var customerID: String
    public var kind: FeedbackKind
    public var channel: FeedbackChannel
    public var subject: String
    public var body: String?
    public var category: String?
    public var urgency: Urgency
    public var status: FeedbackStatus
    public var assigneeID: String?
    /// When the SLA clock started: intake, or the last reopening.
    public var slaStartedAt: Date
    /// The first response (acknowledgement) is due by then.
    public var responseDueAt: Date
    /// The resolution is due by then.
    public var dueAt: Date
    public var firstResponseAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?
    /// Acknowledged after `responseDueAt`.
    public var responseBreached: Bool
    /// Resolved (at least once) after its `dueAt`.
    public var resolutionBreached: Bool
    public var resolution: String?
    public var satisfaction: Satisfaction?
    public var reopenCount: Int
    public var createdBy: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: String, customerID: String, kind: FeedbackKind, channel: FeedbackChannel, subject: String, body: String?,
                category: String?, urgency: Urgency, assigneeID: String?, deadlines: SLADeadlines, createdBy: String?, createdAt: Date) {
        self.id = id
        self.customerID = customerID
        self.kind = kind
        self.channel = channel
        self.subject = subject
        self.body = body
        self.category = category
        self.urgency = urgency
        status = .open
        self.assigneeID = assigneeID
        slaStartedAt = createdAt
        responseDueAt = deadlines.responseDueAt
        dueAt = deadlines.dueAt
        responseBreached = false
        resolutionBreached = false
        reopenCount = 0
        self.createdBy = createdBy
        self.createdAt = createdAt
        updatedAt = createdAt
        version = 1
    }

    /// Still being handled and past a deadline: the resolution's, or while still open the
    /// first response's.
    public func isOverdue(at now: Date) -> Bool {
        Self.isOverdue(status: status, responseDueAt: responseDueAt, dueAt: dueAt, at: now)
    }

    /// The rule, for anything that carries an item's status and deadlines.
    public static func isOverdue(status: FeedbackStatus, responseDueAt: Date, dueAt: Date, at now: Date) -> Bool {
        status.isActive && (dueAt < now || (status == .open && responseDueAt < now))
    }
}

/// One kept change of an item (`GET /v1/feedback/{id}/events`).
public struct FeedbackEvent: Sendable, Equatable {
    public enum EventType: String, Sendable, CaseIterable {
        case created, statusChanged = "status_changed", assigned, updated, satisfactionRecorded = "satisfaction_recorded"
    }

    public var sequence: Int64
    public var feedbackID: String
    public var type: EventType
    public var fromStatus: FeedbackStatus?
    public var toStatus: FeedbackStatus?
    public var note: String?
    /// Further facts as flat text values: `breach`, `assigneeId`, `fields`, `score`, ...
    public var detail: [String: String]
    public var actorID: String?
    public var at: Date

    public init(sequence: Int64 = 0, feedbackID: String, type: EventType, fromStatus: FeedbackStatus? = nil, toStatus: FeedbackStatus? = nil,
                note: String? = nil, detail: [String: String] = [:], actorID: String?, at: Date) {
        self.sequence = sequence
        self.feedbackID = feedbackID
        self.type = type
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.note = note
        self.detail = detail
        self.actorID = actorID
        self.at = at
    }
}
