/// The users a book can be asked for by (`ownerId` under `/v1/analytics`).
public protocol AnalyticsOwnerDirectory: Sendable {
    /// The user's name, or nil if there is no user with this id.
    func userName(id: String) throws -> String?
}

extension AnalyticsOwnerDirectory {
    /// The name of the owner `scope` names (nil for `.all`); 422 on `ownerId` when no user has
    /// that id, so a typo never reads as an empty book.
    func ownerName(_ scope: OwnerScope) throws -> String? {
        guard let owner = scope.ownerID else { return nil }
        guard let name = try userName(id: owner) else {
            throw KehuError.validation([FieldError(field: "ownerId", message: "No user with this id.")])
        }
        return name
    }
}
