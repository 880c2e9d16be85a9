import Foundation
import KehuCore
import SQLiteStore

/// Surveys and responses to and from rows. Questions and answers are JSON in TEXT columns;
/// scored answers are also rows of `survey_answers`, which results aggregate.
enum SurveyRow {
    /// Survey columns with the number of its responses.
    static let surveySelect = """
        SELECT s.*, (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id) AS response_count FROM surveys s
        """

    static let insertSurveySQL = """
        INSERT INTO surveys (id, name, description, questions, active, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let updateSurveySQL = """
        UPDATE surveys SET name = ?, description = ?, questions = ?, active = ?, updated_at = ?, version = ? WHERE id = ?
        """

    static func insertValues(_ survey: Survey) -> [any SQLiteBindable] {
        [survey.id, survey.name, survey.description, StoredJSON.encode(survey.questions), survey.active, survey.createdBy,
         StoredTime.millis(survey.createdAt), StoredTime.millis(survey.updatedAt), survey.version]
    }

    static func updateValues(_ survey: Survey) -> [any SQLiteBindable] {
        [survey.name, survey.description, StoredJSON.encode(survey.questions), survey.active, StoredTime.millis(survey.updatedAt), survey.version,
         survey.id]
    }

    static func survey(_ row: Row) -> Survey {
        var survey = Survey(id: row.string("id"), name: row.string("name"), description: row.optionalString("description"),
                            questions: StoredJSON.decode([SurveyQuestion].self, row.string("questions")) ?? [], active: row.bool("active"),
                            createdBy: row.optionalString("created_by"), createdAt: StoredTime.date(row.int64("created_at")))
        survey.responseCount = row.hasColumn("response_count") ? row.int("response_count") : 0
        survey.updatedAt = StoredTime.date(row.int64("updated_at"))
        survey.version = row.int("version")
        return survey
    }

    static let insertResponseSQL = """
        INSERT INTO survey_responses (id, survey_id, customer_id, feedback_id, answers, recorded_by, responded_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let insertAnswerSQL = """
        INSERT INTO survey_answers (response_seq, survey_id, question_id, score, responded_at) VALUES (?, ?, ?, ?, ?)
        """

    static func values(_ response: SurveyResponse) -> [any SQLiteBindable] {
        [response.id, response.surveyID, response.customerID, response.feedbackID, answersJSON(response.answers), response.recordedBy,
         StoredTime.millis(response.respondedAt), StoredTime.millis(response.createdAt)]
    }

    static func response(_ row: Row) -> SurveyResponse {
        let stored = StoredJSON.decode([String: StoredAnswer].self, row.string("answers")) ?? [:]
        return SurveyResponse(id: row.string("id"), surveyID: row.string("survey_id"), customerID: row.string("customer_id"),
                              feedbackID: row.optionalString("feedback_id"), answers: stored.mapValues(\.answer),
                              recordedBy: row.optionalString("recorded_by"), respondedAt: StoredTime.date(row.int64("responded_at")),
                              createdAt: StoredTime.date(row.int64("created_at")))
    }

    /// `{"q1":5,"q2":"text"}`, keys sorted: scores as JSON integers and texts as strings, so
    /// `json_each(answers)` tells text answers by their type when results count them.
    static func answersJSON(_ answers: [String: SurveyAnswer]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, key) in answers.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONString.append(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            switch answers[key]! {
            case .score(let score): bytes.append(contentsOf: String(score).utf8)
            case .text(let text): JSONString.append(text, to: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private struct StoredAnswer: Decodable {
        var answer: SurveyAnswer

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let score = try? container.decode(Int.self) {
                answer = .score(score)
            } else {
                answer = .text(try container.decode(String.self))
            }
        }
    }
}
