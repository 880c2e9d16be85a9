/// Who is calling: the user behind the API key, their role, and the key itself.
public struct Principal: Sendable, Equatable {
    /// The user's id.
    public var userID: String
    /// The user's role at the time of the request.
    public var role: Role
    /// The API key used, for the audit trail; nil for the command line.
    public var keyID: String?

    public init(userID: String, role: Role, keyID: String?) {
        self.userID = userID
        self.role = role
        self.keyID = keyID
    }
}

/// What every write carries into its transaction: who, which request, and when.
public struct RequestContext: Sendable {
    /// The caller.
    public var principal: Principal
    /// The request id (`X-Request-Id`), kept in audit entries.
    public var requestID: String
    /// The request's time, from the injected clock.
    public var now: Date

    public init(principal: Principal, requestID: String, now: Date) {
        self.principal = principal
        self.requestID = requestID
        self.now = now
    }
}

import Foundation
