/// The status workflow of feedback, in one place:
///
///     open → acknowledged → in_progress → resolved → closed
///                               ↑            ↓
///                               └─ reopened ←┘
///
/// Every other move is refused. Tests generate every allowed and every refused move from
/// `moves`, so the table is written once.
public enum FeedbackWorkflow {
    public static let moves: [FeedbackStatus: [FeedbackStatus]] = [
        .open: [.acknowledged],
        .acknowledged: [.inProgress],
        .inProgress: [.resolved],
        .resolved: [.closed, .reopened],
        .reopened: [.inProgress],
        .closed: [],
    ]

    /// The statuses reachable from `status` in one move.
    public static func allowed(from status: FeedbackStatus) -> [FeedbackStatus] { moves[status] ?? [] }

    public static func isAllowed(from: FeedbackStatus, to: FeedbackStatus) -> Bool { allowed(from: from).contains(to) }

    /// Throws `illegalTransition` (409, naming the allowed moves) unless `from → to` is a move.
    public static func check(from: FeedbackStatus, to: FeedbackStatus) throws {
        guard isAllowed(from: from, to: to) else {
            throw KehuError.illegalTransition(entity: "feedback item", from: from.rawValue, to: to.rawValue,
                                              allowed: allowed(from: from).map(\.rawValue))
        }
    }
}
