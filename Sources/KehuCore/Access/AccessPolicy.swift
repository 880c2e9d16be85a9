/// The role matrix and record-level ownership, in one place. Routes ask it before running;
/// repositories take its `OwnerScope` and apply it inside their SQL.
public enum AccessPolicy {
    /// The roles that hold `permission`.
    public static func roles(holding permission: Permission) -> Set<Role> {
        switch permission {
        case .manageUsers, .manageWebhooks, .manageSettings, .eraseCustomers:
            [.admin]
        case .readAudit, .readEvents, .manageSurveys:
            [.admin, .manager]
        case .writeCustomers:
            [.admin, .manager, .rep]
        case .readUsers, .manageKeys, .readSettings, .readCustomers, .readAnalytics:
            [.admin, .manager, .rep, .viewer]
        }
    }

    /// Throws `forbidden` unless `principal`'s role holds `permission`.
    public static func check(_ principal: Principal, _ permission: Permission) throws {
        guard roles(holding: permission).contains(principal.role) else {
            throw KehuError.forbidden("The \(principal.role.rawValue) role may not do this.")
        }
    }

    /// Which customer records `principal` may see and change: reps their own, everyone
    /// else all of them (viewers read-only, enforced by permissions).
    public static func customerScope(for principal: Principal) -> OwnerScope {
        principal.role == .rep ? .owner(principal.userID) : .all
    }

    /// Whose book an analytic covers. Reps always their own (asking for another owner's is
    /// 403); everyone else the whole company, or one owner's book when they name one.
    public static func analyticsScope(for principal: Principal, ownerID requested: String?) throws -> OwnerScope {
        if principal.role == .rep {
            guard requested == nil || requested == principal.userID else {
                throw KehuError.forbidden("A rep's analytics cover their own customers only.")
            }
            return .owner(principal.userID)
        }
        return requested.map(OwnerScope.owner) ?? .all
    }

    /// Whose users and keys `principal` may see: admins and managers everyone's, others their own.
    public static func userScope(for principal: Principal) -> OwnerScope {
        principal.role >= .manager ? .all : .owner(principal.userID)
    }
}

/// A restriction to the records of one owner, or none.
public enum OwnerScope: Sendable, Equatable {
    /// Every record.
    case all
    /// Only records owned by this user id.
    case owner(String)

    /// Whether a record owned by `ownerID` is inside the scope.
    public func permits(ownerID: String?) -> Bool {
        switch self {
        case .all: true
        case .owner(let id): ownerID == id
        }
    }

    /// The owner id to filter on in SQL, nil for `.all`.
    public var ownerID: String? {
        if case .owner(let id) = self { return id }
        return nil
    }
}
