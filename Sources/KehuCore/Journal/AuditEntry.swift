import Foundation

/// One row of the audit trail: who changed what, when, from which key and request.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var id: String
    public var occurredAt: Date
    public var actorID: String
    public var keyID: String?
    public var requestID: String
    public var entityType: String
    public var entityID: String
    public var action: String
    public var changedFields: [String]
    public var values: [String: String]

    public init(id: String, occurredAt: Date, actorID: String, keyID: String?, requestID: String, entityType: String, entityID: String, action: String, changedFields: [String], values: [String: String]) {
        self.id = id
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.keyID = keyID
        self.requestID = requestID
        self.entityType = entityType
        self.entityID = entityID
        self.action = action
        self.changedFields = changedFields
        self.values = values
    }
}

/// Filters for the audit trail.
public struct AuditFilter: Sendable, Equatable {
    public var entityType: String?
    public var entityID: String?
    public var actorID: String?

    public init(entityType: String? = nil, entityID: String? = nil, actorID: String? = nil) {
        self.entityType = entityType
        self.entityID = entityID
        self.actorID = actorID
    }
}

/// One entry of the change feed. `sequence` is monotonic in commit order.
public struct ChangeEvent: Sendable, Equatable, Codable {
    public var sequence: Int64
    public var type: String
    public var entityType: String
    public var entityID: String
    public var changedFields: [String]
    public var occurredAt: Date

    public init(sequence: Int64, type: String, entityType: String, entityID: String, changedFields: [String], occurredAt: Date) {
        self.sequence = sequence
        self.type = type
        self.entityType = entityType
        self.entityID = entityID
        self.changedFields = changedFields
        self.occurredAt = occurredAt
    }
}
