import Foundation
import HTTPServer
import KehuCore

/// `/v1/surveys`: surveys and their questions, customers' responses, and results (means,
/// distributions, NPS, CSI). Managing surveys needs `manageSurveys`; recording a response
/// is a write on the customer.
struct SurveyHandlers {
    let surveys: SurveyService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/surveys", .manageSurveys) { request, context in try create(request, context) }
        routes.add(.get, "/v1/surveys", .readCustomers) { request, context in try list(request, context) }
        routes.add(.get, "/v1/surveys/{id}", .readCustomers) { request, context in try get(request, context) }
        routes.add(.patch, "/v1/surveys/{id}", .manageSurveys) { request, context in try update(request, context) }
        routes.add(.post, "/v1/surveys/{id}/responses", .writeCustomers) { request, context in try record(request, context) }
        routes.add(.get, "/v1/surveys/{id}/responses", .readCustomers) { request, context in try responses(request, context) }
        routes.add(.get, "/v1/surveys/{id}/responses/{responseId}", .readCustomers) { request, context in try response(request, context) }
        routes.add(.get, "/v1/surveys/{id}/results", .readCustomers) { request, context in try results(request, context) }
    }

    func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let survey = try surveys.create(try SurveyBodyReader.create(try request.decodeObject()), context: context)
        var headers = HTTPHeaders.etag(version: survey.version)
        headers.set("Location", "/v1/surveys/\(survey.id)")
        return .json(status: .created, headers: headers) { $0.survey(survey) }
    }

    func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let unknown = request.unknownQueryParameters(known: ["active", "limit", "cursor"])
        if !unknown.isEmpty { throw KehuError.validation(unknown) }
        var query = SurveyQuery()
        if request.queryValue("active") != nil { query.active = try request.flag("active") }
        let page = try surveys.list(query, page: request.pageRequest(), context: context)
        return .list(page) { writer, survey in writer.survey(survey) }
    }

    func get(_ request: Request, _ context: RequestContext) throws -> Response {
        let survey = try surveys.get(id: request.parameter("id"), context: context)
        return .json(headers: .etag(version: survey.version)) { $0.survey(survey) }
    }

    func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let patch = try SurveyBodyReader.patch(try request.mergePatchObject())
        let survey = try surveys.update(id: request.parameter("id"), patch: patch, expectedVersion: request.expectedVersion(), context: context)
        return .json(headers: .etag(version: survey.version)) { $0.survey(survey) }
    }

    func record(_ request: Request, _ context: RequestContext) throws -> Response {
        let surveyID = request.parameter("id")
        let response = try surveys.recordResponse(surveyID: surveyID, try SurveyBodyReader.response(try request.decodeObject()), context: context)
        return .json(status: .created, headers: ["Location": "/v1/surveys/\(surveyID)/responses/\(response.id)"]) { $0.surveyResponse(response) }
    }

    func responses(_ request: Request, _ context: RequestContext) throws -> Response {
        var errors = request.unknownQueryParameters(known: ["customerId", "from", "to", "limit", "cursor"])
        let window = request.responseWindow(errors: &errors)
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let query = ResponseQuery(customerID: request.queryValue("customerId"), window: window)
        let page = try surveys.responses(surveyID: request.parameter("id"), query, page: request.pageRequest(), context: context)
        return .list(page) { writer, response in writer.surveyResponse(response) }
    }

    func response(_ request: Request, _ context: RequestContext) throws -> Response {
        let response = try surveys.response(surveyID: request.parameter("id"), id: request.parameter("responseId"), context: context)
        return .json { $0.surveyResponse(response) }
    }

    func results(_ request: Request, _ context: RequestContext) throws -> Response {
        var errors = request.unknownQueryParameters(known: ["from", "to"])
        let window = request.responseWindow(errors: &errors)
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let results = try surveys.results(surveyID: request.parameter("id"), window: window, context: context)
        return .json(capacity: 512 * max(results.questions.count, 1)) { $0.surveyResults(results) }
    }
}

extension Request {
    /// `from` and `to` (RFC 3339 instants), recording an error for each that is not one.
    func responseWindow(errors: inout [FieldError]) -> ResponseWindow {
        var window = ResponseWindow()
        for (name, keyPath) in [("from", \ResponseWindow.from), ("to", \ResponseWindow.to)] {
            guard let text = queryValue(name) else { continue }
            if let date = TimeParsing.parseInstant(text) { window[keyPath: keyPath] = date } else {
                errors.append(FieldError(field: name, message: "Must be an RFC 3339 time such as 2026-11-23T08:00:00Z."))
            }
        }
        return window
    }
}
