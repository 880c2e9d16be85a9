import Foundation

/// What one feedback write changes, decided by the service from the item as stored and applied by
/// the repository in the same transaction: the item, its kept events, the journal.
public struct FeedbackWrite: Sendable {
    public var feedback: Feedback?
    public var events: [FeedbackEvent] = []
    public var mutations: [Mutation] = []

    public init(feedback: Feedback? = nil) { self.feedback = feedback }
}

/// How much feedback is where, for a board's column heads and a manager's glance.
public struct FeedbackCounts: Sendable, Equatable {
    /// Items per status; every status is present.
    public var byStatus: [FeedbackStatus: Int]
    /// Items still being handled and past a deadline.
    public var overdue: Int

    public init(byStatus: [FeedbackStatus: Int], overdue: Int) {
        self.byStatus = byStatus
        self.overdue = overdue
    }

    /// Items still being handled.
    public var active: Int { FeedbackStatus.active.reduce(0) { $0 + (byStatus[$1] ?? 0) } }
}

/// Storage of feedback. `scope` is the caller's view: a rep sees items on customers they
/// own and items assigned to them, applied in SQL. Every write also refreshes the
/// customer's open-feedback count and records its mutations in its transaction.
public protocol FeedbackRepository: Sendable {
    /// The customer new feedback is about, if active and in `customerScope`.
    func customer(id: String, customerScope: OwnerScope) throws -> CustomerBrief
    func insert(_ feedback: Feedback, event: FeedbackEvent, mutations: [Mutation], customerScope: OwnerScope, context: RequestContext) throws
    func find(id: String, scope: OwnerScope) throws -> Feedback?
    func list(_ query: FeedbackQuery, scope: OwnerScope, page: PageRequest, now: Date) throws -> Page<Feedback>
    /// Counts over what `scope` sees, overdue as of `now`.
    func counts(scope: OwnerScope, now: Date) throws -> FeedbackCounts
    /// The item's kept events, oldest first; `notFound` if the item is not visible.
    func events(feedbackID: String, scope: OwnerScope, page: PageRequest) throws -> Page<FeedbackEvent>
    /// Reads the item (missing or outside `scope`: `notFound`), lets `decide` say what to
    /// write, and writes it, in one transaction; returns what was written.
    func change(id: String, scope: OwnerScope, context: RequestContext, _ decide: (Feedback) throws -> FeedbackWrite) throws -> FeedbackWrite
}
