import Foundation
import HTTPServer
import KehuTestSupport
import Testing
import Yams

/// The paths and methods of openapi.yaml, read with Yams.
enum SpecificationPaths {
    static func load() throws -> [String: Set<String>] {
        let root = try #require(try Yams.load(yaml: APITestFixture.specification) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: Any])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        return paths.mapValues { item in
            Set(((item as? [String: Any]) ?? [:]).keys.filter(methods.contains).map { $0.uppercased() })
        }
    }
}

/// openapi.yaml and the router must describe the same API.
@Suite struct ContractTests {
    @Test func everyRoute_isDocumentedInOpenAPI() throws {
        let spec = try SpecificationPaths.load()
        for route in try TestApplication().router.routes {
            #expect(spec[route.template]?.contains(route.method.rawValue) == true, "\(route.method) \(route.template) is missing from openapi.yaml")
        }
    }

    @Test func everyDocumentedOperation_isRouted() throws {
        let routes = try TestApplication().router.routes
        for (path, methods) in try SpecificationPaths.load() {
            for method in methods {
                #expect(routes.contains { $0.template == path && $0.method.rawValue == method }, "\(method) \(path) is in openapi.yaml but not routed")
            }
        }
    }

    @Test func unknownPath_isProblemJSON404_withRequestIDInBodyAndHeader() throws {
        let response = try APITestFixture().handle(.make(.get, "/v1/nothing-here"))
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let body = try #require(response.jsonObject)
        #expect(body["type"] as? String == "https://kehu.dev/problems/not-found")
        #expect(body["title"] as? String == "Not Found")
        #expect(body["status"] as? Int == 404)
        #expect(body["requestId"] as? String == response.headers["X-Request-Id"])
    }

    @Test func wrongMethod_is405_withAllowHeader() throws {
        let response = try APITestFixture().handle(.make(.delete, "/health"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
        #expect(response.jsonObject?["status"] as? Int == 405)
    }

    @Test func head_isServedByTheGetRoute() throws {
        let response = try APITestFixture().handle(.make(.head, "/health"))
        #expect(response.status == .ok)
    }
}
