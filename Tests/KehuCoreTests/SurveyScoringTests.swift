import Foundation
import KehuCore
import Testing

/// NPS, CSI, means and distributions from aggregate rows, against figures worked out by
/// hand (the arithmetic is in the comments; docs/surveys.md has the formulas).
@Suite struct SurveyScoringTests {
    static func survey(_ questions: [SurveyQuestion]) -> Survey {
        Survey(id: "srv_test", name: "测试", description: nil, questions: questions, active: true, createdBy: nil, createdAt: Date(timeIntervalSince1970: 0))
    }

    static func likert(_ id: String, weight: Double = 1) -> SurveyQuestion { SurveyQuestion(id: id, text: id, type: .likert5, weight: weight) }
    static func nps(_ id: String, weight: Double = 1) -> SurveyQuestion { SurveyQuestion(id: id, text: id, type: .nps, weight: weight) }
    static func text(_ id: String) -> SurveyQuestion { SurveyQuestion(id: id, text: id, type: .text, weight: 0) }

    /// Tallies for one question from score → count.
    static func tallies(_ questionID: String, _ counts: [Int: Int]) -> [ScoreTally] {
        counts.map { ScoreTally(questionID: questionID, score: $0.key, count: $0.value) }
    }

    @Test func nps_allPromoters_is100() {
        // 4 promoters of 4: 100% - 0% = 100.
        let nps = SurveyScoring.nps([9: 1, 10: 3])
        #expect(nps.score == 100)
        #expect(nps.promoters == 4 && nps.passives == 0 && nps.detractors == 0 && nps.count == 4)
    }

    @Test func nps_allDetractors_isMinus100() {
        // 3 detractors of 3 (0, 3 and 6 are all detractors): 0% - 100% = -100.
        let nps = SurveyScoring.nps([0: 1, 3: 1, 6: 1])
        #expect(nps.score == -100)
        #expect(nps.detractors == 3 && nps.count == 3)
    }

    @Test func nps_mix_is20() {
        // 10 answers: 5 promoters (9, 9, 10, 10, 10), 2 passives (7, 8), 3 detractors (2, 5, 6).
        // 5/10 = 50% promoters, 3/10 = 30% detractors: 50 - 30 = 20.0.
        let nps = SurveyScoring.nps([9: 2, 10: 3, 7: 1, 8: 1, 2: 1, 5: 1, 6: 1])
        #expect(nps.score == 20.0)
        #expect(nps.promoters == 5 && nps.passives == 2 && nps.detractors == 3 && nps.count == 10)
    }

    @Test func nps_roundsToOneDecimal_andIsNilWithoutAnswers() {
        // 1 promoter, 1 passive, 1 detractor of 3: 33.33...% - 33.33...% = 0.
        #expect(SurveyScoring.nps([10: 1, 7: 1, 0: 1]).score == 0)
        // 2 promoters, 1 passive of 3: 66.666...% → 66.7.
        #expect(SurveyScoring.nps([9: 2, 8: 1]).score == 66.7)
        // 1 promoter, 2 detractors of 3: 33.33...% - 66.66...% = -33.333... → -33.3.
        #expect(SurveyScoring.nps([10: 1, 1: 2]).score == -33.3)
        let empty = SurveyScoring.nps([:])
        #expect(empty.score == nil)
        #expect(empty.count == 0)
    }

    @Test func likert_meanAndDistribution_listEveryScore() throws {
        // Scores 5, 5, 4, 2: mean (5 + 5 + 4 + 2) / 4 = 16 / 4 = 4.0; on 0-100: (4 - 1) / 4 × 100 = 75.
        let survey = Self.survey([Self.likert("q1")])
        let results = SurveyScoring.results(for: survey, tallies: SurveyTallies(responses: 4, scores: Self.tallies("q1", [5: 2, 4: 1, 2: 1])))
        let q1 = try #require(results.questions.first)
        #expect(q1.count == 4)
        #expect(q1.mean == 4.0)
        #expect(q1.scaledMean == 75)
        #expect(q1.distribution == [1: 0, 2: 1, 3: 0, 4: 1, 5: 2].sorted { $0.key < $1.key }.map { ScoreCount(score: $0.key, count: $0.value) })
        #expect(results.responses == 4)
        // One scored question: the CSI is its scaled mean, with all the weight.
        #expect(results.csi == 75)
        #expect(q1.csiWeight == 1)
        // No nps question: no NPS.
        #expect(results.nps.score == nil)
    }

    @Test func means_areRoundedToTwoDecimals_andScaledMeansToOne() {
        // Scores 5, 4, 4: mean 13 / 3 = 4.333... → 4.33; on 0-100: (4.333... - 1) / 4 × 100 = 83.333... → 83.3.
        let survey = Self.survey([Self.likert("q1")])
        let results = SurveyScoring.results(for: survey, tallies: SurveyTallies(responses: 3, scores: Self.tallies("q1", [5: 1, 4: 2])))
        #expect(results.questions[0].mean == 4.33)
        #expect(results.questions[0].scaledMean == 83.3)
        #expect(results.csi == 83.3)
    }

    @Test func npsQuestion_distributionRunsFrom0To10() throws {
        let survey = Self.survey([Self.nps("rec")])
        let results = SurveyScoring.results(for: survey, tallies: SurveyTallies(responses: 2, scores: Self.tallies("rec", [0: 1, 10: 1])))
        let distribution = try #require(results.questions[0].distribution)
        #expect(distribution.map(\.score) == Array(0...10))
        #expect(distribution.map(\.count) == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        // Mean (0 + 10) / 2 = 5; on 0-100: 5 × 10 = 50. NPS: 1 promoter, 1 detractor of 2 → 0.
        #expect(results.questions[0].mean == 5)
        #expect(results.questions[0].scaledMean == 50)
        #expect(results.nps.score == 0)
    }

    @Test func csi_normalisesWeightsThatDoNotAddUpTo1() {
        // q1 likert5, weight 2: scores 4, 4 → mean 4 → (4 - 1) / 4 × 100 = 75.
        // q2 nps, weight 6: scores 8, 8 → mean 8 → 8 × 10 = 80.
        // CSI = (2 × 75 + 6 × 80) / (2 + 6) = (150 + 480) / 8 = 630 / 8 = 78.75 → 78.8.
        // Shares: 2 / 8 = 0.25 and 6 / 8 = 0.75.
        let survey = Self.survey([Self.likert("q1", weight: 2), Self.nps("q2", weight: 6)])
        let tallies = SurveyTallies(responses: 2, scores: Self.tallies("q1", [4: 2]) + Self.tallies("q2", [8: 2]))
        let results = SurveyScoring.results(for: survey, tallies: tallies)
        #expect(results.csi == 78.8)
        #expect(results.questions.map(\.csiWeight) == [0.25, 0.75])
        #expect(SurveyScoring.csi([(75, 2), (80, 6)]) == 78.75)
        // The same weights scaled by any factor give the same index: (0.5 × 75 + 1.5 × 80) / 2 = (37.5 + 120) / 2 = 78.75.
        #expect(SurveyScoring.csi([(75, 0.5), (80, 1.5)]) == 78.75)
    }

    @Test func csi_leavesOutScoredQuestionsWithoutAnswers_andTextQuestions() {
        // q1 likert5, weight 1: score 5 → 100. q2 nps, weight 3: no answers (left out, so its
        // weight is not counted). q3 text: never scored. CSI = (1 × 100) / 1 = 100.
        let survey = Self.survey([Self.likert("q1"), Self.nps("q2", weight: 3), Self.text("q3")])
        let results = SurveyScoring.results(for: survey, tallies: SurveyTallies(responses: 2, scores: Self.tallies("q1", [5: 1]), textCounts: ["q3": 2]))
        #expect(results.csi == 100)
        let q2 = results.questions[1], q3 = results.questions[2]
        #expect(q2.count == 0 && q2.mean == nil && q2.scaledMean == nil && q2.csiWeight == nil)
        #expect(q2.distribution?.allSatisfy { $0.count == 0 } == true)
        #expect(results.nps.score == nil)
        // Text questions: only a count.
        #expect(q3.count == 2 && q3.mean == nil && q3.distribution == nil && q3.csiWeight == nil)
    }

    @Test func csi_isNil_whenNothingScoredHasAnswers() {
        let survey = Self.survey([Self.likert("q1"), Self.nps("q2"), Self.text("q3")])
        let results = SurveyScoring.results(for: survey, tallies: SurveyTallies(responses: 1, scores: [], textCounts: ["q3": 1]))
        #expect(results.csi == nil)
        #expect(results.questions.allSatisfy { $0.csiWeight == nil })
        #expect(SurveyScoring.csi([]) == nil)
        // Answers only to questions of weight 0: no weight to share, no index.
        let unweighted = Self.survey([Self.likert("q1", weight: 0)])
        #expect(SurveyScoring.results(for: unweighted, tallies: SurveyTallies(responses: 1, scores: Self.tallies("q1", [5: 1]))).csi == nil)
    }

    @Test func scaledMean_mapsTheScaleEndsTo0And100() {
        #expect(SurveyScoring.scaledMean(1, type: .likert5) == 0)
        #expect(SurveyScoring.scaledMean(3, type: .likert5) == 50)
        #expect(SurveyScoring.scaledMean(5, type: .likert5) == 100)
        #expect(SurveyScoring.scaledMean(0, type: .nps) == 0)
        #expect(SurveyScoring.scaledMean(7.5, type: .nps) == 75)
        #expect(SurveyScoring.scaledMean(10, type: .nps) == 100)
    }

    @Test func npsOverSeveralNPSQuestions_poolsTheirAnswers() {
        // a: 10, 10 (2 promoters); b: 3, 8 (1 detractor, 1 passive). Pooled: 2 - 1 of 4 → 25.
        let survey = Self.survey([Self.nps("a"), Self.nps("b")])
        let tallies = SurveyTallies(responses: 2, scores: Self.tallies("a", [10: 2]) + Self.tallies("b", [3: 1, 8: 1]))
        let nps = SurveyScoring.results(for: survey, tallies: tallies).nps
        #expect(nps.score == 25)
        #expect(nps.promoters == 2 && nps.passives == 1 && nps.detractors == 1)
    }

    @Test func validation_namesEveryBadAnswerByItsQuestion() {
        let survey = Self.survey([Self.likert("q1"), Self.nps("q2"), Self.text("q3")])
        var validator = Validator()
        let answers = SurveyValidation.answers(["q1": .number(6), "q2": .number(3.5), "q3": .number(1), "nope": .number(1)], for: survey, into: &validator)
        #expect(answers.isEmpty)
        #expect(validator.errors.map(\.field) == ["answers.nope", "answers.q1", "answers.q2", "answers.q3"])
        var ok = Validator()
        let valid = SurveyValidation.answers(["q1": .number(1), "q2": .number(0), "q3": .string(" 很好 ")], for: survey, into: &ok)
        #expect(ok.errors.isEmpty)
        #expect(valid == ["q1": .score(1), "q2": .score(0), "q3": .text("很好")])
    }
}
