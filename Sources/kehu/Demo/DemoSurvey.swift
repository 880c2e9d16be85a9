import Foundation
import KehuCore

/// The demo's satisfaction survey (客户满意度调查), created through `SurveyService` like any
/// survey (validated, audited as `survey.created`). One an earlier seed made is reused while
/// it takes responses, so seeding again with `--force` adds to its results.
enum DemoSurvey {
    /// The active survey named `DemoVocabulary.surveyName` with exactly the demo's questions,
    /// else a new one, launched (created) the day before the year its responses cover begins.
    static func ensure(factory: ServiceFactory, now: Date) throws -> Survey {
        let service = factory.surveyService
        let context = RequestContext(principal: .system, requestID: "seed-demo", now: launch(before: now))
        let input = SurveyInput(name: DemoVocabulary.surveyName, description: DemoVocabulary.surveyDescription, questions: DemoVocabulary.surveyQuestions)
        if let existing = try findActive(like: input, in: service, context: context) { return existing }
        return try service.create(input, context: context)
    }

    /// 10:00 Beijing time 366 days before `now`: before any response of the last year.
    static func launch(before now: Date) -> Date {
        let yearBefore = DemoTime.wholeMillis(now) - 366 * DemoDataGenerator.dayMillis
        return DemoTime.date(millis: DemoDataGenerator.dayStart(yearBefore) + 10 * DemoDataGenerator.hourMillis)
    }

    /// The first active survey with `input`'s name and questions as the service stores them.
    private static func findActive(like input: SurveyInput, in service: SurveyService, context: RequestContext) throws -> Survey? {
        var validator = Validator()
        guard let questions = SurveyValidation.questions(input.questions, into: &validator) else {
            preconditionFailure("the demo survey's questions break the rules: \(validator.errors)")
        }
        var cursor: String?
        repeat {
            let page = try service.list(SurveyQuery(active: true), page: PageRequest(limit: PageRequest.maxLimit, cursor: cursor), context: context)
            if let match = page.items.first(where: { $0.name == input.name && $0.questions == questions }) { return match }
            cursor = page.nextCursor
        } while cursor != nil
        return nil
    }
}
