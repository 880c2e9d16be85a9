import Foundation

/// A subscription: change events of the listed types are POSTed, signed, to `url`.
public struct Webhook: Sendable, Equatable {
    public var id: String
    public var url: String
    /// Event types (`user.created`), or `*` for every event.
    public var events: [String]
    public var active: Bool
    /// Deliveries that failed for good in a row; reaching the limit disables the webhook.
    public var consecutiveFailures: Int
    /// Why Kehu disabled it (410, repeated failures), if it did.
    public var disabledReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: String, url: String, events: [String], active: Bool, consecutiveFailures: Int, disabledReason: String?, createdAt: Date, updatedAt: Date, version: Int) {
        self.id = id
        self.url = url
        self.events = events
        self.active = active
        self.consecutiveFailures = consecutiveFailures
        self.disabledReason = disabledReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// One try at delivering an event.
public struct WebhookAttempt: Sendable, Equatable {
    public var number: Int
    public var at: Date
    public var statusCode: Int?
    public var error: String?
    public var durationMilliseconds: Int

    public init(number: Int, at: Date, statusCode: Int?, error: String?, durationMilliseconds: Int) {
        self.number = number
        self.at = at
        self.statusCode = statusCode
        self.error = error
        self.durationMilliseconds = durationMilliseconds
    }
}

/// One event queued for one webhook, with every attempt so far.
public struct WebhookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, succeeded, failed }

    public var id: Int64
    public var webhookID: String
    public var eventSequence: Int64
    public var eventType: String
    public var status: Status
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var deliveredAt: Date?
    public var attempts: [WebhookAttempt]

    public init(id: Int64, webhookID: String, eventSequence: Int64, eventType: String, status: Status, nextAttemptAt: Date?, createdAt: Date, deliveredAt: Date?, attempts: [WebhookAttempt]) {
        self.id = id
        self.webhookID = webhookID
        self.eventSequence = eventSequence
        self.eventType = eventType
        self.status = status
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.attempts = attempts
    }
}

/// A delivery claimed by the sender: where to send what, signed with which secret.
public struct DueDelivery: Sendable {
    public var id: Int64
    public var webhookID: String
    public var url: String
    public var secret: String
    public var event: ChangeEvent
    public var attemptsSoFar: Int

    public init(id: Int64, webhookID: String, url: String, secret: String, event: ChangeEvent, attemptsSoFar: Int) {
        self.id = id
        self.webhookID = webhookID
        self.url = url
        self.secret = secret
        self.event = event
        self.attemptsSoFar = attemptsSoFar
    }
}

/// What became of an attempt.
public enum DeliveryOutcome: Sendable, Equatable {
    case succeeded
    /// Try again at this time.
    case retry(at: Date)
    /// Give up; when `disableReason` is set, the webhook is disabled too.
    case failed(disableReason: String?)
}
