/// API keys: issued to a user, shown once, stored as a hash, revoked at once.
public struct APIKeyService: Sendable {
    /// Length of the non-secret prefix used to find a key (and shown in lists).
    public static let prefixLength = 16
    /// Shortest secret accepted (also for `KEHU_ADMIN_KEY`).
    public static let minimumSecretLength = 32

    private let keys: any APIKeyRepository
    private let users: any UserRepository
    private let hasher: any SecretHasher
    private let environment: Environment
    private let cache: AuthenticationCache

    public init(keys: any APIKeyRepository, users: any UserRepository, hasher: any SecretHasher, environment: Environment, cache: AuthenticationCache) {
        self.keys = keys
        self.users = users
        self.hasher = hasher
        self.environment = environment
        self.cache = cache
    }

    /// A new random secret: `kehu_` and 40 base32 characters (200 bits).
    public func makeSecret() -> String { "kehu_" + Token.base32(environment.randomBytes(25)) }

    /// Issues a key for `userID`. Admins may issue for anyone; others only for themselves.
    public func issue(userID: String, name: String, context: RequestContext) throws -> IssuedAPIKey {
        var validator = Validator()
        let keyName = validator.requiredText(name, field: "name", maxLength: 100)
        try validator.check()
        let principal = context.principal
        guard let user = try users.find(id: userID), AccessPolicy.userScope(for: principal).permits(ownerID: user.id) else {
            throw KehuError.validation([FieldError(field: "userId", message: "No such user.")])
        }
        guard principal.role == .admin || user.id == principal.userID else {
            throw KehuError.forbidden("Only admins may issue keys for other users.")
        }
        guard user.active else { throw KehuError.conflict("The user is disabled.") }
        let secret = makeSecret()
        let key = APIKey(id: environment.makeID("key"), userID: user.id, name: keyName!, prefix: String(secret.prefix(Self.prefixLength)), createdAt: context.now, revokedAt: nil)
        try keys.insert(key, secretHash: hasher.hash(secret), context: context)
        return IssuedAPIKey(key: key, secret: secret)
    }

    public func list(principal: Principal, page: PageRequest) throws -> Page<APIKey> {
        let scope: OwnerScope = principal.role == .admin ? .all : .owner(principal.userID)
        let rows = try keys.list(scope: scope, after: page.cursor, limit: page.limit + 1)
        return Paging.page(rows, limit: page.limit) { $0.id }
    }

    /// Revokes a key; it stops working on the next request. Admins any key, others their own.
    public func revoke(id: String, context: RequestContext) throws -> APIKey {
        let principal = context.principal
        guard var key = try keys.find(id: id), principal.role == .admin || key.userID == principal.userID else {
            throw KehuError.notFound(entity: "API key", id: id)
        }
        if try keys.revoke(id: id, context: context) { key.revokedAt = context.now }
        cache.remove(prefix: key.prefix)
        return try keys.find(id: id) ?? key
    }

    /// The caller behind `secret`, or `unauthenticated` for an unknown, revoked or
    /// mistyped key or a disabled user.
    public func authenticate(secret: String) throws -> Principal {
        guard secret.utf8.count >= Self.minimumSecretLength, secret.utf8.count <= 256 else { throw Self.invalid }
        let prefix = String(secret.prefix(Self.prefixLength))
        let candidates = try cache.candidates(prefix: prefix, now: environment.now()) { try keys.findForAuthentication(prefix: prefix) }
        // Every candidate is compared (constant-time each) so timing does not reveal which matched.
        var found: StoredAPIKey?
        for candidate in candidates where hasher.matches(secret, hash: candidate.secretHash) { found = candidate }
        guard let found, found.key.revokedAt == nil, found.userActive else { throw Self.invalid }
        return Principal(userID: found.key.userID, role: found.userRole, keyID: found.key.id)
    }

    private static let invalid = KehuError.unauthenticated("The API key is missing, unknown, revoked, or belongs to a disabled user.")
}
