/// The errors services throw. `KehuAPI` maps each case to an HTTP status in one place.
public enum KehuError: Error, Sendable, Equatable {
    /// The entity does not exist, or the caller may not see it (404: existence is not leaked).
    case notFound(entity: String, id: String)
    /// Input failed validation; one entry per offending field (422).
    case validation([FieldError])
    /// The request conflicts with current state: a duplicate, an illegal transition (409).
    case conflict(String, details: [String: String] = [:])
    /// A status move the entity's workflow does not allow (409); `allowed` are the moves it
    /// does allow from `from`, so a client can offer them.
    case illegalTransition(entity: String, from: String, to: String, allowed: [String])
    /// The caller is known but may not do this (403).
    case forbidden(String)
    /// The caller is not authenticated (401).
    case unauthenticated(String)
    /// `If-Match` named a version that is no longer current (412).
    case preconditionFailed(String)
    /// The database is out of space or otherwise cannot take writes now (507).
    case storageFull
    /// A dependency is temporarily unavailable (503).
    case unavailable(String)
}

/// One invalid field: its JSON path (`email`, `tags[3]`) and what is wrong with it.
public struct FieldError: Sendable, Equatable, Codable {
    /// The field's path in the request body or query.
    public var field: String
    /// A human-readable message.
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

extension KehuError: CustomStringConvertible {
    /// A sentence for people (the command line prints it); the API maps cases to problem+json instead.
    public var description: String {
        switch self {
        case .notFound(let entity, let id): "No \(entity) with id \(id)."
        case .validation(let errors): "Invalid input: " + errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .conflict(let detail, _), .forbidden(let detail), .unauthenticated(let detail),
             .preconditionFailed(let detail), .unavailable(let detail): detail
        case .storageFull: "The database has no space left."
        case .illegalTransition(let entity, let from, let to, let allowed):
            "A \(entity) cannot move from \(from) to \(to); from \(from) it can move to: \(allowed.isEmpty ? "nothing" : allowed.joined(separator: ", "))."
        }
    }
}
