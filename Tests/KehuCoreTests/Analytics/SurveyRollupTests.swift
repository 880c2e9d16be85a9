import Foundation
import KehuCore
import Testing

/// NPS and CSI over several surveys, checked against figures worked out by hand.
@Suite struct SurveyRollupTests {
    static func survey(_ id: String, _ questions: [(String, QuestionType, Double)]) -> Survey {
        Survey(id: id, name: id, description: nil, questions: questions.map { SurveyQuestion(id: $0.0, text: $0.0, type: $0.1, weight: $0.2) },
               active: true, createdBy: nil, createdAt: Date(timeIntervalSince1970: 0))
    }

    /// docs/surveys.md's example survey: `service` likert5 weight 2, `recommend` nps weight 6.
    static let standard = survey("s1", [("service", .likert5, 2), ("recommend", .nps, 6), ("comment", .text, 0)])
    static let short = survey("s2", [("q", .likert5, 1)])
    static let weightless = survey("s3", [("q", .likert5, 0)])

    static func tally(_ responses: Int, _ scores: [(String, Int, Int)]) -> SurveyTallies {
        SurveyTallies(responses: responses, scores: scores.map { ScoreTally(questionID: $0.0, score: $0.1, count: $0.2) })
    }

    /// The documented example alone: CSI 79.0625 (shown 79.1), NPS 25, as its results page says.
    @Test func oneSurvey_matchesItsResultsPage() {
        let tallies = ["s1": Self.tally(4, [("service", 5, 1), ("service", 4, 2), ("service", 2, 1),
                                            ("recommend", 10, 1), ("recommend", 9, 1), ("recommend", 6, 1), ("recommend", 8, 1)])]
        let surveys = ["s1": Self.standard]
        #expect(SurveyRollup.csi(of: Self.standard, scores: tallies["s1"]!.scores) == 79.0625)
        #expect(SurveyRollup.csi(surveys: surveys, tallies: tallies) == CSIFigures(value: 79.1, responses: 4, surveys: 1))
        let nps = SurveyRollup.nps(surveys: surveys, tallies: tallies)
        #expect(nps.score == 25 && nps.promoters == 2 && nps.passives == 1 && nps.detractors == 1)
        #expect(SurveyScoring.results(for: Self.standard, tallies: tallies["s1"]!).csi == 79.1)
    }

    /// Two surveys: s1 with 4 responses at CSI 79.0625 and s2 with 1 response of q 2 (→ 25):
    /// (79.0625 × 4 + 25 × 1) / 5 = 341.25 / 5 = 68.25 → 68.3. A survey whose answers all
    /// weigh 0 has no CSI and takes no part; NPS counts only nps questions, of every survey.
    @Test func severalSurveys_weighByResponses() {
        let tallies = [
            "s1": Self.tally(4, [("service", 5, 1), ("service", 4, 2), ("service", 2, 1),
                                 ("recommend", 10, 1), ("recommend", 9, 1), ("recommend", 6, 1), ("recommend", 8, 1)]),
            "s2": Self.tally(1, [("q", 2, 1)]),
            "s3": Self.tally(7, [("q", 5, 7)]),
        ]
        let surveys = ["s1": Self.standard, "s2": Self.short, "s3": Self.weightless]
        #expect(SurveyRollup.csi(surveys: surveys, tallies: tallies) == CSIFigures(value: 68.3, responses: 5, surveys: 2))
        #expect(SurveyRollup.nps(surveys: surveys, tallies: tallies).count == 4)
    }

    /// No answers: no NPS, no CSI, counts 0.
    @Test func nothing() {
        #expect(SurveyRollup.csi(surveys: [:], tallies: [:]) == CSIFigures(value: nil, responses: 0, surveys: 0))
        let nps = SurveyRollup.nps(surveys: [:], tallies: [:])
        #expect(nps.score == nil && nps.count == 0)
    }
}
