import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing
@testable import KehuAPI

@Suite struct OperationalEndpointTests {
    @Test func health_returnsOK_withRequestID() throws {
        let response = try APITestFixture().handle(.make(.get, "/health"))
        #expect(response.status == .ok)
        #expect(response.bodyText == #"{"status":"ok"}"#)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["X-Request-Id"]?.count == 32)
    }

    @Test func health_echoesClientRequestID() throws {
        let response = try APITestFixture().handle(.make(.get, "/health", headers: [("X-Request-Id", "trace-42")]))
        #expect(response.headers["X-Request-Id"] == "trace-42")
    }

    @Test func health_returns503Problem_whenDatabaseClosed() throws {
        let fixture = APITestFixture()
        fixture.health.alive = false
        let response = try fixture.handle(.make(.get, "/health"))
        #expect(response.status.code == 503)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.jsonObject?["status"] as? Int == 503)
    }

    @Test func ready_returnsReady_whenQueryRoundTrips() throws {
        let response = try APITestFixture().handle(.make(.get, "/ready"))
        #expect(response.status == .ok)
        #expect(response.bodyText == #"{"status":"ready"}"#)
    }

    @Test func ready_returns503_whenDatabaseFails() throws {
        let fixture = APITestFixture()
        fixture.health.readyError = KehuError.unavailable("boom")
        let response = try fixture.handle(.make(.get, "/ready"))
        #expect(response.status.code == 503)
        #expect((response.jsonObject?["detail"] as? String)?.contains("boom") == false)
    }

    @Test func ready_returns503_whileShuttingDown() throws {
        let response = try APITestFixture(draining: true).handle(.make(.get, "/ready"))
        #expect(response.status.code == 503)
    }

    @Test func metrics_countRequestsByRouteAndStatus_andIncludeGauges() throws {
        let fixture = APITestFixture()
        _ = try fixture.handle(.make(.get, "/health"))
        _ = try fixture.handle(.make(.get, "/health"))
        _ = try fixture.handle(.make(.get, "/no/such/path"))
        let text = try fixture.handle(.make(.get, "/metrics")).bodyText
        #expect(text.contains(#"kehu_http_requests_total{method="GET",route="/health",status="200"} 2"#))
        #expect(text.contains(#"kehu_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
        #expect(text.contains(#"kehu_http_request_duration_seconds_count{route="/health"} 2"#))
        #expect(text.contains("kehu_test_gauge 7"))
    }

    @Test func openAPI_isServedAsYAML() throws {
        let response = try APITestFixture().handle(.make(.get, "/openapi.yaml"))
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"]?.hasPrefix("application/yaml") == true)
        #expect(response.bodyText == APITestFixture.specification)
    }

    @Test func docs_renderEveryPathOfTheSpecification() throws {
        let response = try APITestFixture().handle(.make(.get, "/docs"))
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        for path in try SpecificationPaths.load().keys {
            #expect(response.bodyText.contains("<code>\(DocsPage.escape(path))</code>"), "docs lack \(path)")
        }
    }

    @Test func openAPIAndDocs_answer404_whenNoSpecificationWasFound() throws {
        let fixture = APITestFixture(openAPI: nil)
        #expect(try fixture.handle(.make(.get, "/openapi.yaml")).status == .notFound)
        #expect(try fixture.handle(.make(.get, "/docs")).status == .notFound)
    }

    @Test func accessLog_writesOneLinePerRequest_withRouteTemplateAndNoQuery() throws {
        let fixture = APITestFixture()
        _ = try fixture.handle(.make(.get, "/health?phone=13800138000"))
        let lines = fixture.logs.all.filter { $0.message == "request" }
        #expect(lines.count == 1)
        let metadata = try #require(lines.first?.metadata)
        #expect(metadata["http.route"]?.description == "/health")
        #expect(metadata["http.status"]?.description == "200")
        #expect(metadata["request.id"] != nil)
        #expect(!metadata.values.contains { $0.description.contains("13800138000") })
    }

    @Test func corsPreflight_fromAllowedOrigin_isAnswered() throws {
        let fixture = APITestFixture(corsOrigins: ["https://crm.example.com"])
        let response = try fixture.handle(.make(.options, "/health", headers: [
            ("Origin", "https://crm.example.com"), ("Access-Control-Request-Method", "GET"),
        ]))
        #expect(response.status == .noContent)
        #expect(response.headers["Access-Control-Allow-Origin"] == "https://crm.example.com")
        #expect(response.headers["Access-Control-Allow-Headers"]?.contains("Authorization") == true)
        let other = try fixture.handle(.make(.get, "/health", headers: [("Origin", "https://evil.example")]))
        #expect(other.headers["Access-Control-Allow-Origin"] == nil)
    }
}
