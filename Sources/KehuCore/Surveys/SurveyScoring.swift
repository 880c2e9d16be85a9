import Foundation

/// How many answers gave one score to one question, as the database's GROUP BY counts them.
public struct ScoreTally: Sendable, Equatable {
    public var questionID: String
    public var score: Int
    public var count: Int

    public init(questionID: String, score: Int, count: Int) {
        self.questionID = questionID
        self.score = score
        self.count = count
    }
}

/// What a survey's results are computed from: aggregates over the responses in a window
/// (never the responses themselves).
public struct SurveyTallies: Sendable, Equatable {
    /// Responses in the window.
    public var responses: Int
    /// Scored answers by question and score.
    public var scores: [ScoreTally]
    /// Text answers by question id.
    public var textCounts: [String: Int]

    public init(responses: Int, scores: [ScoreTally], textCounts: [String: Int] = [:]) {
        self.responses = responses
        self.scores = scores
        self.textCounts = textCounts
    }
}

/// How many answers gave one score.
public struct ScoreCount: Sendable, Equatable {
    public var score: Int
    public var count: Int

    public init(score: Int, count: Int) {
        self.score = score
        self.count = count
    }
}

/// One question's figures.
public struct QuestionResult: Sendable, Equatable {
    public var question: SurveyQuestion
    /// Answers to it.
    public var count: Int
    /// The mean score to two decimals; nil for text questions and questions without answers.
    public var mean: Double?
    /// Every possible score in order, zero counts included; nil for text questions.
    public var distribution: [ScoreCount]?
    /// The mean mapped to 0-100 as the CSI uses it, to one decimal; nil when `mean` is.
    public var scaledMean: Double?
    /// This question's share of the CSI (its weight over the weights of the scored questions
    /// that have answers), to four decimals; nil when it has no part in it.
    public var csiWeight: Double?

    public init(question: SurveyQuestion, count: Int, mean: Double?, distribution: [ScoreCount]?, scaledMean: Double?, csiWeight: Double?) {
        self.question = question
        self.count = count
        self.mean = mean
        self.distribution = distribution
        self.scaledMean = scaledMean
        self.csiWeight = csiWeight
    }
}

/// Net Promoter Score over the answers of a survey's nps questions.
public struct NPSSummary: Sendable, Equatable {
    /// % promoters minus % detractors, -100 to 100, to one decimal; nil without nps answers.
    public var score: Double?
    /// Answers of 9 or 10.
    public var promoters: Int
    /// Answers of 7 or 8.
    public var passives: Int
    /// Answers of 0 to 6.
    public var detractors: Int
    /// All nps answers.
    public var count: Int { promoters + passives + detractors }

    public init(score: Double?, promoters: Int, passives: Int, detractors: Int) {
        self.score = score
        self.promoters = promoters
        self.passives = passives
        self.detractors = detractors
    }
}

/// A survey's results over a window of response times.
public struct SurveyResults: Sendable, Equatable {
    public var surveyID: String
    public var window: ResponseWindow
    /// Responses in the window.
    public var responses: Int
    /// In the survey's order.
    public var questions: [QuestionResult]
    public var nps: NPSSummary
    /// Customer satisfaction index, 0-100, to one decimal; nil when nothing scored has answers.
    public var csi: Double?

    public init(surveyID: String, window: ResponseWindow, responses: Int, questions: [QuestionResult], nps: NPSSummary, csi: Double?) {
        self.surveyID = surveyID
        self.window = window
        self.responses = responses
        self.questions = questions
        self.nps = nps
        self.csi = csi
    }
}

/// Turns aggregate rows into results: means, distributions, NPS and CSI. Pure, so the
/// formulas are tested by hand-computed examples (docs/surveys.md explains them).
public enum SurveyScoring {
    public static func results(for survey: Survey, tallies: SurveyTallies, window: ResponseWindow = ResponseWindow()) -> SurveyResults {
        var counts: [String: [Int: Int]] = [:]
        for tally in tallies.scores { counts[tally.questionID, default: [:]][tally.score, default: 0] += tally.count }
        var questions: [QuestionResult] = []
        var parts: [(scaledMean: Double, weight: Double)] = []
        var npsCounts: [Int: Int] = [:]
        for question in survey.questions {
            guard let range = question.type.scores else {
                questions.append(QuestionResult(question: question, count: tallies.textCounts[question.id] ?? 0, mean: nil, distribution: nil,
                                                scaledMean: nil, csiWeight: nil))
                continue
            }
            let scores = (counts[question.id] ?? [:]).filter { range.contains($0.key) }
            if question.type == .nps { npsCounts.merge(scores, uniquingKeysWith: +) }
            let mean = self.mean(scores)
            let scaled = mean.map { scaledMean($0, type: question.type) }
            if let scaled { parts.append((scaled, question.weight)) }
            questions.append(QuestionResult(
                question: question, count: scores.values.reduce(0, +), mean: mean.map { round($0, places: 2) },
                distribution: range.map { ScoreCount(score: $0, count: scores[$0] ?? 0) }, scaledMean: scaled.map { round($0, places: 1) },
                csiWeight: nil
            ))
        }
        let totalWeight = parts.reduce(0) { $0 + $1.weight }
        if totalWeight > 0 {
            for index in questions.indices where questions[index].mean != nil {
                questions[index].csiWeight = round(questions[index].question.weight / totalWeight, places: 4)
            }
        }
        return SurveyResults(surveyID: survey.id, window: window, responses: tallies.responses, questions: questions, nps: nps(npsCounts),
                             csi: csi(parts).map { round($0, places: 1) })
    }

    /// The exact mean of scores given as score → count; nil without any.
    public static func mean(_ counts: [Int: Int]) -> Double? {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return nil }
        return Double(counts.reduce(0) { $0 + $1.key * $1.value }) / Double(total)
    }

    /// A mean on 0-100: likert5 (mean - 1) / 4 × 100, nps mean × 10; text is never scored.
    public static func scaledMean(_ mean: Double, type: QuestionType) -> Double {
        switch type {
        case .likert5: (mean - 1) / 4 * 100
        case .nps: mean * 10
        case .text: 0
        }
    }

    /// NPS over nps answers given as score → count (scores outside 0-10 are ignored).
    public static func nps(_ counts: [Int: Int]) -> NPSSummary {
        var promoters = 0, passives = 0, detractors = 0
        for (score, count) in counts {
            switch score {
            case 9...10: promoters += count
            case 7...8: passives += count
            case 0...6: detractors += count
            default: break
            }
        }
        let total = promoters + passives + detractors
        // One division, not two percentages subtracted: 5, 2, 3 gives exactly 20.
        let score = total > 0 ? round(Double(promoters - detractors) * 100 / Double(total), places: 1) : nil
        return NPSSummary(score: score, promoters: promoters, passives: passives, detractors: detractors)
    }

    /// The weighted mean of scaled means, the weights normalised over the parts given;
    /// unrounded. Nil without parts or when their weights add up to 0.
    public static func csi(_ parts: [(scaledMean: Double, weight: Double)]) -> Double? {
        let totalWeight = parts.reduce(0) { $0 + $1.weight }
        guard totalWeight > 0 else { return nil }
        return parts.reduce(0) { $0 + $1.scaledMean * $1.weight } / totalWeight
    }

    /// `value` to `places` decimals, halves away from zero.
    public static func round(_ value: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
