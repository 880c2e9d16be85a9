import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Logging
import Testing
@testable import KehuAPI

@Suite struct ErrorMappingTests {
    static let cases: [(KehuError, Int, String)] = [
        (.notFound(entity: "customer", id: "c1"), 404, "not-found"),
        (.validation([FieldError(field: "email", message: "Not an email address.")]), 422, "validation"),
        (.conflict("Duplicate phone.", details: ["existingId": "c9"]), 409, "conflict"),
        (.forbidden("Reps cannot do this."), 403, "forbidden"),
        (.unauthenticated("Missing API key."), 401, "unauthenticated"),
        (.preconditionFailed("Version 3 is stale."), 412, "stale-version"),
        (.storageFull, 507, "storage-full"),
        (.unavailable("Busy."), 503, "unavailable"),
    ]

    @Test(arguments: cases.indices)
    func kehuError_mapsToItsStatusAndType(_ index: Int) throws {
        let (error, status, slug) = Self.cases[index]
        let (problem, _) = ErrorMapping.problem(for: error, requestID: "r1", logger: Logger(label: "test"))
        #expect(problem.status == status)
        #expect(problem.type == "https://kehu.dev/problems/\(slug)")
        #expect(problem.requestId == "r1")
    }

    @Test func validationProblem_listsFieldErrors() throws {
        let response = try respond(throwing: KehuError.validation([FieldError(field: "tags[2]", message: "Too long.")]))
        #expect(response.status.code == 422)
        let errors = try #require(response.jsonObject?["errors"] as? [[String: String]])
        #expect(errors == [["field": "tags[2]", "message": "Too long."]])
    }

    @Test func conflictProblem_carriesExtensionMembers() throws {
        let response = try respond(throwing: KehuError.conflict("Duplicate phone.", details: ["existingId": "c9"]))
        #expect(response.jsonObject?["existingId"] as? String == "c9")
    }

    @Test func extensionMembers_neverReplaceTheStandardOnes() throws {
        let response = try respond(throwing: KehuError.conflict("Done already.", details: ["status": "done", "title": "x", "currentStatus": "done"]))
        #expect(response.jsonObject?["status"] as? Int == 409)
        #expect(response.jsonObject?["title"] as? String == "Conflict")
        #expect(response.jsonObject?["currentStatus"] as? String == "done")
    }

    @Test func unexpectedError_is500_withoutInternals_andIsLogged() throws {
        struct SecretFailure: Error { let text = "SELECT * FROM secrets" }
        let logs = CapturedLogs()
        var router = Router()
        router.use(RequestIDMiddleware())
        router.use(ErrorMiddleware(logger: logs.makeLogger()))
        router.add(.get, "/boom") { _ in throw SecretFailure() }
        let response = try router.handle(.make(.get, "/boom"))
        #expect(response.status.code == 500)
        #expect(!response.bodyText.contains("secrets"))
        #expect(logs.all.contains { $0.message == "unexpected error" && $0.metadata["request.id"]?.description == response.headers["X-Request-Id"] })
    }

    private func respond(throwing error: any Error) throws -> Response {
        var router = Router()
        router.use(ErrorMiddleware(logger: Logger(label: "test")))
        router.add(.post, "/x") { _ in throw error }
        return try router.handle(.make(.post, "/x"))
    }
}

@Suite struct RequestDecodingTests {
    struct Input: RequestInput, Equatable {
        static let acceptedFields: Set<String> = ["name", "age", "tags"]
        var name: String
        var age: Int?
        var tags: [String]?
    }

    @Test func decodesAValidBody() throws {
        let input = try Request.make(.post, "/x", json: ["name": "张伟", "age": 30]).decodeBody(as: Input.self)
        #expect(input == Input(name: "张伟", age: 30, tags: nil))
    }

    @Test func unknownField_isRefusedWithItsName() throws {
        #expect {
            try Request.make(.post, "/x", json: ["name": "a", "nmae": "b"]).decodeBody(as: Input.self)
        } throws: { error in
            guard case RequestDecodingError.invalidFields(let errors) = error else { return false }
            return errors == [FieldError(field: "nmae", message: "Unknown field.")]
        }
    }

    @Test func malformedJSON_isA400Problem() throws {
        let request = Request.make(.post, "/x", headers: [("Content-Type", "application/json")], body: Array("{\"name\":".utf8))
        let problem = try problem(for: request)
        #expect(problem.status == 400)
    }

    @Test func nonObjectJSON_isA400Problem() throws {
        let request = Request.make(.post, "/x", headers: [("Content-Type", "application/json")], body: Array("[1,2]".utf8))
        #expect(try problem(for: request).status == 400)
    }

    @Test func otherMediaType_isA415Problem() throws {
        let request = Request.make(.post, "/x", headers: [("Content-Type", "text/plain")], body: Array("name=a".utf8))
        #expect(try problem(for: request).status == 415)
    }

    @Test func mistypedField_isA422WithThePath() throws {
        let problem = try problem(for: .make(.post, "/x", json: ["name": "a", "tags": ["ok", 5]]))
        #expect(problem.status == 422)
        #expect(problem.errors?.first?.field == "tags[1]")
    }

    @Test func missingRequiredField_isA422() throws {
        let problem = try problem(for: .make(.post, "/x", json: ["age": 3]))
        #expect(problem.status == 422)
        #expect(problem.errors == [FieldError(field: "name", message: "This field is required.")])
    }

    private func problem(for request: Request) throws -> ProblemDetails {
        do {
            _ = try request.decodeBody(as: Input.self)
            Issue.record("decoding should have failed")
            throw CancellationError()
        } catch let error as RequestDecodingError {
            return ErrorMapping.problem(for: error, requestID: nil)
        }
    }
}
