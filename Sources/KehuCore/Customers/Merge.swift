import Foundation

/// What a merge moves from the source onto the target.
public struct MergeMoves: Sendable, Equatable, Codable {
    /// Ids of moved records by kind: `purchases`, `interactions`, `contacts`, and what later
    /// features hang off a customer (follow-ups, feedback, deals).
    public var records: [String: [String]] = [:]
    /// Tags the target did not have.
    public var tags: [String] = []
    /// Attribute keys the target did not have.
    public var attributes: [String] = []
    /// Fields empty on the target, filled from the source.
    public var fields: [String] = []

    public init() {}
}

/// A field both sides have with different values: the target's value is kept, the
/// source's stays on the (archived) source, so nothing is lost.
public struct MergeConflict: Sendable, Equatable, Codable {
    public var field: String
    public var targetValue: String
    public var sourceValue: String

    public init(field: String, targetValue: String, sourceValue: String) {
        self.field = field
        self.targetValue = targetValue
        self.sourceValue = sourceValue
    }
}

/// A merge, done or previewed (`dryRun`).
public struct MergeRecord: Sendable, Equatable {
    /// Empty for a preview.
    public var id: String
    public var targetID: String
    public var sourceID: String
    public var moves: MergeMoves
    public var conflicts: [MergeConflict]
    public var actorID: String
    public var createdAt: Date
    public var undoneAt: Date?

    public init(id: String, targetID: String, sourceID: String, moves: MergeMoves, conflicts: [MergeConflict], actorID: String, createdAt: Date, undoneAt: Date? = nil) {
        self.id = id
        self.targetID = targetID
        self.sourceID = sourceID
        self.moves = moves
        self.conflicts = conflicts
        self.actorID = actorID
        self.createdAt = createdAt
        self.undoneAt = undoneAt
    }
}

/// Two active customers that may be the same person or company.
public struct DuplicatePair: Sendable, Equatable {
    public var first: CustomerSummary
    public var second: CustomerSummary
    /// `same_phone`, `same_email`, `same_name_and_company`.
    public var reasons: [String]
    /// Opaque position for the next page.
    public var cursor: String

    public init(first: CustomerSummary, second: CustomerSummary, reasons: [String], cursor: String) {
        self.first = first
        self.second = second
        self.reasons = reasons
        self.cursor = cursor
    }
}

/// A customer's id and the fields that identify it at a glance.
public struct CustomerSummary: Sendable, Equatable {
    public var id: String
    public var name: String
    public var company: String?
    public var phone: String?
    public var email: String?
    public var ownerID: String?

    public init(id: String, name: String, company: String?, phone: String?, email: String?, ownerID: String?) {
        self.id = id
        self.name = name
        self.company = company
        self.phone = phone
        self.email = email
        self.ownerID = ownerID
    }
}
