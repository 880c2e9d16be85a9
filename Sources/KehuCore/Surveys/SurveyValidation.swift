import Foundation

/// The rules for survey questions and response answers. Pure: the service calls them with
/// a `Validator`, so one answer lists every problem.
public enum SurveyValidation {
    /// The questions, checked and normalised (texts trimmed, weights defaulted), or nil
    /// after recording why not under `field` (`questions[2].id`, ...).
    public static func questions(_ inputs: [QuestionInput], field: String = "questions", into validator: inout Validator) -> [SurveyQuestion]? {
        let before = validator.errors.count
        if !SurveyLimits.questionCount.contains(inputs.count) {
            validator.fail(field, "Must have \(SurveyLimits.questionCount.lowerBound) to \(SurveyLimits.questionCount.upperBound) questions.")
        }
        var seen: Set<String> = []
        var questions: [SurveyQuestion] = []
        for (index, input) in inputs.enumerated() {
            let path = "\(field)[\(index)]"
            if !isQuestionID(input.id) {
                validator.fail("\(path).id", "Must be 1 to \(SurveyLimits.questionIDLength) letters, digits, _ or -.")
            } else if !seen.insert(input.id).inserted {
                validator.fail("\(path).id", "Another question already has this id.")
            }
            let text = validator.requiredText(input.text, field: "\(path).text", maxLength: SurveyLimits.questionTextLength)
            var weight = input.weight ?? (input.type == .text ? 0 : 1)
            if input.type == .text, weight != 0 {
                validator.fail("\(path).weight", "A text question is not scored: leave the weight out or make it 0.")
                weight = 0
            } else if !weight.isFinite || !SurveyLimits.weights.contains(weight) {
                validator.fail("\(path).weight", "Must be a number from 0 to 100.")
            }
            questions.append(SurveyQuestion(id: input.id, text: text ?? "", type: input.type, weight: weight))
        }
        return validator.errors.count == before ? questions : nil
    }

    /// 1-40 characters of `[A-Za-z0-9_-]`.
    public static func isQuestionID(_ id: String) -> Bool {
        (1...SurveyLimits.questionIDLength).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// The answers checked against `survey`'s questions, recording one error per bad answer
    /// under `answers.<questionId>`: an unknown question, a wrong JSON type, a score that is
    /// not a whole number in the question's range, an empty or too long text.
    public static func answers(_ raw: [String: RawAnswer], for survey: Survey, into validator: inout Validator) -> [String: SurveyAnswer] {
        if raw.isEmpty { validator.fail("answers", "Must answer at least one question.") }
        var answers: [String: SurveyAnswer] = [:]
        for (questionID, value) in raw.sorted(by: { $0.key < $1.key }) {
            let field = "answers.\(questionID)"
            guard let question = survey.question(questionID) else {
                validator.fail(field, "The survey has no question with this id.")
                continue
            }
            if let scores = question.type.scores {
                guard case .number(let number) = value else {
                    validator.fail(field, "Expected a whole number from \(scores.lowerBound) to \(scores.upperBound).")
                    continue
                }
                guard number.rounded() == number, number.isFinite else {
                    validator.fail(field, "Must be a whole number.")
                    continue
                }
                guard number >= Double(scores.lowerBound), number <= Double(scores.upperBound) else {
                    validator.fail(field, "Must be from \(scores.lowerBound) to \(scores.upperBound).")
                    continue
                }
                answers[questionID] = .score(Int(number))
            } else {
                guard case .string(let text) = value else {
                    validator.fail(field, "Expected a string.")
                    continue
                }
                if let text = validator.requiredText(text, field: field, maxLength: SurveyLimits.textAnswerLength) {
                    answers[questionID] = .text(text)
                }
            }
        }
        return answers
    }
}
