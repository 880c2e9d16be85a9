import Foundation
import KehuCore

/// A user as the API shows it.
struct UserBody: Encodable {
    var id: String
    var name: String
    var email: String
    var role: Role
    var active: Bool
    var createdAt: Date
    var updatedAt: Date
    var version: Int

    init(_ user: User) {
        id = user.id
        name = user.name
        email = user.email
        role = user.role
        active = user.active
        createdAt = user.createdAt
        updatedAt = user.updatedAt
        version = user.version
    }
}

struct CreateUserInput: RequestInput {
    static let acceptedFields: Set<String> = ["name", "email", "role", "active"]
    var name: String
    var email: String
    var role: Role
    var active: Bool?
}

/// An API key as listed: the prefix, never the secret.
struct APIKeyBody: Encodable {
    var id: String
    var userId: String
    var name: String
    var prefix: String
    var createdAt: Date
    @Nullable var revokedAt: Date?
    /// Present only in the answer that creates the key (left out elsewhere).
    var secret: String?

    init(_ key: APIKey, secret: String? = nil) {
        id = key.id
        userId = key.userID
        name = key.name
        prefix = key.prefix
        createdAt = key.createdAt
        revokedAt = key.revokedAt
        self.secret = secret
    }
}

struct CreateAPIKeyInput: RequestInput {
    static let acceptedFields: Set<String> = ["userId", "name"]
    var userId: String
    var name: String
}

struct AuditEntryBody: Encodable {
    var id: String
    var occurredAt: Date
    var actorId: String
    @Nullable var keyId: String?
    var requestId: String
    var entityType: String
    var entityId: String
    var action: String
    var changedFields: [String]
    var values: [String: String]

    init(_ entry: AuditEntry) {
        id = entry.id
        occurredAt = entry.occurredAt
        actorId = entry.actorID
        keyId = entry.keyID
        requestId = entry.requestID
        entityType = entry.entityType
        entityId = entry.entityID
        action = entry.action
        changedFields = entry.changedFields
        values = entry.values
    }
}

struct EventBody: Encodable {
    var id: String
    var type: String
    var entityType: String
    var entityId: String
    var changedFields: [String]
    var occurredAt: Date

    init(_ event: ChangeEvent) {
        id = String(event.sequence)
        type = event.type
        entityType = event.entityType
        entityId = event.entityID
        changedFields = event.changedFields
        occurredAt = event.occurredAt
    }
}
