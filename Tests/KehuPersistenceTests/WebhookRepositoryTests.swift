import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// Webhooks on a real SQLite file: deliveries queued by the journal in the change's own
/// transaction, leases, attempts and their outcomes.
@Suite struct WebhookRepositoryTests {
    /// A database with a webhook service over it; targets are not checked here.
    final class Fixture: Sendable {
        let directory: TemporaryDirectory
        let database: KehuDatabase
        let repository: SQLiteWebhookRepository
        let service: WebhookService
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)

        init() throws {
            directory = try TemporaryDirectory()
            (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
            repository = SQLiteWebhookRepository(database: database)
            service = WebhookService(webhooks: repository, targets: AnyTarget(), environment: .live)
        }

        deinit {
            database.close()
            directory.remove()
        }

        func context(at date: Date? = nil) -> RequestContext {
            RequestContext(principal: .system, requestID: "test", now: date ?? t0)
        }

        @discardableResult
        func subscribe(_ events: [String], url: String = "https://hooks.example.com/in") throws -> Webhook {
            try service.create(url: url, events: events, secret: "whsec_test_secret_0123456789", context: context()).0
        }

        /// Journals a change the way every repository does; returns the event's sequence.
        @discardableResult
        func change(_ type: String = "user", _ action: String = "created", at date: Date? = nil) throws -> Int64 {
            try database.write { db in
                try SQLiteJournal.record(Mutation(entityType: type, entityID: "id_1", action: action, changedFields: ["role"]), context: context(at: date), in: db)
                return try db.scalar("SELECT max(seq) FROM events")?.int64Value ?? 0
            }
        }

        func deliveries(_ webhook: Webhook, eventType: String? = nil) throws -> [WebhookDelivery] {
            try repository.deliveries(webhookID: webhook.id, before: nil, limit: 100).filter { eventType == nil || $0.eventType == eventType }
        }

        func failed(_ due: DueDelivery, status: Int? = 500, outcome: DeliveryOutcome, disableAfter: Int = 5, at date: Date) throws -> Bool {
            try repository.record(WebhookAttempt(number: due.attemptsSoFar + 1, at: date, statusCode: status, error: nil, durationMilliseconds: 3),
                                  deliveryID: due.id, outcome: outcome, disableAfter: disableAfter, now: date)
        }
    }

    struct AnyTarget: WebhookTargetCheck {
        func check(host: String) throws {}
    }

    @Test func journal_queuesOneDeliveryPerMatchingActiveWebhook_pointingAtTheRightEvent() throws {
        let f = try Fixture()
        let exact = try f.subscribe(["user.created"])
        let other = try f.subscribe(["customer.created"])
        let off = try f.subscribe(["user.created"])
        _ = try f.service.update(id: off.id, url: nil, events: nil, active: false, expectedVersion: nil, context: f.context())
        let everything = try f.subscribe(["*"])
        // Several matching webhooks and events, so that a wrong event reference would show.
        let first = try f.change()
        let second = try f.change()

        for webhook in [exact, everything] {
            let queued = try f.deliveries(webhook, eventType: "user.created")
            #expect(queued.map(\.eventSequence) == [second, first], "\(webhook.events)")
            #expect(queued.allSatisfy { $0.status == .pending && $0.attempts.isEmpty && $0.nextAttemptAt == f.t0 })
        }
        #expect(try f.deliveries(other).isEmpty)
        #expect(try f.deliveries(off).isEmpty, "an inactive webhook gets nothing")
    }

    @Test func rolledBackChange_queuesNothing() throws {
        let f = try Fixture()
        let webhook = try f.subscribe(["*"])
        let before = try f.deliveries(webhook).count
        #expect(throws: KehuError.self) {
            try f.database.write { db in
                try SQLiteJournal.record(Mutation(entityType: "user", entityID: "id_1", action: "created"), context: f.context(), in: db)
                throw KehuError.conflict("the rest of the change failed")
            }
        }
        #expect(try f.deliveries(webhook).count == before)
        #expect(try f.database.read { try $0.scalar("SELECT count(*) FROM events WHERE type = 'user.created'") } == .integer(0))
    }

    @Test func claimDue_leasesADelivery_untilItsLeaseRunsOut() throws {
        let f = try Fixture()
        try f.subscribe(["user.created"])
        let seq = try f.change()
        #expect(try f.repository.claimDue(now: f.t0.addingTimeInterval(-1), lease: 30, limit: 10).isEmpty, "not due yet")
        let claimed = try f.repository.claimDue(now: f.t0, lease: 30, limit: 10)
        let due = try #require(claimed.first)
        #expect(claimed.count == 1)
        #expect(due.event.sequence == seq && due.event.type == "user.created" && due.event.changedFields == ["role"])
        #expect(due.secret == "whsec_test_secret_0123456789" && due.url == "https://hooks.example.com/in" && due.attemptsSoFar == 0)
        #expect(try f.repository.claimDue(now: f.t0.addingTimeInterval(29), lease: 30, limit: 10).isEmpty, "leased")
        // The sender died mid-send: once the lease runs out the delivery is due again.
        #expect(try f.repository.claimDue(now: f.t0.addingTimeInterval(30), lease: 30, limit: 10).map(\.id) == [due.id])
    }

    @Test func retryThenSuccess_recordsEveryAttempt_andResetsFailures() throws {
        let f = try Fixture()
        let webhook = try f.subscribe(["user.created"])
        try f.change()
        let first = try #require(try f.repository.claimDue(now: f.t0, lease: 30, limit: 10).first)
        #expect(try f.failed(first, outcome: .retry(at: f.t0.addingTimeInterval(2)), at: f.t0))
        #expect(try f.repository.claimDue(now: f.t0.addingTimeInterval(1), lease: 30, limit: 10).isEmpty, "backing off")
        let second = try #require(try f.repository.claimDue(now: f.t0.addingTimeInterval(2), lease: 30, limit: 10).first)
        #expect(second.id == first.id && second.attemptsSoFar == 1)
        #expect(try f.failed(second, status: 204, outcome: .succeeded, at: f.t0.addingTimeInterval(2)))

        let delivery = try #require(try f.deliveries(webhook, eventType: "user.created").first)
        #expect(delivery.status == .succeeded)
        #expect(delivery.attempts.map(\.number) == [1, 2])
        #expect(delivery.attempts.map(\.statusCode) == [500, 204])
        #expect(delivery.deliveredAt == f.t0.addingTimeInterval(2) && delivery.nextAttemptAt == nil)
        #expect(try f.service.get(id: webhook.id).consecutiveFailures == 0)
        #expect(try f.repository.claimDue(now: f.t0.addingTimeInterval(3600), lease: 30, limit: 10).isEmpty, "done")
    }

    @Test func failedDeliveriesInARow_disableTheWebhook_andASuccessResetsTheCount() throws {
        let f = try Fixture()
        let webhook = try f.subscribe(["user.created"])
        func failOne() throws -> Bool {
            try f.change()
            let due = try #require(try f.repository.claimDue(now: f.t0, lease: 30, limit: 1).first)
            return try f.failed(due, outcome: .failed(disableReason: nil), disableAfter: 2, at: f.t0)
        }
        #expect(try failOne())
        try f.change()
        let good = try #require(try f.repository.claimDue(now: f.t0, lease: 30, limit: 1).first)
        #expect(try f.failed(good, status: 200, outcome: .succeeded, disableAfter: 2, at: f.t0))
        #expect(try failOne(), "the success reset the count")
        #expect(try failOne() == false, "second failure in a row")

        let disabled = try f.service.get(id: webhook.id)
        #expect(!disabled.active && disabled.disabledReason == "2 deliveries in a row failed" && disabled.version == 2)
        #expect(try f.database.read { try $0.scalar("SELECT count(*) FROM events WHERE type = 'webhook.disabled'") } == .integer(1))
        let before = try f.deliveries(webhook).count
        try f.change()
        #expect(try f.deliveries(webhook).count == before, "a disabled webhook gets no new deliveries")

        let enabled = try f.service.update(id: webhook.id, url: nil, events: nil, active: true, expectedVersion: 2, context: f.context())
        #expect(enabled.active && enabled.consecutiveFailures == 0 && enabled.disabledReason == nil)
    }

    @Test func gone_disablesAtOnce_withTheReason() throws {
        let f = try Fixture()
        let webhook = try f.subscribe(["*"])
        try f.change()
        let due = try #require(try f.repository.claimDue(now: f.t0, lease: 30, limit: 10).first)
        let outcome = RetryPolicy(base: 30, maxAttempts: 8).outcome(statusCode: 410, attemptNumber: 1, now: f.t0)
        #expect(try f.failed(due, status: 410, outcome: outcome, at: f.t0) == false)
        let gone = try f.service.get(id: webhook.id)
        #expect(!gone.active && gone.disabledReason?.contains("410") == true)
        #expect(try f.repository.claimDue(now: f.t0.addingTimeInterval(3600), lease: 30, limit: 10).isEmpty)
    }

    @Test func attemptOfADeletedWebhook_isDropped() throws {
        let f = try Fixture()
        let webhook = try f.subscribe(["user.created"])
        try f.change()
        let due = try #require(try f.repository.claimDue(now: f.t0, lease: 30, limit: 10).first)
        try f.service.delete(id: webhook.id, context: f.context())
        #expect(try f.failed(due, outcome: .retry(at: f.t0), at: f.t0) == false)
        #expect(try f.database.read { try $0.scalar("SELECT count(*) FROM webhook_attempts") } == .integer(0))
    }

    @Test func deliveries_arePagedNewestFirst() throws {
        let f = try Fixture()
        let webhook = try f.subscribe(["user.created"])
        let sequences = try (0..<3).map { _ in try f.change() }
        let first = try f.service.deliveries(webhookID: webhook.id, page: PageRequest(limit: 2))
        #expect(first.items.map(\.eventSequence) == [sequences[2], sequences[1]])
        let cursor = try #require(first.nextCursor)
        let second = try f.service.deliveries(webhookID: webhook.id, page: PageRequest(limit: 2, cursor: cursor))
        #expect(second.items.map(\.eventSequence) == [sequences[0]])
        #expect(second.nextCursor == nil)
        #expect(throws: KehuError.self) { try f.service.deliveries(webhookID: webhook.id, page: PageRequest(cursor: "abc")) }
        #expect(throws: KehuError.notFound(entity: "webhook", id: "whk_none")) { try f.service.deliveries(webhookID: "whk_none", page: PageRequest()) }
    }

    @Test func delete_withAStaleVersion_isRefused_andKeepsTheWebhook() throws {
        let f = try Fixture()
        let webhook = try f.subscribe(["*"])
        #expect(throws: KehuError.self) { try f.service.delete(id: webhook.id, expectedVersion: 7, context: f.context()) }
        #expect(try f.service.get(id: webhook.id).id == webhook.id)
        try f.service.delete(id: webhook.id, expectedVersion: 1, context: f.context())
        #expect(throws: KehuError.notFound(entity: "webhook", id: webhook.id)) { try f.service.get(id: webhook.id) }
    }
}
