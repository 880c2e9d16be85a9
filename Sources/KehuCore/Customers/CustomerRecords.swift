import Foundation

/// A person at a company customer.
public struct Contact: Sendable, Equatable {
    public var id: String
    public var customerID: String
    public var name: String
    public var title: String?
    /// E.164.
    public var phone: String?
    public var email: String?
    public var wechat: String?
    public var isPrimary: Bool
    public var notes: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: String, customerID: String, name: String, title: String? = nil, phone: String? = nil, email: String? = nil,
                wechat: String? = nil, isPrimary: Bool = false, notes: String? = nil, createdAt: Date, updatedAt: Date, version: Int = 1) {
        self.id = id
        self.customerID = customerID
        self.name = name
        self.title = title
        self.phone = phone
        self.email = email
        self.wechat = wechat
        self.isPrimary = isPrimary
        self.notes = notes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// One purchase: money in minor units of `currency`, never floating point.
public struct Purchase: Sendable, Equatable {
    public var id: String
    public var customerID: String
    public var amount: Int64
    public var currency: String
    /// What it cost the company (minor units), for profit.
    public var cost: Int64?
    public var product: String
    public var category: String?
    public var quantity: Int
    public var channel: String?
    public var purchasedAt: Date
    public var createdAt: Date

    public init(id: String, customerID: String, amount: Int64, currency: String, cost: Int64?, product: String, category: String?,
                quantity: Int, channel: String?, purchasedAt: Date, createdAt: Date) {
        self.id = id
        self.customerID = customerID
        self.amount = amount
        self.currency = currency
        self.cost = cost
        self.product = product
        self.category = category
        self.quantity = quantity
        self.channel = channel
        self.purchasedAt = purchasedAt
        self.createdAt = createdAt
    }
}

/// How a conversation happened.
public enum InteractionChannel: String, Sendable, Codable, CaseIterable {
    case phone, email, visit, wechat, sms, social, meeting, other
}

/// Who started a conversation.
public enum InteractionDirection: String, Sendable, Codable, CaseIterable {
    case inbound, outbound
}

/// One entry of the communication history.
public struct Interaction: Sendable, Equatable {
    public var id: String
    public var customerID: String
    public var channel: InteractionChannel
    public var direction: InteractionDirection
    public var summary: String
    public var outcome: String?
    public var occurredAt: Date
    /// The user who talked to the customer.
    public var userID: String?
    public var createdAt: Date

    public init(id: String, customerID: String, channel: InteractionChannel, direction: InteractionDirection, summary: String,
                outcome: String?, occurredAt: Date, userID: String?, createdAt: Date) {
        self.id = id
        self.customerID = customerID
        self.channel = channel
        self.direction = direction
        self.summary = summary
        self.outcome = outcome
        self.occurredAt = occurredAt
        self.userID = userID
        self.createdAt = createdAt
    }
}

/// One entry of a customer's timeline: what happened, when, and its own fields.
public struct TimelineItem: Sendable, Equatable {
    /// `purchase`, `interaction`, `contact`, later `follow_up`, `feedback`, `deal`.
    public var kind: String
    public var id: String
    public var occurredAt: Date
    /// A one-line description (product, summary, ...).
    public var title: String
    /// The record's own fields, as JSON text.
    public var detailJSON: String

    public init(kind: String, id: String, occurredAt: Date, title: String, detailJSON: String) {
        self.kind = kind
        self.id = id
        self.occurredAt = occurredAt
        self.title = title
        self.detailJSON = detailJSON
    }
}
