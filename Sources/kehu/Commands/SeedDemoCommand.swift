import ArgumentParser
import Foundation
import KehuCore
import KehuPersistence

/// `kehu seed-demo`: load a realistic demo data set (customers, purchases, interactions,
/// follow-up plans and tasks, feedback and complaints, answers to a satisfaction survey, a
/// small sales team) into a database that has no customers yet.
struct SeedDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-demo",
        abstract: "Load a realistic demo data set: customers, a year of purchases, interactions, follow-ups, feedback and survey responses, a manager and reps.",
        discussion: """
            Follow-ups: about a third of the owned customers have an active plan (one pending task each, the \
            earlier ones done or skipped), a few a paused or ended one, the rest of --follow-ups are one-off tasks; \
            a completed task's interaction counts towards --interactions. \
            Feedback: complaints, inquiries, suggestions and praise over the last 365 days, assigned to the customer's \
            owner (else the manager), each with its history along the workflow under the SLA settings: most closed or \
            resolved (some with a satisfaction score, some late), recent ones open or in hand, a few overdue. \
            Survey responses: answers to the demo survey 客户满意度调查 (four weighted likert5 questions, an nps and a \
            comment question) over the last 365 days, mostly content, lower from customers who complained (the more when \
            the complaint went badly), some about a settled complaint; created through the survey service (audited as \
            survey.created, dated a day before that year) unless an active one from an earlier seed is there, which is \
            reused. --survey-responses 0 makes neither. \
            Deals: opened over the last 365 days by the customer's owner and moved through the funnel with their stage \
            history: most won or lost (a lost one with its reason, a won one mostly with its purchase on the customer), \
            recent ones open, a few lost ones reopened. \
            Refuses a database that already has customers unless --force. The same --seed and counts give the same \
            customers and records (times relative to now; the users' ids differ). Creates the first admin like `serve` does (KEHU_ADMIN_KEY, KEHU_ADMIN_EMAIL) \
            when the database has no users, then demo users manager@demo.kehu.local and rep1..@demo.kehu.local. \
            Records one audit entry and change event (demo.loaded) for the whole load, not one per record. \
            Loads with synchronous=normal unless --synchronous or KEHU_SYNCHRONOUS says otherwise.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Customers to create.")
    var customers: Int = 500

    @Option(help: "Purchases, spread over the customers and the last 365 days. Default: 10 per customer")
    var purchases: Int?

    @Option(help: "Interactions, spread like purchases. Default: 5 per customer")
    var interactions: Int?

    @Option(help: "Follow-up tasks (plans' and one-offs), due around now. Default: 2 per customer")
    var followUps: Int?

    @Option(help: "Feedback items with their history, over the last 365 days. Default: 1 per customer")
    var feedback: Int?

    @Option(help: "Responses to the demo satisfaction survey, over the last 365 days (0: no survey). Default: 1 per 3 customers")
    var surveyResponses: Int?
    @Option(help: "Deals with their stage history, over the last 365 days. Default: 3 per 10 customers")
    var deals: Int?

    @Option(help: "Seed of the random generator: the same seed gives the same data.")
    var seed: UInt64 = 1

    @Option(help: "Demo users: one manager and the rest reps (at least 2).")
    var users: Int = 6

    @Option(help: "Customers per transaction.")
    var batchSize: Int = 20_000

    @Flag(help: "Add the demo data even if the database already has customers.")
    var force = false

    @Flag(help: "Only seed a database without customers; otherwise say so and exit 0 (for scripts).")
    var ifEmpty = false

    func validate() throws {
        guard (0...10_000_000).contains(customers) else { throw ValidationError("--customers must be between 0 and 10000000.") }
        guard (0...100_000_000).contains(purchaseCount) else { throw ValidationError("--purchases must be between 0 and 100000000.") }
        guard (0...100_000_000).contains(interactionCount) else { throw ValidationError("--interactions must be between 0 and 100000000.") }
        guard (0...100_000_000).contains(followUpCount) else { throw ValidationError("--follow-ups must be between 0 and 100000000.") }
        guard (0...100_000_000).contains(feedbackCount) else { throw ValidationError("--feedback must be between 0 and 100000000.") }
        guard (0...100_000_000).contains(surveyResponseCount) else { throw ValidationError("--survey-responses must be between 0 and 100000000.") }
        guard (0...100_000_000).contains(dealCount) else { throw ValidationError("--deals must be between 0 and 100000000.") }
        guard customers > 0 || purchaseCount + interactionCount + followUpCount + feedbackCount + surveyResponseCount + dealCount == 0 else {
            throw ValidationError("Purchases, interactions, follow-ups, feedback, survey responses and deals need customers.")
        }
        guard (2...100).contains(users) else { throw ValidationError("--users must be between 2 and 100.") }
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 100000.") }
        guard !(force && ifEmpty) else { throw ValidationError("--force and --if-empty contradict each other.") }
    }

    var purchaseCount: Int { purchases ?? customers * 10 }
    var interactionCount: Int { interactions ?? customers * 5 }
    var followUpCount: Int { followUps ?? customers * 2 }
    var feedbackCount: Int { feedback ?? customers }
    var surveyResponseCount: Int { surveyResponses ?? customers / 3 }
    var dealCount: Int { deals ?? customers * 3 / 10 }

    func run() throws {
        let started = Date()
        let environment = ProcessEnvironment()
        var configuration = try database.configuration(environment)
        if database.synchronous == nil, environment.values["KEHU_SYNCHRONOUS"]?.isEmpty ?? true {
            // WAL with NORMAL: a crash can lose the last batches, never corrupt the file.
            configuration.synchronous = .normal
        }
        // The load touches every index of every table; a big page cache keeps them in memory.
        configuration.cacheSizeKiB = 1024 * 1024
        let (opened, _) = try KehuDatabase.open(configuration)
        defer { opened.close() }
        let loader = BulkCustomerLoader(database: opened)
        let existing = try loader.customerCount()
        if existing > 0 && ifEmpty {
            print("\(configuration.path) already has \(existing) customers; no demo data added")
            return
        }
        if existing > 0 && !force {
            throw KehuError.conflict("The database \(configuration.path) already has \(existing) customers; not adding demo data (pass --force to add it anyway).")
        }
        let factory = ServiceFactory(database: opened, environment: .live)
        try ensureFirstAdmin(factory, environment)
        let generatorNow = Date()
        let context = RequestContext(principal: .system, requestID: "seed-demo", now: generatorNow)
        let staff = try DemoStaff.ensure(count: users, factory: factory, context: context)
        let survey = surveyResponseCount > 0 ? try DemoSurvey.ensure(factory: factory, now: generatorNow) : nil
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: opened))
        let rules = try settings.classificationRules()
        // Seeding on top of existing customers must not repeat the first seed's ids: the
        // stream starts from a hash of (seed, customers there), not from a nearby state.
        var mixer = DemoRandom(seed: seed &+ UInt64(existing) &* 0xD1B5_4A32_D192_ED03)
        var generator = DemoDataGenerator(
            plan: .init(customers: customers, purchases: purchaseCount, interactions: interactionCount, followUps: followUpCount,
                        feedback: feedbackCount, surveyResponses: surveyResponseCount),
            staff: staff, cadence: try settings.cadence(), sla: try settings.sla(), rules: rules, survey: survey,
            seed: existing == 0 ? seed : mixer.next(),
            now: generatorNow
        )
        let loadContext = RequestContext(principal: .system, requestID: "seed-demo", now: generator.now)
        let progress = ProgressLine(total: customers)
        var dealsMade = DemoDataGenerator.DealTotals()
        try DemoPipeline.run(produce: { () -> [CustomerBundle]? in
            guard var batch = generator.nextBatch(size: batchSize) else { return nil }
            dealsMade.add(generator.addDeals(to: &batch, total: dealCount))
            return batch
        }) { batch in
            try loader.load(batch, rules: rules, context: loadContext)
            progress.advance(by: batch.count)
        }
        let made = generator.totals
        var summary = ["customers": "\(made.customers)", "purchases": "\(made.purchases)", "interactions": "\(made.interactions)",
                       "followUpPlans": "\(made.plans)", "followUps": "\(made.followUps)", "feedback": "\(made.feedback)",
                       "surveyResponses": "\(made.surveyResponses)", "deals": "\(dealsMade.deals)", "seed": "\(seed)"]
        if let survey { summary["surveyId"] = survey.id }
        try loader.recordSummary(Mutation(
            entityType: "demo", entityID: "seed", action: "loaded",
            changedFields: ["customers", "purchases", "interactions", "follow_up_plans", "follow_ups", "feedback", "survey_responses", "deals"],
            auditValues: summary
        ), context: loadContext)
        // Fresh planner statistics for the new data, as `serve` keeps them.
        try opened.refreshStatistics()
        let seconds = Date().timeIntervalSince(started)
        print("seeded \(made.customers) customers, \(made.purchases) purchases, \(made.interactions) interactions, "
            + "\(made.plans) follow-up plans, \(made.followUps) follow-ups, \(made.feedback) feedback items, "
            + "\(made.surveyResponses) survey responses and \(users) demo users "
            + "(seed \(seed)) into \(configuration.path) in \(String(format: "%.1f", seconds)) s")
        print("with \(dealsMade.deals) deals and their stage history: \(dealsMade.won) won (\(dealsMade.purchases) recorded as purchases), "
            + "\(dealsMade.lost) lost, \(dealsMade.deals - dealsMade.won - dealsMade.lost) open")
    }

    /// Like `serve`: an empty database gets its first admin (KEHU_ADMIN_KEY, else a new
    /// key shown once on standard error), since once the demo users exist `serve` would not.
    private func ensureFirstAdmin(_ factory: ServiceFactory, _ environment: ProcessEnvironment) throws {
        let secret = environment.values["KEHU_ADMIN_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let email = try environment.resolve(nil as String?, "KEHU_ADMIN_EMAIL", default: "admin@kehu.local")
        guard let issued = try factory.bootstrap.ensureFirstAdmin(email: email, secret: secret), secret == nil else { return }
        FileHandle.standardError.write(Data("""

            Kehu created the first admin user (\(email)). Its API key, shown only this once:

                \(issued.secret)


            """.utf8))
    }
}

/// "loaded 5000/100000 customers" on standard error, at most every half second.
private final class ProgressLine: @unchecked Sendable {
    // @unchecked: `done` and `lastPrinted` are only touched while `lock` is held.
    private let lock = NSLock()
    private let total: Int
    private var done = 0
    private var lastPrinted = Date.distantPast

    init(total: Int) { self.total = total }

    func advance(by count: Int) {
        lock.withLock {
            done += count
            guard done == total || Date().timeIntervalSince(lastPrinted) >= 0.5 else { return }
            lastPrinted = Date()
            FileHandle.standardError.write(Data("loaded \(done)/\(total) customers\n".utf8))
        }
    }
}
