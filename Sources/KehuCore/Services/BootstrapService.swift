/// The first admin of an empty database, and keys made from the command line.
public struct BootstrapService: Sendable {
    private let bootstrap: any BootstrapRepository
    private let users: UserService
    private let userRepository: any UserRepository
    private let keys: APIKeyService
    private let hasher: any SecretHasher
    private let environment: Environment

    public init(bootstrap: any BootstrapRepository, users: UserService, userRepository: any UserRepository, keys: APIKeyService, hasher: any SecretHasher, environment: Environment) {
        self.bootstrap = bootstrap
        self.users = users
        self.userRepository = userRepository
        self.keys = keys
        self.hasher = hasher
        self.environment = environment
    }

    /// If no user exists, creates an admin with a key — `secret` when given (e.g. from
    /// `KEHU_ADMIN_KEY`), else a new random one — and returns it. Nil when users exist.
    public func ensureFirstAdmin(email: String, secret: String?) throws -> IssuedAPIKey? {
        if let secret, secret.utf8.count < APIKeyService.minimumSecretLength || secret.contains(where: { $0.isWhitespace }) {
            throw KehuError.validation([FieldError(field: "KEHU_ADMIN_KEY", message: "Must be at least \(APIKeyService.minimumSecretLength) characters without spaces.")])
        }
        guard try userRepository.count() == 0 else { return nil }
        guard let address = EmailAddress.normalize(email) else {
            throw KehuError.validation([FieldError(field: "email", message: "Must be a valid e-mail address.")])
        }
        let now = environment.now()
        let user = User(id: environment.makeID("usr"), name: "Administrator", email: address, role: .admin, active: true, createdAt: now, updatedAt: now, version: 1)
        let keySecret = secret ?? keys.makeSecret()
        let key = APIKey(id: environment.makeID("key"), userID: user.id, name: "first admin key", prefix: String(keySecret.prefix(APIKeyService.prefixLength)), createdAt: now, revokedAt: nil)
        let context = RequestContext(principal: .system, requestID: "bootstrap", now: now)
        guard try bootstrap.insertFirstAdmin(user, key: key, secretHash: hasher.hash(keySecret), context: context) else { return nil }
        return IssuedAPIKey(key: key, secret: keySecret)
    }

    /// Issues a key for the user with `email`, creating the user with `role` if needed.
    /// An existing user keeps their role; naming a different one is a conflict.
    public func createKey(email: String, role: Role?, userName: String?, keyName: String) throws -> (User, IssuedAPIKey) {
        guard let address = EmailAddress.normalize(email) else {
            throw KehuError.validation([FieldError(field: "user", message: "Must be a valid e-mail address.")])
        }
        let context = RequestContext(principal: .system, requestID: "command-line", now: environment.now())
        let user: User
        if let existing = try userRepository.find(email: address) {
            if let role, role != existing.role {
                throw KehuError.conflict("\(address) exists with role \(existing.role.rawValue); change roles through PATCH /v1/users/{id}.")
            }
            user = existing
        } else {
            guard let role else { throw KehuError.validation([FieldError(field: "role", message: "Needed to create a new user.")]) }
            user = try users.create(NewUser(name: userName ?? address, email: address, role: role), context: context)
        }
        return (user, try keys.issue(userID: user.id, name: keyName, context: context))
    }
}
