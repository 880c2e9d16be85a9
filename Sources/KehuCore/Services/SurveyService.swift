import Foundation

/// Satisfaction surveys (满意度调查): their questions, customers' responses, and results
/// (means, distributions, NPS, CSI) aggregated by the database. Reps record responses for
/// the customers they own and see responses and results of those customers only.
public struct SurveyService: Sendable {
    let surveys: any SurveyRepository
    let environment: Environment

    public init(surveys: any SurveyRepository, environment: Environment) {
        self.surveys = surveys
        self.environment = environment
    }

    public func create(_ input: SurveyInput, context: RequestContext) throws -> Survey {
        var validator = Validator()
        let name = validator.requiredText(input.name, field: "name", maxLength: SurveyLimits.nameLength)
        let description = validator.optionalText(input.description, field: "description", maxLength: SurveyLimits.descriptionLength)
        let questions = SurveyValidation.questions(input.questions, into: &validator)
        try validator.check()
        let survey = Survey(id: environment.makeID("srv"), name: name ?? "", description: description, questions: questions ?? [],
                            active: input.active ?? true, createdBy: context.principal.isSystem ? nil : context.principal.userID,
                            createdAt: context.now)
        try surveys.insert(survey, mutation: Self.mutation(survey, "created", changed: ["name", "description", "questions", "active"]), context: context)
        return survey
    }

    public func get(id: String, context: RequestContext) throws -> Survey {
        guard let survey = try surveys.find(id: id) else { throw KehuError.notFound(entity: "survey", id: id) }
        return survey
    }

    public func list(_ query: SurveyQuery, page: PageRequest, context: RequestContext) throws -> Page<Survey> {
        try surveys.list(query, page: page)
    }

    /// Name, description and `active`; the questions only while there are no responses (409).
    public func update(id: String, patch: SurveyPatch, expectedVersion: Int?, context: RequestContext) throws -> Survey {
        var validator = Validator()
        let name = patch.name.flatMap { validator.requiredText($0, field: "name", maxLength: SurveyLimits.nameLength) }
        let description = validator.optionalText(patch.description, field: "description", maxLength: SurveyLimits.descriptionLength)
        for field in ["name", "active", "questions"] where patch.cleared.contains(field) { validator.fail(field, "This field cannot be null.") }
        let questions = patch.questions.flatMap { SurveyValidation.questions($0, into: &validator) }
        try validator.check()
        return try surveys.change(id: id, context: context) { current in
            try Versioning.check(expectedVersion, current: current.version, entity: "survey")
            var survey = current
            if let name { survey.name = name }
            if let description { survey.description = description } else if patch.cleared.contains("description") || patch.description != nil {
                survey.description = nil
            }
            if let active = patch.active { survey.active = active }
            if let questions, questions != survey.questions {
                guard current.responseCount == 0 else {
                    throw KehuError.conflict("The survey has \(current.responseCount) responses; its questions can no longer change. Create a new survey instead.",
                                             details: ["responseCount": String(current.responseCount)])
                }
                survey.questions = questions
            }
            guard survey != current else { return nil }
            var changed: [String] = []
            if survey.name != current.name { changed.append("name") }
            if survey.description != current.description { changed.append("description") }
            if survey.active != current.active { changed.append("active") }
            if survey.questions != current.questions { changed.append("questions") }
            survey.version += 1
            survey.updatedAt = context.now
            return (survey, Self.mutation(survey, "updated", changed: changed))
        }
    }

    /// Records one customer's answers. The survey must be active (409); every answer must
    /// fit its question, and the customer must be active and the caller's to see (422).
    public func recordResponse(surveyID: String, _ input: ResponseInput, context: RequestContext) throws -> SurveyResponse {
        var validator = Validator()
        if input.customerID.isEmpty { validator.fail("customerId", "Must not be empty.") }
        if let feedbackID = input.feedbackID, feedbackID.isEmpty { validator.fail("feedbackId", "Must not be empty.") }
        let respondedAt = input.respondedAt ?? context.now
        if respondedAt > context.now.addingTimeInterval(SurveyLimits.clockSkew) { validator.fail("respondedAt", "Must not be in the future.") }
        try validator.check()
        let customerScope = AccessPolicy.customerScope(for: context.principal)
        return try surveys.recordResponse(surveyID: surveyID, customerID: input.customerID, feedbackID: input.feedbackID,
                                          customerScope: customerScope, context: context) { snapshot in
            guard snapshot.survey.active else {
                throw KehuError.conflict("This survey is inactive and takes no new responses.", details: ["active": "false"])
            }
            var validator = Validator()
            if !snapshot.customerFound { validator.fail("customerId", "No active customer with this id.") }
            if snapshot.feedbackFound == false { validator.fail("feedbackId", "No feedback with this id for this customer.") }
            let answers = SurveyValidation.answers(input.answers, for: snapshot.survey, into: &validator)
            try validator.check()
            let response = SurveyResponse(id: environment.makeID("srs"), surveyID: snapshot.survey.id, customerID: input.customerID,
                                          feedbackID: input.feedbackID, answers: answers,
                                          recordedBy: context.principal.isSystem ? nil : context.principal.userID,
                                          respondedAt: respondedAt, createdAt: context.now)
            // Ids only: answers (texts above all) are personal data and stay out of the journal.
            let mutation = Mutation(entityType: "survey", entityID: response.surveyID, action: "response_recorded", changedFields: ["responses"],
                                    auditValues: ["surveyId": response.surveyID, "customerId": response.customerID, "responseId": response.id])
            return (response, mutation)
        }
    }

    public func response(surveyID: String, id: String, context: RequestContext) throws -> SurveyResponse {
        guard let response = try surveys.findResponse(surveyID: surveyID, id: id, scope: AccessPolicy.customerScope(for: context.principal)) else {
            throw KehuError.notFound(entity: "survey response", id: id)
        }
        return response
    }

    public func responses(surveyID: String, _ query: ResponseQuery, page: PageRequest, context: RequestContext) throws -> Page<SurveyResponse> {
        try Self.check(query.window)
        return try surveys.listResponses(surveyID: surveyID, query, scope: AccessPolicy.customerScope(for: context.principal), page: page)
    }

    /// Results over the responses in `window` (reps: of their own customers).
    public func results(surveyID: String, window: ResponseWindow, context: RequestContext) throws -> SurveyResults {
        try Self.check(window)
        let (survey, tallies) = try surveys.tallies(surveyID: surveyID, window: window, scope: AccessPolicy.customerScope(for: context.principal))
        return SurveyScoring.results(for: survey, tallies: tallies, window: window)
    }

    private static func check(_ window: ResponseWindow) throws {
        if let from = window.from, let to = window.to, to <= from {
            throw KehuError.validation([FieldError(field: "to", message: "Must be after from.")])
        }
    }

    static func mutation(_ survey: Survey, _ action: String, changed: [String]) -> Mutation {
        Mutation(entityType: "survey", entityID: survey.id, action: action, changedFields: changed,
                 auditValues: ["active": String(survey.active), "questionCount": String(survey.questions.count)])
    }
}
