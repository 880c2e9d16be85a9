import Dispatch
import Foundation
import HTTPServer
@testable import KehuAPI
import KehuCore
import KehuTestSupport
import Testing

/// Analytics answers reused within a client's `Cache-Control: max-age`, and only then.
@Suite struct RecentAnswersTests {
    static let segments = "/v1/analytics/segments"

    /// A customer with one purchase in the year; the app's clock stands still until advanced.
    static func loaded() throws -> (TestApplication, String, TestClock) {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.analyticsCustomer("甲")
        try app.purchase(customer, amount: 1_000, daysAgo: 10)
        return (app, customer, clock)
    }

    static func revenue(_ response: Response) -> Int? {
        (response.jsonObject?["total"] as? [String: Any])?["revenue"] as? Int
    }

    @Test func withoutMaxAge_everyRequestSeesTheLatestWrite() throws {
        let (app, customer, _) = try Self.loaded()
        #expect(Self.revenue(try app.call(.get, Self.segments)) == 1_000)
        try app.purchase(customer, amount: 500, daysAgo: 1)
        let second = try app.call(.get, Self.segments)
        #expect(Self.revenue(second) == 1_500)
        #expect(second.headers["Age"] == nil)
    }

    @Test func withinMaxAge_theKeptAnswerComesBackWithItsAge_andAfterItAFreshOne() throws {
        let (app, customer, clock) = try Self.loaded()
        let maxAge = [("Cache-Control", "max-age=30")]
        let first = try app.call(.get, Self.segments, headers: maxAge)
        #expect(Self.revenue(first) == 1_000)
        #expect(first.headers["Age"] == nil)
        try app.purchase(customer, amount: 500, daysAgo: 1)
        clock.advance(by: 12.6)
        let kept = try app.call(.get, Self.segments, headers: maxAge)
        #expect(kept.bodyText == first.bodyText)
        #expect(kept.headers["Age"] == "12")
        clock.advance(by: 18)
        let fresh = try app.call(.get, Self.segments, headers: maxAge)
        #expect(Self.revenue(fresh) == 1_500)
        #expect(fresh.headers["Age"] == nil)
    }

    @Test func noCache_orAnotherTarget_isComputedAfresh() throws {
        let (app, customer, _) = try Self.loaded()
        _ = try app.call(.get, Self.segments, headers: [("Cache-Control", "max-age=30")])
        try app.purchase(customer, amount: 500, daysAgo: 1)
        let forced = try app.call(.get, Self.segments, headers: [("Cache-Control", "max-age=30, no-cache")])
        #expect(Self.revenue(forced) == 1_500)
        let other = try app.call(.get, Self.segments + "?by=stage", headers: [("Cache-Control", "max-age=30")])
        #expect(Self.revenue(other) == 1_500)
    }

    @Test func anotherCaller_neverGetsAnAnswerKeptForSomeoneElse() throws {
        let (app, _, _) = try Self.loaded()
        let rep = app.userIDs[.rep]!
        let theirs = try app.analyticsCustomer("乙", owner: rep)
        try app.purchase(theirs, amount: 70, daysAgo: 2)
        let maxAge = [("Cache-Control", "max-age=60")]
        #expect(Self.revenue(try app.call(.get, Self.segments, headers: maxAge)) == 1_070)
        let asRep = try app.call(.get, Self.segments, as: .rep, headers: maxAge)
        #expect(Self.revenue(asRep) == 70)
        #expect(asRep.headers["Age"] == nil)
    }

    @Test func refusals_areNotKept() throws {
        let (app, _, _) = try Self.loaded()
        let maxAge = [("Cache-Control", "max-age=30")]
        let target = Self.segments + "?by=colour"
        #expect(try app.call(.get, target, headers: maxAge).status == .unprocessableContent)
        let again = try app.call(.get, target, headers: maxAge)
        #expect(again.status == .unprocessableContent)
        #expect(again.headers["Age"] == nil)
    }

    // MARK: The store on its own

    static func context(_ role: Role = .manager, at now: Date) -> RequestContext {
        RequestContext(principal: Principal(userID: "usr_1", role: role, keyID: nil), requestID: "-", now: now)
    }

    static func request(_ target: String, _ cacheControl: String? = "max-age=60") -> Request {
        Request.make(.get, target, headers: cacheControl.map { [("Cache-Control", $0)] } ?? [])
    }

    /// Answers `request` through `answers`, counting computations in `computed`.
    static func ask(_ answers: RecentAnswers, _ request: Request, _ context: RequestContext, _ computed: inout Int) throws -> Response {
        var count = computed
        defer { computed = count }
        return try answers.answer(request, context) {
            count += 1
            return Response(contentType: "application/json", bytes: Array("{\"n\":\(count)}".utf8))
        }
    }

    @Test func aChangedRole_isComputedAfresh() throws {
        let answers = RecentAnswers()
        var computed = 0
        _ = try Self.ask(answers, Self.request("/a"), Self.context(.manager, at: followUpEpoch), &computed)
        _ = try Self.ask(answers, Self.request("/a"), Self.context(.rep, at: followUpEpoch), &computed)
        _ = try Self.ask(answers, Self.request("/a"), Self.context(.manager, at: followUpEpoch), &computed)
        #expect(computed == 2)
    }

    @Test func aClockThatWentBack_oraMaxAgeOverTheLongest_isComputedAfresh() throws {
        let answers = RecentAnswers()
        var computed = 0
        _ = try Self.ask(answers, Self.request("/a"), Self.context(at: followUpEpoch), &computed)
        _ = try Self.ask(answers, Self.request("/a"), Self.context(at: followUpEpoch.addingTimeInterval(-1)), &computed)
        #expect(computed == 2)
        let late = followUpEpoch.addingTimeInterval(RecentAnswers.longestAge + 1)
        _ = try Self.ask(answers, Self.request("/a", "max-age=86400"), Self.context(at: late), &computed)
        #expect(computed == 3)
    }

    @Test func noStore_keepsNothing() throws {
        let answers = RecentAnswers()
        var computed = 0
        _ = try Self.ask(answers, Self.request("/a", "no-store"), Self.context(at: followUpEpoch), &computed)
        #expect(answers.count == 0)
        _ = try Self.ask(answers, Self.request("/a"), Self.context(at: followUpEpoch), &computed)
        #expect(answers.count == 1)
    }

    @Test func overCapacity_theOldestAnswerGoes() throws {
        let answers = RecentAnswers(capacity: 2)
        var computed = 0
        for (offset, target) in ["/a", "/b", "/c"].enumerated() {
            _ = try Self.ask(answers, Self.request(target), Self.context(at: followUpEpoch.addingTimeInterval(Double(offset))), &computed)
        }
        #expect(answers.count == 2)
        let now = Self.context(at: followUpEpoch.addingTimeInterval(3))
        _ = try Self.ask(answers, Self.request("/c"), now, &computed)
        _ = try Self.ask(answers, Self.request("/b"), now, &computed)
        #expect(computed == 3)
        _ = try Self.ask(answers, Self.request("/a"), now, &computed)
        #expect(computed == 4)
    }

    @Test func anAnswerOverTheSizeLimit_isNotKept() throws {
        let answers = RecentAnswers(largestAnswer: 4)
        var computed = 0
        _ = try Self.ask(answers, Self.request("/a"), Self.context(at: followUpEpoch), &computed)
        #expect(answers.count == 0)
    }

    // MARK: One computation for requests that arrive while it runs

    /// Requests for one answer on threads of their own (Dispatch's pool may hold back work
    /// items while others block), the first computation held back until `release()`.
    final class Race: Sendable {
        let answers = RecentAnswers()
        let computed = Locked(0)
        let answered = Locked<[Response]>([])
        let group = DispatchGroup()
        private let started = DispatchSemaphore(value: 0)
        private let released = DispatchSemaphore(value: 0)

        /// Starts the computation that waits for `release()`, and returns once it runs.
        func lead(failing: Bool = false) {
            ask(holdingBack: true, failing: failing)
            started.wait()
        }

        func ask(_ cacheControl: String? = "max-age=60", in group: DispatchGroup? = nil, holdingBack: Bool = false, failing: Bool = false) {
            let request = RecentAnswersTests.request("/a", cacheControl)
            let group = group ?? self.group
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                let response = try? answers.answer(request, RecentAnswersTests.context(at: followUpEpoch)) {
                    let n = computed.withLock { n in n += 1; return n }
                    if holdingBack {
                        started.signal()
                        released.wait()
                    }
                    guard !failing else { throw RecentAnswersTestFailure() }
                    return Response(contentType: "application/json", bytes: Array("{\"n\":\(n)}".utf8))
                }
                answered.withLock { $0.append(response ?? Response(status: .internalServerError)) }
            }.start()
        }

        func release() { released.signal() }

        var computations: Int { computed.withLock { $0 } }
    }

    @Test func requestsArrivingWhileAnAnswerIsComputed_waitForIt() {
        let race = Race()
        race.lead()
        for _ in 0..<3 { race.ask() }
        // Time for the three to reach the computation and join it; one that is late finds
        // the kept answer instead, which is no second computation either.
        Thread.sleep(forTimeInterval: 0.2)
        race.release()
        race.group.wait()
        #expect(race.computations == 1)
        #expect(Set(race.answered.withLock { $0.map(\.bodyText) }) == ["{\"n\":1}"])
        #expect(race.answers.inFlight == 0)
    }

    @Test func whenTheComputationFails_eachWaitingRequestComputesItsOwn() {
        let race = Race()
        race.lead(failing: true)
        race.ask()
        Thread.sleep(forTimeInterval: 0.2)
        race.release()
        race.group.wait()
        #expect(race.computations == 2)
        #expect(race.answered.withLock { $0.map(\.status) }.sorted { $0.code < $1.code } == [.ok, .internalServerError])
        #expect(race.answers.inFlight == 0)
    }

    @Test func noCache_orNoMaxAge_doesNotWaitForAComputationUnderWay() {
        let race = Race()
        race.lead()
        let alone = DispatchGroup()
        race.ask("max-age=60, no-cache", in: alone)
        race.ask(nil, in: alone)
        // Both finish while the first computation is still held back.
        #expect(alone.wait(timeout: .now() + 10) == .success)
        #expect(race.computations == 3)
        race.release()
        race.group.wait()
    }

    @Test(arguments: [
        (["max-age=5"], 5.0, false),
        (["MAX-AGE=\"7\""], 7.0, false),
        (["max-age=9, max-age=3"], 3.0, false),
        (["max-age=9", "max-age=4"], 4.0, false),
        (["max-age=5, no-cache"], nil, false),
        (["max-age=abc"], nil, false),
        (["max-age=-1"], nil, false),
        (["max-age="], nil, false),
        (["max-age"], nil, false),
        (["no-store"], nil, true),
        (["max-age=99999999999999999999999"], Double(Int.max), false),
        ([String](), nil, false),
    ] as [([String], Double?, Bool)])
    func directives(_ values: [String], _ maxAge: Double?, _ noStore: Bool) {
        let directives = CacheDirectives(values)
        #expect(directives.maxAge == maxAge)
        #expect(directives.noStore == noStore)
    }
}

private struct RecentAnswersTestFailure: Error {}
