@testable import HTTPServer
import Testing

/// Routing by method and path template, with automatic HEAD, OPTIONS, 404 and 405.
@Suite struct RouterTests {
    /// A router whose handlers answer "<name> <route> <parameters>".
    private func makeRouter() -> Router {
        var router = Router()
        func echo(_ name: String) -> @Sendable (Request) throws -> Response {
            { request in
                let parameters = request.pathParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                return .text("\(name) \(request.route ?? "-") \(parameters) \(request.method)")
            }
        }
        router.add(.get, "/customers", echo("list"))
        router.add(.post, "/customers", echo("create"))
        router.add(.get, "/customers/{id}", echo("show"))
        router.add(.delete, "/customers/{id}", echo("delete"))
        router.add(.get, "/customers/duplicates", echo("duplicates"))
        router.add(.get, "/a/{x}/{y}", echo("generic"))
        router.add(.get, "/a/{x}/c", echo("specific"))
        router.add(.post, "/customers/{id}/merge/{otherID}", echo("merge"))
        return router
    }

    @Test func router_prefersStaticRoute_overTemplate() throws {
        let router = makeRouter()
        #expect(bodyText(try router.handle(makeRequest(.get, "/customers/duplicates"))) == "duplicates /customers/duplicates  GET")
        #expect(bodyText(try router.handle(makeRequest(.get, "/customers/42"))) == "show /customers/{id} id=42 GET")
    }

    @Test func router_prefersTemplateWithMoreLiteralSegments_whateverTheOrderAdded() throws {
        let router = makeRouter()
        #expect(bodyText(try router.handle(makeRequest(.get, "/a/1/c"))) == "specific /a/{x}/c x=1 GET")
        #expect(bodyText(try router.handle(makeRequest(.get, "/a/1/d"))) == "generic /a/{x}/{y} x=1,y=d GET")
    }

    @Test func router_percentDecodesPathParameters() throws {
        let router = makeRouter()
        #expect(bodyText(try router.handle(makeRequest(.get, "/customers/%E5%BC%A0%20x"))) == "show /customers/{id} id=张 x GET")
        #expect(bodyText(try router.handle(makeRequest(.get, "/customers/a%2Fb"))) == "show /customers/{id} id=a/b GET",
                "an encoded slash stays inside one segment")
        #expect(bodyText(try router.handle(makeRequest(.post, "/customers/1/merge/2?force=1"))) == "merge /customers/{id}/merge/{otherID} id=1,otherID=2 POST")
    }

    @Test func router_throws404_forUnknownPaths() {
        let router = makeRouter()
        for target in ["/nope", "/customers/", "/customers/1/", "/customers/1/2", "/", "/customers//merge/2"] {
            #expect(throws: HTTPError.self, "\(target)") { try router.handle(makeRequest(.get, target)) }
            do {
                _ = try router.handle(makeRequest(.get, target))
            } catch let error as HTTPError {
                #expect(error.status == .notFound, "\(target)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func router_throws405WithAllowHeader_forKnownPathWithOtherMethod() {
        let router = makeRouter()
        do {
            _ = try router.handle(makeRequest(.put, "/customers/7"))
            Issue.record("PUT should not be routed")
        } catch let error as HTTPError {
            #expect(error.status == .methodNotAllowed)
            #expect(error.headers["Allow"] == "GET, HEAD, DELETE, OPTIONS")
        } catch {
            Issue.record("unexpected error \(error)")
        }
        do {
            _ = try router.handle(makeRequest(.patch, "/customers"))
            Issue.record("PATCH should not be routed")
        } catch let error as HTTPError {
            #expect(error.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
        } catch {
            Issue.record("unexpected error \(error)")
        }
        do {
            _ = try router.handle(makeRequest(.head, "/customers/1/merge/2"))
            Issue.record("HEAD without GET should not be routed")
        } catch let error as HTTPError {
            #expect(error.status == .methodNotAllowed)
            #expect(error.headers["Allow"] == "POST, OPTIONS", "HEAD is only allowed where GET is")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func router_servesHEAD_withTheGETHandler() throws {
        let response = try makeRouter().handle(makeRequest(.head, "/customers/9"))
        #expect(bodyText(response) == "show /customers/{id} id=9 HEAD")
    }

    @Test func router_answersOPTIONS_withAllow() throws {
        let response = try makeRouter().handle(makeRequest(.options, "/customers/9"))
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, DELETE, OPTIONS")
        let star = try makeRouter().handle(makeRequest(.options, "*"))
        #expect(star.status == .noContent)
        #expect(star.headers["Allow"] == "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
    }

    @Test func router_usesExplicitOPTIONSRoute_whenDefined() throws {
        var router = Router()
        router.add(.options, "/x") { _ in .text("custom") }
        router.add(.get, "/x") { _ in .text("get") }
        #expect(bodyText(try router.handle(makeRequest(.options, "/x"))) == "custom")
    }

    @Test func router_listsUnknownMethodsInAllow_afterTheStandardOnes() {
        var router = Router()
        router.add(HTTPMethod("PURGE"), "/cache") { _ in Response() }
        router.add(.put, "/cache") { _ in Response() }
        do {
            _ = try router.handle(makeRequest(.get, "/cache"))
        } catch let error as HTTPError {
            #expect(error.headers["Allow"] == "PUT, OPTIONS, PURGE")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func router_throws400_forMalformedPercentEncoding() {
        let router = makeRouter()
        for target in ["/customers/%zz", "/customers/%E5%BC", "/customers/50%"] {
            do {
                _ = try router.handle(makeRequest(.get, target))
                Issue.record("\(target) should be refused")
            } catch let error as HTTPError {
                #expect(error.status == .badRequest, "\(target)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func router_runsMiddlewareInOrder_aroundTheHandler() throws {
        let log = EventLog()
        var router = Router()
        router.use(RecordingMiddleware(name: "outer", log: log))
        router.use(RecordingMiddleware(name: "inner", log: log))
        router.add(.get, "/x") { request in
            log.append("handler \(request.route ?? "-")")
            return .text("ok")
        }
        let response = try router.handle(makeRequest(.get, "/x"))
        #expect(bodyText(response) == "ok")
        #expect(log.all == ["outer in /x", "inner in /x", "handler /x", "inner out 200", "outer out 200"])
        #expect(response.headers.values(for: "X-Seen") == ["inner", "outer"])
    }

    @Test func router_runsMiddlewareFor404And405_soItCanMapThem() throws {
        let log = EventLog()
        var router = Router()
        router.use(RecordingMiddleware(name: "mw", log: log))
        router.add(.get, "/x") { _ in .text("ok") }
        let notFound = try router.handle(makeRequest(.get, "/missing"))
        #expect(notFound.status == .notFound)
        let notAllowed = try router.handle(makeRequest(.post, "/x"))
        #expect(notAllowed.status == .methodNotAllowed)
        #expect(notAllowed.headers["Allow"] == "GET, HEAD, OPTIONS")
        #expect(log.all == ["mw in unmatched", "mw mapped 404", "mw in /x", "mw mapped 405"])
    }

    @Test func router_middlewareCanAnswerWithoutCallingNext() throws {
        let handlerCalls = CallCounter()
        var router = Router()
        router.use(ShortCircuitMiddleware())
        router.add(.get, "/x") { _ in
            handlerCalls.increment()
            return .text("ok")
        }
        #expect(try router.handle(makeRequest(.get, "/x")).status == .unauthorized)
        #expect(handlerCalls.value == 0)
    }

    @Test func router_listsRegisteredRoutes() {
        var router = Router()
        router.add(.post, "/b/{id}") { _ in Response() }
        router.add(.get, "/b/{id}") { _ in Response() }
        router.add(.get, "/a") { _ in Response() }
        #expect(router.routes.map { "\($0.method) \($0.template)" } == ["GET /a", "GET /b/{id}", "POST /b/{id}"])
    }
}

/// Logs entry and exit, tags the response, and maps `HTTPError` to a response.
private struct RecordingMiddleware: Middleware {
    let name: String
    let log: EventLog

    func intercept(_ request: Request, next: Next) throws -> Response {
        log.append("\(name) in \(request.route ?? "unmatched")")
        do {
            var response = try next(request)
            log.append("\(name) out \(response.status.code)")
            response.headers.add("X-Seen", name)
            return response
        } catch let error as HTTPError {
            log.append("\(name) mapped \(error.status.code)")
            return Response(status: error.status, headers: error.headers)
        }
    }
}

private struct ShortCircuitMiddleware: Middleware {
    func intercept(_ request: Request, next: Next) throws -> Response {
        Response(status: .unauthorized)
    }
}
