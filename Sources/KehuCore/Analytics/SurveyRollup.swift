import Foundation

/// NPS and the satisfaction index over the answers to every survey at once, built from the
/// per-survey aggregates the database counts (never from responses themselves).
///
/// Surveys ask different questions with different weights, so answers are not pooled for
/// the CSI: each survey's own CSI comes first (`SurveyScoring`'s formula, as its results
/// page shows it), then the surveys' CSIs are averaged, each weighing as many responses
/// as it had. NPS questions mean the same everywhere, so their answers are pooled.
public enum SurveyRollup {
    /// NPS over every nps answer of every survey in `tallies` (survey id → tallies).
    public static func nps(surveys: [String: Survey], tallies: [String: SurveyTallies]) -> NPSSummary {
        var counts: [Int: Int] = [:]
        for (surveyID, tally) in tallies {
            guard let survey = surveys[surveyID] else { continue }
            let npsQuestions = Set(survey.questions.filter { $0.type == .nps }.map(\.id))
            for score in tally.scores where npsQuestions.contains(score.questionID) {
                counts[score.score, default: 0] += score.count
            }
        }
        return SurveyScoring.nps(counts)
    }

    /// The mean of the surveys' CSIs weighted by their responses (`SurveyTallies.responses`).
    /// A survey without a CSI (no scored answers, or only weightless ones) takes no part.
    public static func csi(surveys: [String: Survey], tallies: [String: SurveyTallies]) -> CSIFigures {
        var weightedSum = 0.0
        var responses = 0
        var contributing = 0
        // In id order, so the floating-point sum is the same on every call.
        for (surveyID, tally) in tallies.sorted(by: { $0.key < $1.key }) {
            guard tally.responses > 0, let survey = surveys[surveyID], let value = csi(of: survey, scores: tally.scores) else { continue }
            weightedSum += value * Double(tally.responses)
            responses += tally.responses
            contributing += 1
        }
        let value = responses > 0 ? SurveyScoring.round(weightedSum / Double(responses), places: 1) : nil
        return CSIFigures(value: value, responses: responses, surveys: contributing)
    }

    /// One survey's CSI, unrounded: the weighted mean of its scored questions' means on
    /// 0-100, over the questions with answers (docs/surveys.md, "CSI").
    public static func csi(of survey: Survey, scores: [ScoreTally]) -> Double? {
        var counts: [String: [Int: Int]] = [:]
        for tally in scores { counts[tally.questionID, default: [:]][tally.score, default: 0] += tally.count }
        let parts: [(scaledMean: Double, weight: Double)] = survey.questions.compactMap { question in
            guard let range = question.type.scores,
                  let mean = SurveyScoring.mean((counts[question.id] ?? [:]).filter { range.contains($0.key) }) else { return nil }
            return (SurveyScoring.scaledMean(mean, type: question.type), question.weight)
        }
        return SurveyScoring.csi(parts)
    }
}
