import Foundation

/// What a response's write transaction sees before the service decides: the survey, and
/// whether what the body refers to is there for the caller.
public struct ResponseSnapshot: Sendable {
    public var survey: Survey
    /// Whether `customerId` names an active customer in the caller's customer scope.
    public var customerFound: Bool
    /// Whether `feedbackId` names a feedback item of that customer; nil when none was named.
    public var feedbackFound: Bool?

    public init(survey: Survey, customerFound: Bool, feedbackFound: Bool?) {
        self.survey = survey
        self.customerFound = customerFound
        self.feedbackFound = feedbackFound
    }
}

/// Storage of surveys, their responses and the answers results are aggregated from.
/// `scope` restricts responses and results to the customers of one owner (reps). Every
/// write records its mutation in its transaction.
public protocol SurveyRepository: Sendable {
    func insert(_ survey: Survey, mutation: Mutation, context: RequestContext) throws
    func find(id: String) throws -> Survey?
    func list(_ query: SurveyQuery, page: PageRequest) throws -> Page<Survey>
    /// Reads the survey with its response count (missing: `notFound`), lets `decide` return
    /// the changed survey and its mutation (nil: nothing to change), and writes it, in one
    /// transaction; returns the survey as stored.
    func change(id: String, context: RequestContext, _ decide: (Survey) throws -> (Survey, Mutation)?) throws -> Survey

    /// In one transaction: reads the survey (missing: `notFound`) and the customer and
    /// feedback item named, lets `decide` make the response and its mutation, and stores the
    /// response with one `survey_answers` row per scored answer.
    func recordResponse(surveyID: String, customerID: String, feedbackID: String?, customerScope: OwnerScope, context: RequestContext,
                        _ decide: (ResponseSnapshot) throws -> (SurveyResponse, Mutation)) throws -> SurveyResponse
    /// One response of a survey, if it exists and its customer is in `scope`.
    func findResponse(surveyID: String, id: String, scope: OwnerScope) throws -> SurveyResponse?
    /// Responses of a survey (missing: `notFound`), newest first.
    func listResponses(surveyID: String, _ query: ResponseQuery, scope: OwnerScope, page: PageRequest) throws -> Page<SurveyResponse>
    /// The survey (missing: `notFound`) and the aggregates of its responses in `window`,
    /// read in one transaction by SQL aggregation.
    func tallies(surveyID: String, window: ResponseWindow, scope: OwnerScope) throws -> (Survey, SurveyTallies)
}
