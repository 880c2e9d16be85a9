import Foundation

/// How a survey question is answered.
public enum QuestionType: String, Sendable, Codable, CaseIterable {
    /// A five-point scale, 1 (very dissatisfied) to 5 (very satisfied).
    case likert5
    /// "How likely are you to recommend us?", 0 to 10.
    case nps
    /// Free text; counted, never scored.
    case text

    /// The whole numbers a scored question accepts; nil for text.
    public var scores: ClosedRange<Int>? {
        switch self {
        case .likert5: 1...5
        case .nps: 0...10
        case .text: nil
        }
    }
}

/// One question of a survey.
public struct SurveyQuestion: Sendable, Equatable, Codable {
    /// Unique within its survey: 1-40 of `[A-Za-z0-9_-]`; answers are keyed by it.
    public var id: String
    public var text: String
    public var type: QuestionType
    /// Its share of the satisfaction index (CSI), 0-100; always 0 for text questions.
    public var weight: Double

    public init(id: String, text: String, type: QuestionType, weight: Double) {
        self.id = id
        self.text = text
        self.type = type
        self.weight = weight
    }
}

/// A satisfaction survey (满意度调查): named questions that customers' responses answer.
public struct Survey: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var questions: [SurveyQuestion]
    /// Whether it takes new responses.
    public var active: Bool
    /// Responses recorded so far, from every customer (read from the responses, not stored).
    public var responseCount: Int
    /// The user who created it; nil for the system.
    public var createdBy: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: String, name: String, description: String?, questions: [SurveyQuestion], active: Bool, createdBy: String?, createdAt: Date) {
        self.id = id
        self.name = name
        self.description = description
        self.questions = questions
        self.active = active
        responseCount = 0
        self.createdBy = createdBy
        self.createdAt = createdAt
        updatedAt = createdAt
        self.version = 1
    }

    /// The question with this id, if any.
    public func question(_ id: String) -> SurveyQuestion? { questions.first { $0.id == id } }
}

/// One stored answer: a score (likert5, nps) or a text.
public enum SurveyAnswer: Sendable, Equatable {
    case score(Int)
    case text(String)
}

/// One customer's answers to a survey (a 问卷答卷). Responses are never changed.
public struct SurveyResponse: Sendable, Equatable {
    public var id: String
    public var surveyID: String
    public var customerID: String
    /// The feedback item the response is about, if any.
    public var feedbackID: String?
    /// By question id; questions left unanswered are absent.
    public var answers: [String: SurveyAnswer]
    /// The user who recorded it; nil for the system.
    public var recordedBy: String?
    /// When the customer answered (defaults to when it was recorded).
    public var respondedAt: Date
    public var createdAt: Date

    public init(id: String, surveyID: String, customerID: String, feedbackID: String?, answers: [String: SurveyAnswer], recordedBy: String?,
                respondedAt: Date, createdAt: Date) {
        self.id = id
        self.surveyID = surveyID
        self.customerID = customerID
        self.feedbackID = feedbackID
        self.answers = answers
        self.recordedBy = recordedBy
        self.respondedAt = respondedAt
        self.createdAt = createdAt
    }
}
