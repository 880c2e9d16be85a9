import Foundation

/// A question as a client sends it; `SurveyValidation` checks it.
public struct QuestionInput: Sendable, Equatable {
    public var id: String
    public var text: String
    public var type: QuestionType
    /// Nil: 1 for scored questions, 0 for text.
    public var weight: Double?

    public init(id: String, text: String, type: QuestionType, weight: Double? = nil) {
        self.id = id
        self.text = text
        self.type = type
        self.weight = weight
    }
}

/// A survey as a client sends it on create.
public struct SurveyInput: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var questions: [QuestionInput]
    /// Nil: active.
    public var active: Bool?

    public init(name: String, description: String? = nil, questions: [QuestionInput], active: Bool? = nil) {
        self.name = name
        self.description = description
        self.questions = questions
        self.active = active
    }
}

/// Changes to a survey (merge patch: nil leaves a field alone).
public struct SurveyPatch: Sendable, Equatable {
    public var name: String?
    public var description: String?
    public var active: Bool?
    /// The whole new list; only while the survey has no responses.
    public var questions: [QuestionInput]?
    /// Fields set to null.
    public var cleared: Set<String>

    public init(name: String? = nil, description: String? = nil, active: Bool? = nil, questions: [QuestionInput]? = nil, cleared: Set<String> = []) {
        self.name = name
        self.description = description
        self.active = active
        self.questions = questions
        self.cleared = cleared
    }
}

/// An answer as the client sent it, with its JSON type, so that a wrong type is named.
public enum RawAnswer: Sendable, Equatable {
    case number(Double)
    case string(String)
    /// null, true or false, an array or an object: never an answer.
    case other
}

/// A response as a client sends it.
public struct ResponseInput: Sendable, Equatable {
    public var customerID: String
    /// By question id.
    public var answers: [String: RawAnswer]
    public var feedbackID: String?
    /// Nil: now.
    public var respondedAt: Date?

    public init(customerID: String, answers: [String: RawAnswer], feedbackID: String? = nil, respondedAt: Date? = nil) {
        self.customerID = customerID
        self.answers = answers
        self.feedbackID = feedbackID
        self.respondedAt = respondedAt
    }
}

/// Filters for `GET /v1/surveys`.
public struct SurveyQuery: Sendable, Equatable {
    public var active: Bool?

    public init(active: Bool? = nil) { self.active = active }
}

/// A span of response times: `from` inclusive, `to` exclusive; nil is open.
public struct ResponseWindow: Sendable, Equatable {
    public var from: Date?
    public var to: Date?

    public init(from: Date? = nil, to: Date? = nil) {
        self.from = from
        self.to = to
    }
}

/// Filters for `GET /v1/surveys/{id}/responses`.
public struct ResponseQuery: Sendable, Equatable {
    public var customerID: String?
    public var window: ResponseWindow

    public init(customerID: String? = nil, window: ResponseWindow = ResponseWindow()) {
        self.customerID = customerID
        self.window = window
    }
}

/// Limits on surveys and responses, shared by the service's checks.
public enum SurveyLimits {
    public static let nameLength = 200
    public static let descriptionLength = 2_000
    public static let questionCount = 1...50
    public static let questionIDLength = 40
    public static let questionTextLength = 500
    public static let weights = 0.0...100.0
    public static let textAnswerLength = 2_000
    /// How far ahead of the server's clock `respondedAt` may be (clients' clocks drift).
    public static let clockSkew: TimeInterval = 300
}
