import Foundation
import KehuCore
import SQLiteStore

/// One customer with the purchases, interactions, follow-up plans, follow-ups, feedback and
/// survey responses to load with it.
public struct CustomerBundle: Sendable {
    public var customer: Customer
    public var purchases: [Purchase]
    public var interactions: [Interaction]
    /// Stored as given; an active plan must come with exactly one pending task in `followUps`.
    public var plans: [FollowUpPlan]
    /// Plans' tasks and one-offs, in any status; a done one's `result.interactionID`
    /// should name one of `interactions`.
    public var followUps: [FollowUp]
    /// Feedback items in any status, stored as given (status, deadlines, breaches, versions):
    /// each should be what its events in `feedbackEvents` lead to.
    public var feedback: [Feedback]
    /// The items' kept changes, inserted in this order (their `sequence` is ignored: the
    /// table numbers them), so each item's events should be in the order they happened.
    public var feedbackEvents: [FeedbackEvent]
    /// The customer's answers to surveys already stored, stored as given: answers should
    /// fit the survey's questions; `feedbackID` should name one of `feedback` or nothing.
    public var surveyResponses: [SurveyResponse]
    /// Deals in any stage, stored as given; a won deal's `purchaseID` should name one of `purchases`.
    public var deals: [Deal] = []
    /// The deals' stints, each deal's in the order they happened, `leftAt` set on all but its last.
    public var dealStages: [DealStageChange] = []

    public init(customer: Customer, purchases: [Purchase] = [], interactions: [Interaction] = [], plans: [FollowUpPlan] = [],
                followUps: [FollowUp] = [], feedback: [Feedback] = [], feedbackEvents: [FeedbackEvent] = [], surveyResponses: [SurveyResponse] = []) {
        self.customer = customer
        self.purchases = purchases
        self.interactions = interactions
        self.plans = plans
        self.followUps = followUps
        self.feedback = feedback
        self.feedbackEvents = feedbackEvents
        self.surveyResponses = surveyResponses
    }
}

/// Loads many customers at once (`kehu seed-demo`, benchmarks) through the same building
/// blocks as the API's writes — `SQLiteCustomerRepository.insertRow`, `CustomerIndex.sync`,
/// `insertPurchaseRow`, `insertInteractionRow`, `SQLiteFollowUpRepository.insertTask`
/// (and `FollowUpRow` for plans), `FeedbackRow`'s inserts for feedback and its events,
/// `SQLiteSurveyRepository.insertResponse` for survey responses and their `survey_answers`,
/// `DealRow`'s for deals and their stints, and
/// `CustomerStatsRefresh.refresh` — so that the rows, the search index, the side tables
/// and the computed stats (`openFeedback` included), stage and tier are exactly what those
/// writes would leave.
///
/// What differs from loading through the API, on purpose:
/// - One transaction per `load` call (thousands of customers), not one per record: the
///   speed comes from that and from the writer's statement cache, which reuses each
///   prepared INSERT for every row.
/// - No audit entry, change event or webhook delivery per row (follow-ups, plans, feedback
///   and survey responses included: no `survey.response_recorded`; feedback keeps its own
///   `feedback_events`). The caller records one summary `Mutation` with `recordSummary`
///   instead (a million `purchase.created` events would swamp the feed and every `*` webhook).
/// - Versions stay at 1: adding a purchase through the API bumps the customer's version,
///   loading it here does not (`refresh(bumpVersion: false)`).
/// - No duplicate check: records are inserted as given, duplicates included. Follow-ups
///   are not checked against their plans either, beyond what the schema enforces (at most
///   one pending task per plan, `closed_at` set exactly when not pending), nor feedback
///   against its workflow, SLA settings or events, nor survey responses against their
///   survey's questions and `active` flag (the schema's constraints do hold for all of
///   them, see `insertFeedback`).
///
/// Threading: like every repository, safe from any thread; each `load` waits its turn
/// for the one writer.
public struct BulkCustomerLoader: Sendable {
    private let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    /// How many customers the database holds, in any status.
    public func customerCount() throws -> Int {
        try database.read { db in try db.scalar("SELECT count(*) FROM customers")?.int64Value }.map(Int.init) ?? 0
    }

    /// Inserts `bundles` in one write transaction: customers (with their index entries),
    /// then purchases, interactions, plans, follow-ups, feedback and its events, survey
    /// responses with their answers, then each customer's stats (its open-feedback count
    /// included) and classification.
    /// All or nothing: on any error nothing of the batch is kept.
    ///
    /// Each customer is classified from its own records before it is inserted, so the
    /// refresh afterwards only fills in the stats and finds stage and tier unchanged;
    /// if they did differ the refresh would still win, and journal the reclassification.
    /// - Throws: `KehuError` (a purchase, interaction or feedback item naming a customer
    ///   not in the database or batch, an owner, user or assignee that does not exist, a
    ///   duplicate id, a second pending task for a plan, an event of an item not loaded, a
    ///   response to a survey or about a feedback item that does not exist).
    public func load(_ bundles: [CustomerBundle], rules: ClassificationRules, context: RequestContext) throws {
        try database.write { db in
            var seqs: [Int64] = []
            seqs.reserveCapacity(bundles.count)
            for bundle in bundles {
                let customer = Self.classified(bundle, rules: rules, now: context.now)
                let seq = try SQLiteCustomerRepository.insertRow(customer, in: db)
                try CustomerIndex.sync(customer, seq: seq, in: db, isNew: true)
                seqs.append(seq)
            }
            for bundle in bundles {
                for purchase in bundle.purchases {
                    try SQLiteCustomerRepository.insertPurchaseRow(purchase, in: db)
                }
                for interaction in bundle.interactions {
                    try SQLiteCustomerRepository.insertInteractionRow(interaction, in: db)
                }
                // Plans before their tasks (foreign key).
                for plan in bundle.plans {
                    try SQLiteFollowUpRepository.insertPlanRow(plan, in: db)
                }
                for followUp in bundle.followUps {
                    try SQLiteFollowUpRepository.insertTask(followUp, in: db)
                }
            }
            try Self.insertFeedback(of: bundles, in: db)
            // After the feedback: a response may be about one of the batch's items.
            for bundle in bundles {
                for response in bundle.surveyResponses {
                    try SQLiteSurveyRepository.insertResponse(response, in: db)
                }
            }
            try Self.insertDeals(of: bundles, in: db)
            for seq in seqs {
                try CustomerStatsRefresh.refresh(seq: seq, rules: rules, context: context, in: db, bumpVersion: false)
            }
        }
    }

    /// Each bundle's feedback items, then their events (foreign key), with every schema
    /// constraint checked as for the API's writes. (Turning CHECKs off saved about 1.2 s
    /// per 20,000 items: SQLite fills a temporary b-tree for each `IN (...)` list per row.
    /// Not worth a loader that trusts its caller more than the API does.)
    static func insertFeedback(of bundles: [CustomerBundle], in db: Database) throws {
        guard bundles.contains(where: { !$0.feedback.isEmpty || !$0.feedbackEvents.isEmpty }) else { return }
        for bundle in bundles {
            for item in bundle.feedback {
                try db.execute(FeedbackRow.insertSQL, FeedbackRow.values(item))
            }
            for event in bundle.feedbackEvents {
                try db.execute(FeedbackRow.insertEventSQL, FeedbackRow.eventValues(event))
            }
        }
    }

    /// Records one audit entry and change event (and any webhook deliveries) summing up a
    /// load, e.g. `Mutation(entityType: "demo", entityID: "seed", action: "loaded")`.
    public func recordSummary(_ mutation: Mutation, context: RequestContext) throws {
        try database.write { db in try SQLiteJournal.record(mutation, context: context, in: db) }
    }

    /// `bundle.customer` with the stats its records give and the stage and tier those
    /// stats mean at `now`: the same sums as `CustomerStatsRefresh` (times compared as
    /// stored, in whole milliseconds).
    static func classified(_ bundle: CustomerBundle, rules: ClassificationRules, now: Date) -> Customer {
        var customer = bundle.customer
        let yearAgo = StoredTime.millis(ClassificationRules.yearAgo(now))
        var totalSpent: Int64 = 0
        var spent12Months: Int64 = 0
        var lastPurchase: Int64 = 0
        for purchase in bundle.purchases {
            let at = StoredTime.millis(purchase.purchasedAt)
            lastPurchase = max(lastPurchase, at)
            guard purchase.currency == rules.baseCurrency else { continue }
            totalSpent += purchase.amount
            if at >= yearAgo { spent12Months += purchase.amount }
        }
        let lastInteraction = bundle.interactions.reduce(Int64(0)) { max($0, StoredTime.millis($1.occurredAt)) }
        customer.stats.purchaseCount = bundle.purchases.count
        customer.stats.totalSpent = totalSpent
        customer.stats.spentLast12Months = spent12Months
        customer.stats.lastPurchaseAt = CustomerRow.optionalTime(lastPurchase)
        customer.stats.lastInteractionAt = CustomerRow.optionalTime(lastInteraction)
        customer.classify(rules, now: now)
        return customer
    }
}
