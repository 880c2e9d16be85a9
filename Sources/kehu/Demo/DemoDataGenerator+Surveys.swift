import Foundation
import KehuCore

/// A year of answers to the demo survey: most customers content, those who complained less
/// so (the more when the complaint went badly), now and then a survey sent after a
/// complaint was settled, about it.
extension DemoDataGenerator {
    /// Exactly `total` responses to `survey` (none without one) shared out over `profiles`,
    /// buyers and busy customers asked more often; `feedback` is each profile's, as made.
    ///
    /// Drawn from a stream of their own, so that the rest of the data set is the same for
    /// a seed whatever `--survey-responses` says.
    mutating func makeSurveyResponses(for profiles: [DemoProfile], feedback: [DemoFeedback], total: Int) -> [[SurveyResponse]] {
        var made = [[SurveyResponse]](repeating: [], count: profiles.count)
        guard let survey, total > 0, !profiles.isEmpty else { return made }
        var stream = surveyRandom
        swap(&random, &stream)
        let counts = distribute(total, weights: profiles.map { 0.5 + min($0.purchaseWeight, 3) + min($0.interactionWeight, 2) })
        for (index, count) in counts.enumerated() where count > 0 {
            let complaints = feedback[index].items.filter { $0.kind == .complaint }
            for _ in 0..<count { made[index].append(makeSurveyResponse(to: survey, from: profiles[index], complaints: complaints)) }
        }
        swap(&random, &stream)
        surveyRandom = stream
        return made
    }

    /// One customer's answers on a day they were active since the survey opened, or, a
    /// third of the time when they have a settled complaint, a few days after it, about it.
    private mutating func makeSurveyResponse(to survey: Survey, from profile: DemoProfile, complaints: [Feedback]) -> SurveyResponse {
        let opened = DemoTime.wholeMillis(survey.createdAt)
        let from = max(profile.activeFrom, opened)
        var at = answeringMoment(from: from, until: max(min(profile.activeUntil, nowMillis), from))
        var about: Feedback?
        let settled = complaints.filter { !$0.status.isActive && $0.resolvedAt != nil }
        if !settled.isEmpty, random.chance(0.35) {
            let item = random.pick(settled)
            let asked = DemoTime.wholeMillis(item.resolvedAt ?? item.createdAt) + Self.dayMillis
            if asked >= opened, asked <= nowMillis {
                at = answeringMoment(from: asked, until: min(asked + 6 * Self.dayMillis, nowMillis))
                about = item
            }
        }
        let mood = max(random.pick(weighted: Words.surveyMoods) - complaintPenalty(complaints, before: at), 1)
        var answers: [String: SurveyAnswer] = [:]
        for question in survey.questions {
            switch question.type {
            case .likert5:
                // Now and then a question is left out, as the API allows.
                guard !random.chance(0.03) else { continue }
                answers[question.id] = .score(likert(mood: mood, leaning: Words.surveyLeanings[question.id] ?? (10, 10)))
            case .nps:
                guard !random.chance(0.04) else { continue }
                answers[question.id] = .score(random.pick(weighted: Words.recommendationsByMood[mood] ?? [(7, 1)]))
            case .text:
                // A blank comment is no answer at all: the API refuses empty texts.
                guard random.chance(Words.commentChance[mood] ?? 0.3) else { continue }
                let aboutHandling = about.flatMap { item in random.chance(0.6) ? Words.complaintFollowUpComments[!wentBadly(item, by: at)] : nil }
                answers[question.id] = .text(random.pick(aboutHandling ?? Words.surveyComments[mood] ?? ["还可以"]))
            }
        }
        if answers.isEmpty, let first = survey.questions.first(where: { $0.type == .likert5 }) {
            answers[first.id] = .score(likert(mood: mood, leaning: (10, 10)))
        }
        // Three in ten were asked on the phone by the customer's owner, who typed them in;
        // the others filled in the WeChat or SMS questionnaire themselves.
        let recordedBy = random.chance(0.3) ? profile.customer.ownerID ?? staff.managerID : nil
        return SurveyResponse(id: random.id("srs"), surveyID: survey.id, customerID: profile.customer.id, feedbackID: about?.id, answers: answers,
                              recordedBy: recordedBy, respondedAt: DemoTime.date(millis: at), createdAt: DemoTime.date(millis: at))
    }

    /// A moment between 08:00 and 22:00 Beijing time (questionnaires are answered in the
    /// evening too) on a day in [from, until]; on the day before when that is past `until`,
    /// so that today's answers do not all pile up at `until` (now).
    private mutating func answeringMoment(from: Int64, until: Int64) -> Int64 {
        let day = Self.dayStart(DemoTime.wholeMillis(moment(from: from, until: until)))
        var at = day + 8 * Self.hourMillis + random.int64(below: 14 * Self.hourMillis)
        if at > until { at -= Self.dayMillis }
        return min(max(at, from), max(until, from))
    }

    /// How many points the customer's complaints made before `at` take off their mood: when
    /// one went badly, one point and more often two; when all went well, now and then one.
    private mutating func complaintPenalty(_ complaints: [Feedback], before at: Int64) -> Int {
        let earlier = complaints.filter { DemoTime.wholeMillis($0.createdAt) < at }
        guard !earlier.isEmpty else { return 0 }
        if earlier.contains(where: { wentBadly($0, by: at) }) { return random.chance(0.6) ? 2 : 1 }
        return random.chance(0.3) ? 1 : 0
    }

    /// A complaint went badly if by `at` it was not settled, or it was settled late, or the
    /// customer's verdict on its handling was low.
    private func wentBadly(_ complaint: Feedback, by at: Int64) -> Bool {
        let settledByThen = complaint.resolvedAt.map { DemoTime.wholeMillis($0) <= at } ?? false
        let unhappy = complaint.satisfaction.map { $0.score <= FeedbackLimits.lowScore } ?? false
        return !settledByThen || complaint.resolutionBreached || unhappy
    }

    /// A 1-5 answer near `mood`: a point lower or higher with the question's leaning (percent).
    private mutating func likert(mood: Int, leaning: (down: Int, up: Int)) -> Int {
        let draw = random.int(0...99)
        let shift = draw < leaning.down ? -1 : draw < leaning.down + leaning.up ? 1 : 0
        return min(max(mood + shift, 1), 5)
    }
}
