import Foundation

/// An API key as stored and listed: never the secret, only its non-secret prefix.
public struct APIKey: Sendable, Equatable, Codable {
    public var id: String
    public var userID: String
    public var name: String
    /// The first characters of the secret, shown so people can tell keys apart.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, userID: String, name: String, prefix: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A key just made: the only moment the secret exists outside the caller's hands.
public struct IssuedAPIKey: Sendable, Equatable {
    public var key: APIKey
    /// The full bearer secret, `kehu_<id>_<random>`; stored only as a hash.
    public var secret: String

    public init(key: APIKey, secret: String) {
        self.key = key
        self.secret = secret
    }
}

/// What the repository keeps for authenticating a key.
public struct StoredAPIKey: Sendable, Equatable {
    public var key: APIKey
    /// Hash of the full secret.
    public var secretHash: [UInt8]
    /// The owning user's role and whether they are active, read with the key.
    public var userRole: Role
    public var userActive: Bool

    public init(key: APIKey, secretHash: [UInt8], userRole: Role, userActive: Bool) {
        self.key = key
        self.secretHash = secretHash
        self.userRole = userRole
        self.userActive = userActive
    }
}
