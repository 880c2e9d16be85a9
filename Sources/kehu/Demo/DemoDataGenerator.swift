import Foundation
import KehuCore
import KehuPersistence

/// Makes a realistic, reproducible demo data set batch by batch: customers with Chinese
/// (and some English) names, companies, regions, phones, e-mails and tags, a year of
/// purchases and interactions spread over them, follow-up plans and tasks for the owned
/// ones, a year of feedback and complaints with their history, a year of responses to the
/// demo survey, and a few deliberate duplicates (the same phone entered twice) so that
/// `/v1/customers/duplicates` has something to show.
///
/// The same seed and counts give the same data (times are relative to `now`). Not domain
/// logic: it only fills in values; the loader stores them the way the API would.
struct DemoDataGenerator {
    /// How much to make.
    struct Plan {
        var customers: Int
        var purchases: Int
        /// Interactions in all, those that completed follow-ups recorded included (see `nextBatch`).
        var interactions: Int
        /// Follow-up tasks, plans' and one-offs.
        var followUps: Int
        /// Feedback items (complaints, inquiries, suggestions, praise).
        var feedback: Int
        /// Responses to `survey` (none without one).
        var surveyResponses = 0
    }

    /// What was made so far.
    struct Totals {
        var customers = 0
        var purchases = 0
        var interactions = 0
        var plans = 0
        var followUps = 0
        var feedback = 0
        var surveyResponses = 0
    }

    /// The users demo customers are owned by and interactions are logged by.
    struct Staff {
        var managerID: String
        var repIDs: [String]
    }

    let plan: Plan
    let staff: Staff
    /// Days between a plan's tasks when the plan follows its customer's tier.
    let cadence: CadenceSettings
    /// The service levels feedback deadlines and breaches are reckoned by.
    let sla: SLASettings
    /// Tells which tier the loader will give a customer (it only depends on the purchases).
    let rules: ClassificationRules
    /// The survey customers answer, if any.
    let survey: Survey?
    let now: Date
    let nowMillis: Int64
    /// Midnight starting today in Beijing time (UTC+8 all year), where due times are laid out.
    let todayStartMillis: Int64
    var random: DemoRandom
    /// Survey responses' own stream (see `makeSurveyResponses`).
    var surveyRandom: DemoRandom
    private(set) var totals = Totals()
    /// Company names already used: each company appears once.
    var usedCompanies = Set<String>()
    /// Recent individuals' (name, phone), the pool duplicates are copied from.
    var recentPeople: [(name: String, phone: String)] = []

    /// One customer in every `duplicateEvery` repeats an earlier customer's name and phone.
    static let duplicateEvery = 250
    static let dayMillis: Int64 = 86_400_000

    // Weighted lists expanded once, so a draw is one index.
    let regions: [DemoVocabulary.Region]
    let industries: [String]
    let sources: [String]
    let channels: [String]
    let companyForms: [String]
    let products: [DemoVocabulary.Product]

    init(plan: Plan, staff: Staff, cadence: CadenceSettings = CadenceSettings(), sla: SLASettings = .default, rules: ClassificationRules = .default,
         survey: Survey? = nil, seed: UInt64, now: Date) {
        self.plan = plan
        self.staff = staff
        self.cadence = cadence
        self.sla = sla
        self.rules = rules
        self.survey = survey
        nowMillis = DemoTime.wholeMillis(now)
        todayStartMillis = Self.dayStart(nowMillis)
        self.now = DemoTime.date(millis: nowMillis)
        random = DemoRandom(seed: seed)
        surveyRandom = DemoRandom(seed: seed ^ 0x5EED_5A7E_0F_C0FFEE)
        regions = DemoVocabulary.regions.flatMap { Array(repeating: $0, count: $0.weight) }
        industries = Self.expand(DemoVocabulary.industries)
        sources = Self.expand(DemoVocabulary.sources)
        channels = Self.expand(DemoVocabulary.channels)
        companyForms = Self.expand(DemoVocabulary.companyForms)
        products = DemoVocabulary.products.flatMap { Array(repeating: $0, count: $0.weight) }
    }

    static func expand(_ weighted: [(String, Int)]) -> [String] {
        weighted.flatMap { Array(repeating: $0.0, count: $0.1) }
    }

    /// The next `size` customers (fewer at the end) with their records; nil when done.
    /// Purchases, interactions, follow-ups, feedback and survey responses are shared out
    /// evenly per customer over the batches, and unevenly (a few big buyers, some who never
    /// bought) within each batch.
    ///
    /// A completed follow-up recorded an interaction, as `POST …/complete` does; those
    /// count towards the batch's interactions, so the total stays `plan.interactions`
    /// unless the completions alone need more.
    mutating func nextBatch(size: Int) -> [CustomerBundle]? {
        let produced = totals.customers
        guard produced < plan.customers else { return nil }
        let count = min(size, plan.customers - produced)
        let purchaseTotal = share(plan.purchases, upTo: produced + count) - share(plan.purchases, upTo: produced)
        let interactionTotal = share(plan.interactions, upTo: produced + count) - share(plan.interactions, upTo: produced)
        let followUpTotal = share(plan.followUps, upTo: produced + count) - share(plan.followUps, upTo: produced)
        let feedbackTotal = share(plan.feedback, upTo: produced + count) - share(plan.feedback, upTo: produced)
        let responseTotal = share(plan.surveyResponses, upTo: produced + count) - share(plan.surveyResponses, upTo: produced)
        var profiles: [DemoProfile] = []
        profiles.reserveCapacity(count)
        for offset in 0..<count { profiles.append(makeProfile(index: produced + offset)) }
        let purchaseCounts = distribute(purchaseTotal, weights: profiles.map(\.purchaseWeight))
        var bundles: [CustomerBundle] = []
        bundles.reserveCapacity(count)
        for (index, profile) in profiles.enumerated() {
            var bundle = CustomerBundle(customer: profile.customer)
            bundle.purchases = (0..<purchaseCounts[index]).map { _ in makePurchase(for: profile) }
            bundles.append(bundle)
        }
        let followUps = makeFollowUps(for: profiles, tiers: bundles.map(tier), total: followUpTotal)
        let completions = followUps.reduce(0) { $0 + $1.completions.count }
        let interactionCounts = distribute(max(interactionTotal - completions, 0), weights: profiles.map(\.interactionWeight))
        for (index, profile) in profiles.enumerated() {
            bundles[index].interactions = (0..<interactionCounts[index]).map { _ in makeInteraction(for: profile) } + followUps[index].completions
            bundles[index].plans = followUps[index].plans
            bundles[index].followUps = followUps[index].tasks
            totals.purchases += bundles[index].purchases.count
            totals.interactions += bundles[index].interactions.count
            totals.plans += bundles[index].plans.count
            totals.followUps += bundles[index].followUps.count
        }
        let feedback = makeFeedback(for: profiles, total: feedbackTotal)
        for index in bundles.indices {
            bundles[index].feedback = feedback[index].items
            bundles[index].feedbackEvents = feedback[index].events
            totals.feedback += feedback[index].items.count
        }
        let responses = makeSurveyResponses(for: profiles, feedback: feedback, total: responseTotal)
        for index in bundles.indices {
            bundles[index].surveyResponses = responses[index]
            totals.surveyResponses += responses[index].count
        }
        totals.customers += count
        return bundles
    }

    /// The tier the loader will classify `bundle`'s customer into: from its purchases only.
    private func tier(_ bundle: CustomerBundle) -> Tier {
        var stats = CustomerStats()
        stats.purchaseCount = bundle.purchases.count
        stats.totalSpent = bundle.purchases.reduce(0) { $0 + ($1.currency == rules.baseCurrency ? $1.amount : 0) }
        return rules.tier(for: stats)
    }

    /// The part of `total` that belongs to the first `customers` customers.
    private func share(_ total: Int, upTo customers: Int) -> Int {
        Int(Int64(total) * Int64(customers) / Int64(max(plan.customers, 1)))
    }

    /// `total` items dealt to slots with probability proportional to `weights` (all
    /// slots alike when every weight is zero).
    mutating func distribute(_ total: Int, weights: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: weights.count)
        guard total > 0, !weights.isEmpty else { return counts }
        var cumulative: [Double] = []
        cumulative.reserveCapacity(weights.count)
        var sum = 0.0
        let allZero = weights.allSatisfy { $0 <= 0 }
        for weight in weights {
            sum += allZero ? 1 : max(weight, 0)
            cumulative.append(sum)
        }
        for _ in 0..<total {
            let ticket = random.unit() * sum
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > ticket { high = middle } else { low = middle + 1 }
            }
            counts[low] += 1
        }
        return counts
    }

    /// A moment in [from, until], in whole milliseconds.
    mutating func moment(from: Int64, until: Int64) -> Date {
        guard until > from else { return DemoTime.date(millis: from) }
        return DemoTime.date(millis: from + Int64(random.next() % UInt64(until - from + 1)))
    }
}

/// A generated customer and how active it is.
struct DemoProfile {
    var customer: Customer
    /// Its purchases and interactions fall in [activeFrom, activeUntil] (milliseconds).
    var activeFrom: Int64
    var activeUntil: Int64
    /// Relative share of the batch's purchases and interactions (0: none); busier
    /// customers also get more follow-ups and feedback.
    var purchaseWeight: Double
    var interactionWeight: Double
}

/// Times in whole milliseconds since 1970, the way the database stores them, so that
/// generated times survive the trip unchanged.
enum DemoTime {
    /// `date` truncated to whole milliseconds.
    static func wholeMillis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The date `millis` milliseconds after 1970.
    static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
