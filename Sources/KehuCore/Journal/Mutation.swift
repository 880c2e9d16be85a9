/// One committed change, as the audit trail, the change feed and webhooks see it.
///
/// Carries field names and, for non-personal fields only (status, tier, role, owner),
/// values: never names, phones or notes.
public struct Mutation: Sendable, Equatable {
    /// Entity type in snake case: `user`, `api_key`, `customer`, ...
    public var entityType: String
    public var entityID: String
    /// What happened: `created`, `updated`, `revoked`, `merged`, ...
    public var action: String
    /// Names of the fields that changed.
    public var changedFields: [String]
    /// Values of changed fields that are safe to keep (never personal data).
    public var auditValues: [String: String]

    public init(entityType: String, entityID: String, action: String, changedFields: [String] = [], auditValues: [String: String] = [:]) {
        self.entityType = entityType
        self.entityID = entityID
        self.action = action
        self.changedFields = changedFields
        self.auditValues = auditValues
    }

    /// The event type on the feed and in webhooks, e.g. `customer.updated`.
    public var eventType: String { "\(entityType).\(action)" }
}
