import Foundation
import HTTPServer
import KehuTestSupport
import Testing

@Suite struct WorkLaneTests {
    /// `/slow` and `/report` sleep for a second, on the standard and the long lane.
    private static func router() -> Router {
        var router = Router()
        router.addInline(.get, "/health") { _ in .text("alive") }
        router.add(.get, "/slow") { _ in
            Thread.sleep(forTimeInterval: 1.0)
            return .text("slow")
        }
        router.add(.get, "/report", lane: .long) { _ in
            Thread.sleep(forTimeInterval: 1.0)
            return .text("report")
        }
        router.add(.get, "/quick") { _ in .text("quick") }
        router.add(.get, "/reports/{id}", lane: .long) { _ in .text("one report") }
        router.add(.post, "/reports/{id}") { _ in .text("changed") }
        return router
    }

    @Test func router_reportsTheLaneItsRouteRegistered() {
        let router = Self.router()
        #expect(router.lane(for: .make(.get, "/health")) == .inline)
        #expect(router.lane(for: .make(.head, "/health")) == .inline)
        #expect(router.lane(for: .make(.post, "/health")) == .standard)
        #expect(router.lane(for: .make(.get, "/slow")) == .standard)
        #expect(router.lane(for: .make(.get, "/report")) == .long)
        #expect(router.lane(for: .make(.get, "/reports/7")) == .long)
        #expect(router.lane(for: .make(.head, "/reports/7")) == .long)
        #expect(router.lane(for: .make(.post, "/reports/7")) == .standard)
        #expect(router.lane(for: .make(.get, "/reports/%zz")) == .standard)
        #expect(router.lane(for: .make(.get, "/nowhere")) == .standard)
    }

    @Test func inlineRoute_answersWhileEveryWorkerIsBusy() throws {
        var configuration = ServerConfiguration.testing()
        configuration.workerCount = 1
        let server = try TestHTTPServer(configuration: configuration, handler: Self.router())
        defer { server.shutdown() }
        try Self.expectPromptAnswer(on: server, while: "/slow", probe: "/health", answer: "alive")
    }

    @Test func shortRead_answersWhileEveryLongWorkerIsBusy() throws {
        var configuration = ServerConfiguration.testing()
        configuration.workerCount = 1
        configuration.longWorkerCount = 1
        let server = try TestHTTPServer(configuration: configuration, handler: Self.router())
        defer { server.shutdown() }
        try Self.expectPromptAnswer(on: server, while: "/report", probe: "/quick", answer: "quick")
    }

    /// Sends `busyPath` (which sleeps a second), then `probe` on a second connection,
    /// which must be answered within half a second; then the busy one's answer.
    private static func expectPromptAnswer(on server: TestHTTPServer, while busyPath: String, probe path: String, answer: String) throws {
        let busy = try server.makeClient()
        defer { busy.close() }
        try busy.send(RawHTTPRequest.get(busyPath))
        Thread.sleep(forTimeInterval: 0.1) // the busy request's only worker is now asleep
        let probe = try server.makeClient()
        defer { probe.close() }
        let started = Date()
        let response = try probe.exchange(RawHTTPRequest.get(path), timeout: 2)
        #expect(response.status == 200)
        #expect(response.bodyText == answer)
        #expect(Date().timeIntervalSince(started) < 0.5, "the probe must not wait for the busy worker")
        #expect(try busy.readResponse(timeout: 3).status == 200)
    }
}
