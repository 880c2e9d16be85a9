/// What a user may do, from most to least powerful (API.md, "Users, roles and keys").
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Everything: users, keys, settings, webhooks, all data.
    case admin
    /// All customer data, assigning owners, all analytics, the audit trail.
    case manager
    /// Only the customers they own and what hangs off them.
    case rep
    /// Read-only over all customer data.
    case viewer

    private var rank: Int {
        switch self {
        case .admin: 3
        case .manager: 2
        case .rep: 1
        case .viewer: 0
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
