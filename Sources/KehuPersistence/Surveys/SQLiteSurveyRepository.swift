import Foundation
import KehuCore
import SQLiteStore

/// Surveys in `surveys`, responses in `survey_responses`, and one `survey_answers` row per
/// scored answer, written with the response. Results are GROUP BY aggregates of those
/// rows; a rep's are joined to `customers.owner_id`.
public struct SQLiteSurveyRepository: SurveyRepository {
    let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func insert(_ survey: Survey, mutation: Mutation, context: RequestContext) throws {
        try database.write { db in
            try db.execute(SurveyRow.insertSurveySQL, SurveyRow.insertValues(survey))
            try SQLiteJournal.record(mutation, context: context, in: db)
        }
    }

    public func find(id: String) throws -> Survey? {
        try database.read { db in try db.queryOne(SurveyRow.surveySelect + " WHERE s.id = ?", [id]).map(SurveyRow.survey) }
    }

    public func list(_ query: SurveyQuery, page: PageRequest) throws -> Page<Survey> {
        let cursor = try page.cursor.map { try ListCursor(decoding: $0, sortKey: "surveys") }
        return try database.read { db in
            let rows = try db.query(SurveyRow.surveySelect + """
                 WHERE (?1 IS NULL OR s.active = ?1) AND (?2 IS NULL OR (s.created_at, s.seq) > (?2, ?3))
                ORDER BY s.created_at, s.seq LIMIT ?4
                """, [query.active, cursor.map { $0.value }, cursor?.seq, page.limit + 1])
            let kept = rows.prefix(page.limit)
            let next = rows.count > page.limit ? kept.last.map { ListCursor(sortKey: "surveys", value: $0["created_at"], seq: $0.int64("seq")).encoded } : nil
            return Page(items: kept.map(SurveyRow.survey), nextCursor: next)
        }
    }

    public func change(id: String, context: RequestContext, _ decide: (Survey) throws -> (Survey, Mutation)?) throws -> Survey {
        try database.write { db in
            guard let current = try db.queryOne(SurveyRow.surveySelect + " WHERE s.id = ?", [id]).map(SurveyRow.survey) else {
                throw KehuError.notFound(entity: "survey", id: id)
            }
            guard let decided = try decide(current) else { return current }
            try db.execute(SurveyRow.updateSurveySQL, SurveyRow.updateValues(decided.0))
            try SQLiteJournal.record(decided.1, context: context, in: db)
            return decided.0
        }
    }

    public func recordResponse(surveyID: String, customerID: String, feedbackID: String?, customerScope: OwnerScope, context: RequestContext,
                               _ decide: (ResponseSnapshot) throws -> (SurveyResponse, Mutation)) throws -> SurveyResponse {
        try database.write { db in
            // Without the response count: only questions and `active` matter here.
            guard let survey = try db.queryOne("SELECT * FROM surveys WHERE id = ?", [surveyID]).map(SurveyRow.survey) else {
                throw KehuError.notFound(entity: "survey", id: surveyID)
            }
            let customerFound = try db.queryOne("""
                SELECT 1 FROM customers WHERE id = ?1 AND status = 'active' AND (?2 IS NULL OR owner_id = ?2)
                """, [customerID, customerScope.ownerID]) != nil
            let feedbackFound = try feedbackID.map { try db.queryOne("SELECT 1 FROM feedback WHERE id = ? AND customer_id = ?", [$0, customerID]) != nil }
            let (response, mutation) = try decide(ResponseSnapshot(survey: survey, customerFound: customerFound, feedbackFound: feedbackFound))
            try Self.insertResponse(response, in: db)
            try SQLiteJournal.record(mutation, context: context, in: db)
            return response
        }
    }

    /// Stores `response` and one `survey_answers` row per scored answer, in the caller's
    /// transaction; also how `BulkCustomerLoader` stores demo responses.
    static func insertResponse(_ response: SurveyResponse, in db: Database) throws {
        try db.execute(SurveyRow.insertResponseSQL, SurveyRow.values(response))
        let seq = db.lastInsertRowID
        for (questionID, answer) in response.answers {
            guard case .score(let score) = answer else { continue }
            try db.execute(SurveyRow.insertAnswerSQL, [seq, response.surveyID, questionID, score, StoredTime.millis(response.respondedAt)])
        }
    }

    public func findResponse(surveyID: String, id: String, scope: OwnerScope) throws -> SurveyResponse? {
        try database.read { db in
            try db.queryOne("""
                SELECT r.* FROM survey_responses r JOIN customers c ON c.id = r.customer_id
                WHERE r.id = ?1 AND r.survey_id = ?2 AND (?3 IS NULL OR c.owner_id = ?3)
                """, [id, surveyID, scope.ownerID]).map(SurveyRow.response)
        }
    }

    public func listResponses(surveyID: String, _ query: ResponseQuery, scope: OwnerScope, page: PageRequest) throws -> Page<SurveyResponse> {
        let cursor = try page.cursor.map { try ListCursor(decoding: $0, sortKey: "survey_responses") }
        var arguments = SQLArguments()
        var conditions = Self.responseConditions(surveyID: surveyID, window: query.window, scope: scope, into: &arguments)
        if let customer = query.customerID { conditions.append("r.customer_id = \(arguments.add(customer))") }
        if let cursor { conditions.append("(r.responded_at, r.seq) < (\(arguments.add(cursor.value)), \(arguments.add(cursor.seq)))") }
        let sql = """
            SELECT r.* FROM survey_responses r \(Self.ownerJoin(scope)) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY r.responded_at DESC, r.seq DESC LIMIT \(arguments.add(page.limit + 1))
            """
        return try database.read { db in
            try Self.requireSurvey(surveyID, in: db)
            let rows = try db.query(sql, arguments.values)
            let kept = rows.prefix(page.limit)
            let next = rows.count > page.limit
                ? kept.last.map { ListCursor(sortKey: "survey_responses", value: $0["responded_at"], seq: $0.int64("seq")).encoded } : nil
            return Page(items: kept.map(SurveyRow.response), nextCursor: next)
        }
    }

    public func tallies(surveyID: String, window: ResponseWindow, scope: OwnerScope) throws -> (Survey, SurveyTallies) {
        try database.read { db in
            guard let survey = try db.queryOne("SELECT * FROM surveys WHERE id = ?", [surveyID]).map(SurveyRow.survey) else {
                throw KehuError.notFound(entity: "survey", id: surveyID)
            }
            let (scoreSQL, scoreArguments) = Self.scoreStatement(surveyID: surveyID, window: window, scope: scope)
            let scores = try db.query(scoreSQL, scoreArguments).map {
                ScoreTally(questionID: $0.string("question_id"), score: $0.int("score"), count: $0.int("n"))
            }
            let (countSQL, countArguments) = Self.responseCountStatement(surveyID: surveyID, window: window, scope: scope)
            let responses = try db.scalar(countSQL, countArguments)?.int64Value ?? 0
            var textCounts: [String: Int] = [:]
            if survey.questions.contains(where: { $0.type == .text }) {
                let (textSQL, textArguments) = Self.textCountStatement(surveyID: surveyID, window: window, scope: scope)
                for row in try db.query(textSQL, textArguments) { textCounts[row.string("question_id")] = row.int("n") }
            }
            return (survey, SurveyTallies(responses: Int(responses), scores: scores, textCounts: textCounts))
        }
    }

    /// Scored answers by question and score, read from the `survey_answers_question` index;
    /// a rep's through their responses' customers.
    static func scoreStatement(surveyID: String, window: ResponseWindow, scope: OwnerScope) -> (String, [any SQLiteBindable]) {
        var arguments = SQLArguments()
        var conditions = ["a.survey_id = \(arguments.add(surveyID))"]
        if let from = window.from { conditions.append("a.responded_at >= \(arguments.add(StoredTime.millis(from)))") }
        if let to = window.to { conditions.append("a.responded_at < \(arguments.add(StoredTime.millis(to)))") }
        var join = ""
        if let owner = scope.ownerID {
            join = "JOIN survey_responses r ON r.seq = a.response_seq " + ownerJoin(scope)
            conditions.append("c.owner_id = \(arguments.add(owner))")
        }
        let sql = """
            SELECT a.question_id, a.score, COUNT(*) AS n FROM survey_answers a \(join)
            WHERE \(conditions.joined(separator: " AND ")) GROUP BY a.question_id, a.score
            """
        return (sql, arguments.values)
    }

    /// The number of responses in the window.
    static func responseCountStatement(surveyID: String, window: ResponseWindow, scope: OwnerScope) -> (String, [any SQLiteBindable]) {
        var arguments = SQLArguments()
        let conditions = responseConditions(surveyID: surveyID, window: window, scope: scope, into: &arguments)
        return ("SELECT COUNT(*) FROM survey_responses r \(ownerJoin(scope)) WHERE \(conditions.joined(separator: " AND "))", arguments.values)
    }

    /// Text answers by question. They have no `survey_answers` rows, so they are counted in
    /// the stored answers, where they are the JSON strings (scores are integers).
    static func textCountStatement(surveyID: String, window: ResponseWindow, scope: OwnerScope) -> (String, [any SQLiteBindable]) {
        var arguments = SQLArguments()
        let conditions = responseConditions(surveyID: surveyID, window: window, scope: scope, into: &arguments)
        let sql = """
            SELECT j.key AS question_id, COUNT(*) AS n FROM survey_responses r \(ownerJoin(scope)), json_each(r.answers) j
            WHERE \(conditions.joined(separator: " AND ")) AND j.type = 'text' GROUP BY j.key
            """
        return (sql, arguments.values)
    }

    /// `JOIN customers c` for a rep's scope (the condition on `c.owner_id` is added with the others).
    private static func ownerJoin(_ scope: OwnerScope) -> String {
        scope.ownerID == nil ? "" : "JOIN customers c ON c.id = r.customer_id"
    }

    /// Conditions on `survey_responses r`: the survey, the window, the owner.
    private static func responseConditions(surveyID: String, window: ResponseWindow, scope: OwnerScope, into arguments: inout SQLArguments) -> [String] {
        var conditions = ["r.survey_id = \(arguments.add(surveyID))"]
        if let from = window.from { conditions.append("r.responded_at >= \(arguments.add(StoredTime.millis(from)))") }
        if let to = window.to { conditions.append("r.responded_at < \(arguments.add(StoredTime.millis(to)))") }
        if let owner = scope.ownerID { conditions.append("c.owner_id = \(arguments.add(owner))") }
        return conditions
    }

    private static func requireSurvey(_ id: String, in db: Database) throws {
        if try db.queryOne("SELECT 1 FROM surveys WHERE id = ?", [id]) == nil { throw KehuError.notFound(entity: "survey", id: id) }
    }
}
