import Foundation

/// A task as its write transaction sees it: with its plan and its customer.
public struct FollowUpSnapshot: Sendable {
    public var followUp: FollowUp
    public var plan: FollowUpPlan?
    public var customer: CustomerBrief

    public init(followUp: FollowUp, plan: FollowUpPlan?, customer: CustomerBrief) {
        self.followUp = followUp
        self.plan = plan
        self.customer = customer
    }
}

/// A plan as its write transaction sees it: with its pending task and its customer.
public struct PlanSnapshot: Sendable {
    public var plan: FollowUpPlan
    public var pending: FollowUp?
    public var customer: CustomerBrief

    public init(plan: FollowUpPlan, pending: FollowUp?, customer: CustomerBrief) {
        self.plan = plan
        self.pending = pending
        self.customer = customer
    }
}

/// What one follow-up write changes, decided by the service from a snapshot and applied
/// by the repository in the same transaction.
public struct FollowUpWrite: Sendable {
    /// A plan to store as given.
    public var plan: FollowUpPlan?
    /// Existing tasks to store as given (each one version on from what the snapshot read).
    public var updated: [FollowUp] = []
    /// New tasks.
    public var created: [FollowUp] = []
    /// An interaction to record on the customer, whose stats are then refreshed and
    /// reclassified by `classification`.
    public var interaction: Interaction?
    public var classification: ClassificationRules = .default
    public var mutations: [Mutation] = []

    public init(plan: FollowUpPlan? = nil) { self.plan = plan }
}

/// The few customer fields follow-ups and the agenda show and decide by.
public struct CustomerBrief: Sendable, Equatable {
    public var id: String
    public var name: String
    public var tier: Tier
    public var phone: String?
    public var ownerID: String?

    public init(id: String, name: String, tier: Tier, phone: String?, ownerID: String?) {
        self.id = id
        self.name = name
        self.tier = tier
        self.phone = phone
        self.ownerID = ownerID
    }
}

/// A task as the agenda lists it: what a rep needs to see and act on it, with its
/// customer. The whole task (history, result, reasons) is at `GET /v1/follow-ups/{id}`;
/// leaving it out keeps the morning page small and its read to one covering index.
public struct AgendaTask: Sendable, Equatable {
    public var id: String
    public var customer: CustomerBrief
    public var planID: String?
    public var dueAt: Date
    public var kind: FollowUpKind
    public var purpose: String?
    public var status: FollowUpStatus
    public var closedAt: Date?
    public var version: Int

    public init(id: String, customer: CustomerBrief, planID: String?, dueAt: Date, kind: FollowUpKind, purpose: String?,
                status: FollowUpStatus, closedAt: Date?, version: Int) {
        self.id = id
        self.customer = customer
        self.planID = planID
        self.dueAt = dueAt
        self.kind = kind
        self.purpose = purpose
        self.status = status
        self.closedAt = closedAt
        self.version = version
    }

    /// Pending and due before `now`, as `FollowUp.isOverdue(at:)`.
    public func isOverdue(at now: Date) -> Bool { status == .pending && dueAt < now }

    /// When it was done, nil unless done.
    public var completedAt: Date? { status == .done ? closedAt : nil }
}

/// Feedback as the agenda lists it: an item new to its assignee (open or reopened).
public struct AgendaFeedback: Sendable, Equatable {
    public var id: String
    public var subject: String
    public var kind: FeedbackKind
    public var urgency: Urgency
    public var status: FeedbackStatus
    public var responseDueAt: Date
    public var dueAt: Date
    public var customer: CustomerBrief

    public init(id: String, subject: String, kind: FeedbackKind, urgency: Urgency, status: FeedbackStatus, responseDueAt: Date, dueAt: Date,
                customer: CustomerBrief) {
        self.id = id
        self.subject = subject
        self.kind = kind
        self.urgency = urgency
        self.status = status
        self.responseDueAt = responseDueAt
        self.dueAt = dueAt
        self.customer = customer
    }

    /// As `Feedback.isOverdue(at:)`.
    public func isOverdue(at now: Date) -> Bool {
        Feedback.isOverdue(status: status, responseDueAt: responseDueAt, dueAt: dueAt, at: now)
    }
}

/// What the agenda reads for one owner and one day.
public struct AgendaRows: Sendable {
    public var overdue: [AgendaTask]
    public var overdueCount: Int
    public var due: [AgendaTask]
    /// All the day's tasks (pending or done) and the done among them, past the list's limit too.
    public var dueCount: Int
    public var doneCount: Int
    /// Customers whose birthday key is among those asked for, with the key.
    public var birthdays: [(customer: CustomerBrief, key: String)]
    /// Feedback new to the owner (assigned, open or reopened), by deadline; and all of it counted.
    public var feedback: [AgendaFeedback]
    public var feedbackCount: Int

    public init(overdue: [AgendaTask], overdueCount: Int, due: [AgendaTask], dueCount: Int, doneCount: Int,
                birthdays: [(customer: CustomerBrief, key: String)], feedback: [AgendaFeedback] = [], feedbackCount: Int = 0) {
        self.overdue = overdue
        self.overdueCount = overdueCount
        self.due = due
        self.dueCount = dueCount
        self.doneCount = doneCount
        self.birthdays = birthdays
        self.feedback = feedback
        self.feedbackCount = feedbackCount
    }
}

/// Storage of plans and follow-ups. `scope` restricts to the owner's own tasks and plans;
/// `customerScope` to the customers the caller may touch. Every write records its
/// mutations in its transaction.
public protocol FollowUpRepository: Sendable {
    /// Inserts a one-off task for an active customer in `customerScope`.
    func insert(_ followUp: FollowUp, mutation: Mutation, customerScope: OwnerScope, context: RequestContext) throws
    func find(id: String, scope: OwnerScope) throws -> FollowUp?
    func list(_ query: FollowUpQuery, scope: OwnerScope, page: PageRequest, now: Date) throws -> Page<FollowUp>
    /// Reads the task (missing or outside `scope`: `notFound`), lets `decide` say what to
    /// write, and writes it, in one transaction; returns what was written.
    func change(id: String, scope: OwnerScope, context: RequestContext, _ decide: (FollowUpSnapshot) throws -> FollowUpWrite) throws -> FollowUpWrite

    /// Inserts a plan and its first task (nil when created paused).
    func insertPlan(_ plan: FollowUpPlan, firstTask: FollowUp?, mutations: [Mutation], customerScope: OwnerScope, context: RequestContext) throws
    /// The customer a new plan or task would be for, if active and in `customerScope`.
    func customer(id: String, customerScope: OwnerScope) throws -> CustomerBrief
    func findPlan(id: String, scope: OwnerScope) throws -> FollowUpPlan?
    func listPlans(_ query: PlanQuery, scope: OwnerScope, page: PageRequest) throws -> Page<FollowUpPlan>
    /// As `change`, for a plan.
    func changePlan(id: String, scope: OwnerScope, context: RequestContext, _ decide: (PlanSnapshot) throws -> FollowUpWrite) throws -> FollowUpWrite

    /// One owner's overdue tasks (pending, due before `dayStart`), the day's tasks, and
    /// their active customers with a birthday key in `birthdayKeys`.
    /// The feedback new to the owner (assigned, open or reopened) comes along, up to `feedbackLimit`.
    func agenda(ownerID: String, dayStart: Date, dayEnd: Date, birthdayKeys: [String], overdueLimit: Int, dueLimit: Int, feedbackLimit: Int) throws -> AgendaRows
    /// Active VIP customers with an owner; with `birthdayKeys`, only those whose birthday is among them.
    func vipCustomers(birthdayKeys: [String]?) throws -> [(customer: CustomerBrief, key: String?)]
    /// Inserts care tasks, skipping any whose customer already has a task with its care key,
    /// and records `FollowUpScheduling.created` for each new one; returns how many were new.
    func insertCareTasks(_ tasks: [FollowUp], context: RequestContext) throws -> Int
}
