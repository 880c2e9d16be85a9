import HTTPServer
import KehuTestSupport
import Testing

extension LiveServerTests {
    /// Errors thrown by handlers become problem responses; the connection survives them.
    @Suite struct HandlerErrors {
        @Test func thrownErrors_become409And500_andConnectionStaysUsable() throws {
            let server = try TestHTTPServer { request in
                switch request.path {
                case "/conflict": throw HTTPError(.conflict, detail: "Email \"a@b\" is taken.", headers: ["X-Hint": "merge"])
                case "/boom": throw UnexpectedFailure()
                default: return .text("fine")
                }
            }
            defer { server.shutdown() }
            let client = try server.makeClient()

            let conflict = try client.exchange(RawHTTPRequest.get("/conflict"))
            #expect(conflict.status == 409)
            #expect(conflict.header("Content-Type") == "application/problem+json")
            #expect(conflict.header("X-Hint") == "merge")
            #expect(conflict.bodyText == #"{"type":"about:blank","title":"Conflict","status":409,"detail":"Email \"a@b\" is taken."}"#)
            #expect(conflict.header("Connection") == nil)

            let failure = try client.exchange(RawHTTPRequest.get("/boom"))
            #expect(failure.status == 500)
            #expect(failure.header("Content-Type") == "application/problem+json")
            #expect(failure.bodyText == #"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"The server could not complete the request."}"#)
            #expect(!failure.bodyText.contains("UnexpectedFailure"), "no internals in the body")

            #expect(try client.exchange(RawHTTPRequest.get("/ok")).bodyText == "fine")
        }

        @Test func routerErrors_become404And405WithAllow() throws {
            var router = Router()
            router.add(.get, "/items/{id}") { request in .text(request.pathParameters["id"] ?? "") }
            let server = try TestHTTPServer(handler: router)
            defer { server.shutdown() }
            let client = try server.makeClient()
            #expect(try client.exchange(RawHTTPRequest.get("/items/%E5%BC%A0")).bodyText == "张")
            #expect(try client.exchange(RawHTTPRequest.get("/nowhere")).status == 404)
            let notAllowed = try client.exchange(RawHTTPRequest.make("DELETE", "/items/1"))
            #expect(notAllowed.status == 405)
            #expect(notAllowed.header("Allow") == "GET, HEAD, OPTIONS")
            let options = try client.exchange(RawHTTPRequest.make("OPTIONS", "/items/1"))
            #expect(options.status == 204)
            #expect(options.header("Content-Length") == nil)
            #expect(options.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(try client.exchange(RawHTTPRequest.get("/items/%zz")).status == 400)
        }
    }
}
