import Foundation

/// A deal as a client sends it.
public struct DealInput: Sendable, Equatable {
    public var customerID: String
    public var title: String
    public var amount: Int64
    /// Default: the base currency of the classification settings (CNY).
    public var currency: String?
    /// Default `lead`; a deal starts in an open stage.
    public var stage: DealStage?
    /// Default: the customer's owner, else the caller.
    public var ownerID: String?
    public var expectedCloseAt: Date?
    public var notes: String?

    public init(customerID: String, title: String, amount: Int64, currency: String? = nil, stage: DealStage? = nil, ownerID: String? = nil,
                expectedCloseAt: Date? = nil, notes: String? = nil) {
        self.customerID = customerID
        self.title = title
        self.amount = amount
        self.currency = currency
        self.stage = stage
        self.ownerID = ownerID
        self.expectedCloseAt = expectedCloseAt
        self.notes = notes
    }
}

/// Changes to a deal's fields (merge patch: nil leaves a field alone). The stage changes
/// only through `StageChangeInput`; the customer never changes (a merge moves deals).
public struct DealPatch: Sendable, Equatable {
    public var title: String?
    public var amount: Int64?
    public var currency: String?
    public var ownerID: String?
    public var expectedCloseAt: Date?
    public var notes: String?
    /// Rewords the reason of a lost deal.
    public var lostReason: String?
    /// Fields set to null (`expectedCloseAt`, `notes`).
    public var cleared: Set<String>

    public init(title: String? = nil, amount: Int64? = nil, currency: String? = nil, ownerID: String? = nil, expectedCloseAt: Date? = nil,
                notes: String? = nil, lostReason: String? = nil, cleared: Set<String> = []) {
        self.title = title
        self.amount = amount
        self.currency = currency
        self.ownerID = ownerID
        self.expectedCloseAt = expectedCloseAt
        self.notes = notes
        self.lostReason = lostReason
        self.cleared = cleared
    }

    public static let nullable: Set<String> = ["expectedCloseAt", "notes"]
}

/// A move to another stage (`POST /v1/deals/{id}/stage`).
public struct StageChangeInput: Sendable, Equatable {
    public var stage: DealStage
    public var note: String?
    /// Required when moving to `lost`, refused otherwise.
    public var lostReason: String?
    /// With a move to `won`: record the deal as a purchase on the customer, in the same transaction.
    public var recordPurchase: Bool

    public init(stage: DealStage, note: String? = nil, lostReason: String? = nil, recordPurchase: Bool = false) {
        self.stage = stage
        self.note = note
        self.lostReason = lostReason
        self.recordPurchase = recordPurchase
    }
}

/// Filters and order of `GET /v1/deals`.
public struct DealQuery: Sendable, Equatable {
    public enum Order: String, Sendable, CaseIterable {
        /// Newest first (the default).
        case newest = "-createdAt"
        case oldest = "createdAt"
        /// Soonest expected close first; deals without one last.
        case closingFirst = "expectedCloseAt"
        case closingLast = "-expectedCloseAt"
        case smallest = "amount"
        case largest = "-amount"
    }

    public var stage: DealStage?
    public var ownerID: String?
    public var customerID: String?
    /// Expected to close at or after.
    public var expectedCloseFrom: Date?
    /// Expected to close before.
    public var expectedCloseTo: Date?
    /// Created at or after.
    public var createdFrom: Date?
    /// Created before.
    public var createdTo: Date?
    public var order: Order

    public init(stage: DealStage? = nil, ownerID: String? = nil, customerID: String? = nil, expectedCloseFrom: Date? = nil,
                expectedCloseTo: Date? = nil, createdFrom: Date? = nil, createdTo: Date? = nil, order: Order = .newest) {
        self.stage = stage
        self.ownerID = ownerID
        self.customerID = customerID
        self.expectedCloseFrom = expectedCloseFrom
        self.expectedCloseTo = expectedCloseTo
        self.createdFrom = createdFrom
        self.createdTo = createdTo
        self.order = order
    }
}

/// Limits on deal texts.
public enum DealLimits {
    public static let titleLength = 200
    public static let notesLength = 5_000
    public static let lostReasonLength = 500
    public static let noteLength = 2_000
}
