import Foundation
import KehuCore

/// Survey documents, written straight to JSON: keys sorted, absent values null
/// (`Survey`, `SurveyResponse` and `SurveyResults` in openapi.yaml).
extension JSONWriter {
    mutating func survey(_ survey: Survey) {
        beginObject()
        key("active"); bool(survey.active)
        key("createdAt"); date(survey.createdAt)
        key("createdBy"); string(survey.createdBy)
        key("description"); string(survey.description)
        key("id"); string(survey.id)
        key("name"); string(survey.name)
        key("questions"); beginArray()
        for question in survey.questions { surveyQuestion(question) }
        endArray()
        key("responseCount"); integer(survey.responseCount)
        key("updatedAt"); date(survey.updatedAt)
        key("version"); integer(survey.version)
        endObject()
    }

    mutating func surveyQuestion(_ question: SurveyQuestion) {
        beginObject()
        key("id"); string(question.id)
        key("text"); string(question.text)
        key("type"); string(question.type.rawValue)
        key("weight"); number(question.weight)
        endObject()
    }

    mutating func surveyResponse(_ response: SurveyResponse) {
        beginObject()
        key("answers"); beginObject()
        for questionID in response.answers.keys.sorted() {
            key(text: questionID)
            switch response.answers[questionID]! {
            case .score(let score): integer(score)
            case .text(let text): string(text)
            }
        }
        endObject()
        key("createdAt"); date(response.createdAt)
        key("customerId"); string(response.customerID)
        key("feedbackId"); string(response.feedbackID)
        key("id"); string(response.id)
        key("recordedBy"); string(response.recordedBy)
        key("respondedAt"); date(response.respondedAt)
        key("surveyId"); string(response.surveyID)
        endObject()
    }

    mutating func surveyResults(_ results: SurveyResults) {
        beginObject()
        key("csi"); number(orNull: results.csi)
        key("from"); date(results.window.from)
        key("nps"); beginObject()
        key("count"); integer(results.nps.count)
        key("detractors"); integer(results.nps.detractors)
        key("passives"); integer(results.nps.passives)
        key("promoters"); integer(results.nps.promoters)
        key("score"); number(orNull: results.nps.score)
        endObject()
        key("questions"); beginArray()
        for question in results.questions { questionResult(question) }
        endArray()
        key("responses"); integer(results.responses)
        key("surveyId"); string(results.surveyID)
        key("to"); date(results.window.to)
        endObject()
    }

    private mutating func questionResult(_ result: QuestionResult) {
        beginObject()
        key("count"); integer(result.count)
        key("csiWeight"); number(orNull: result.csiWeight)
        key("distribution")
        if let distribution = result.distribution {
            // In score order ("0" to "10"), which reads better than the keys' text order.
            beginObject()
            for bucket in distribution {
                key(text: String(bucket.score)); integer(bucket.count)
            }
            endObject()
        } else {
            string(nil)
        }
        key("id"); string(result.question.id)
        key("mean"); number(orNull: result.mean)
        key("scaledMean"); number(orNull: result.scaledMean)
        key("text"); string(result.question.text)
        key("type"); string(result.question.type.rawValue)
        key("weight"); number(result.question.weight)
        endObject()
    }
}
