/// Storage of users. Every write records its `Mutation` in the same transaction.
public protocol UserRepository: Sendable {
    /// Inserts `user`; a taken e-mail throws `conflict`.
    func insert(_ user: User, context: RequestContext) throws
    /// The user with `id`, or nil.
    func find(id: String) throws -> User?
    /// The user with this (normalised) e-mail address, or nil.
    func find(email: String) throws -> User?
    /// Users in id order after `cursor`, at most `limit`, within `scope`.
    func list(scope: OwnerScope, after cursor: String?, limit: Int) throws -> [User]
    /// Replaces the stored user if its version is still `expectedVersion` (else
    /// `preconditionFailed`; missing: `notFound`). `user.version` is the new version.
    func update(_ user: User, expectedVersion: Int, mutation: Mutation, context: RequestContext) throws
    /// How many users exist.
    func count() throws -> Int
    /// How many active admins exist other than `excluding`.
    func countActiveAdmins(excluding userID: String) throws -> Int
}

/// Storage of API keys (hashes only).
public protocol APIKeyRepository: Sendable {
    func insert(_ key: APIKey, secretHash: [UInt8], context: RequestContext) throws
    /// Keys whose secret starts with `prefix`, with their hashes and their users' role and status.
    func findForAuthentication(prefix: String) throws -> [StoredAPIKey]
    func find(id: String) throws -> APIKey?
    func list(scope: OwnerScope, after cursor: String?, limit: Int) throws -> [APIKey]
    /// Marks the key revoked at `context.now`; false if it was already revoked.
    func revoke(id: String, context: RequestContext) throws -> Bool
}

/// Reading the audit trail and the change feed.
public protocol JournalRepository: Sendable {
    func audit(filter: AuditFilter, after cursor: String?, limit: Int) throws -> [AuditEntry]
    func events(after sequence: Int64, limit: Int) throws -> [ChangeEvent]
}

/// Creating the first admin and a key in one transaction (start-up and command line).
public protocol BootstrapRepository: Sendable {
    /// Inserts `user` and `key` together, unless any user exists; returns whether it did.
    func insertFirstAdmin(_ user: User, key: APIKey, secretHash: [UInt8], context: RequestContext) throws -> Bool
}

/// Hashes API-key secrets and compares hashes in constant time.
public protocol SecretHasher: Sendable {
    func hash(_ secret: String) -> [UInt8]
    func matches(_ secret: String, hash: [UInt8]) -> Bool
}
