import Foundation

/// A person who uses Kehu (a sales rep, a manager, ...).
public struct User: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// Login e-mail, unique among users (case-insensitive).
    public var email: String
    public var role: Role
    /// A disabled user's keys stop working at once.
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: String, name: String, email: String, role: Role, active: Bool, createdAt: Date, updatedAt: Date, version: Int) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// The fields a new user is created with.
public struct NewUser: Sendable, Equatable {
    public var name: String
    public var email: String
    public var role: Role
    public var active: Bool

    public init(name: String, email: String, role: Role, active: Bool = true) {
        self.name = name
        self.email = email
        self.role = role
        self.active = active
    }
}

/// A change to a user; nil fields stay as they are.
public struct UserPatch: Sendable, Equatable {
    public var name: String?
    public var email: String?
    public var role: Role?
    public var active: Bool?

    public init(name: String? = nil, email: String? = nil, role: Role? = nil, active: Bool? = nil) {
        self.name = name
        self.email = email
        self.role = role
        self.active = active
    }

    public var isEmpty: Bool { name == nil && email == nil && role == nil && active == nil }
}
