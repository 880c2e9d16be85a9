import Foundation
import HTTPServer
import KehuTestSupport
import Testing

@Suite struct InlineRouteTests {
    private static func router() -> Router {
        var router = Router()
        router.addInline(.get, "/health") { _ in .text("alive") }
        router.add(.get, "/slow") { _ in
            Thread.sleep(forTimeInterval: 1.0)
            return .text("slow")
        }
        return router
    }

    @Test func router_reportsInlineOnlyForInlineRoutesAndMethods() {
        let router = Self.router()
        #expect(router.answersInline(.make(.get, "/health")))
        #expect(router.answersInline(.make(.head, "/health")))
        #expect(!router.answersInline(.make(.post, "/health")))
        #expect(!router.answersInline(.make(.get, "/slow")))
        #expect(!router.answersInline(.make(.get, "/nowhere")))
    }

    @Test func inlineRoute_answersWhileEveryWorkerIsBusy() throws {
        var configuration = ServerConfiguration.testing()
        configuration.workerCount = 1
        let server = try TestHTTPServer(configuration: configuration, handler: Self.router())
        defer { server.shutdown() }
        let busy = try server.makeClient()
        defer { busy.close() }
        try busy.send(RawHTTPRequest.get("/slow"))
        Thread.sleep(forTimeInterval: 0.1) // the only worker is now asleep in /slow
        let probe = try server.makeClient()
        defer { probe.close() }
        let started = Date()
        let response = try probe.exchange(RawHTTPRequest.get("/health"), timeout: 2)
        #expect(response.status == 200)
        #expect(response.bodyText == "alive")
        #expect(Date().timeIntervalSince(started) < 0.5, "the probe must not wait for the busy worker")
        #expect(try busy.readResponse(timeout: 3).bodyText == "slow")
    }
}
