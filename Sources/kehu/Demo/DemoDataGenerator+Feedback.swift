import Foundation
import KehuCore

/// A customer's feedback items and their events, in the order they happened.
struct DemoFeedback {
    var items: [Feedback] = []
    var events: [FeedbackEvent] = []
}

/// A year of feedback and complaints: intake in office hours, then handled along the
/// workflow as the team would have, up to now.
extension DemoDataGenerator {
    /// Exactly `total` items shared out over `profiles` (unless there are none to share),
    /// busier customers getting more; an unowned customer's are the manager's.
    mutating func makeFeedback(for profiles: [DemoProfile], total: Int) -> [DemoFeedback] {
        var made = [DemoFeedback](repeating: DemoFeedback(), count: profiles.count)
        guard total > 0, !profiles.isEmpty else { return made }
        // Capped, so that the few heaviest buyers do not take a batch's whole share.
        let counts = distribute(total, weights: profiles.map { 0.4 + min($0.interactionWeight, 8) })
        for (index, count) in counts.enumerated() {
            for _ in 0..<count { makeFeedbackItem(for: profiles[index], into: &made[index]) }
        }
        return made
    }

    /// One item: kind, channel, urgency and a text that fits its kind and category, taken
    /// in by the customer's owner (else the manager), who also handles it.
    mutating func makeFeedbackItem(for profile: DemoProfile, into made: inout DemoFeedback) {
        let kind = random.pick(weighted: Words.feedbackKinds)
        let template = random.pick(Words.feedbackTemplates[kind] ?? [])
        let product = random.pick(products).name
        let urgency = random.pick(weighted: Words.feedbackUrgencies[kind] ?? [(.normal, 1)])
        let created = DemoTime.date(millis: feedbackIntake(profile))
        let assignee = profile.customer.ownerID ?? staff.managerID
        let item = Feedback(
            id: random.id("fbk"), customerID: profile.customer.id, kind: kind, channel: random.pick(weighted: Words.feedbackChannels),
            subject: template.subject.replacingOccurrences(of: "%@", with: product),
            body: random.chance(0.9) ? template.body.replacingOccurrences(of: "%@", with: product) : nil,
            category: template.category, urgency: urgency, assigneeID: assignee,
            deadlines: sla.deadlines(urgency: urgency, from: created), createdBy: assignee, createdAt: created
        )
        var journal = DemoFeedbackJournal(item, sla: sla, nowMillis: nowMillis)
        let resolutions = !template.resolutions.isEmpty ? template.resolutions
            : kind == .praise ? Words.praiseResolutions : Words.suggestionResolutions
        // The history draws from a stream of its own: how much of it happened by now, and
        // which steps waited for the morning, depend on the moment of seeding, and must
        // not shift what the same seed makes of the items after it.
        var history = DemoRandom(seed: random.next())
        swap(&random, &history)
        handle(&journal, resolutions: resolutions)
        swap(&random, &history)
        made.items.append(journal.item)
        made.events += journal.events
    }

    /// When an item came in: office hours on a day the customer was active in the last
    /// year; one in twenty within the last fortnight, so that there is work in hand.
    mutating func feedbackIntake(_ profile: DemoProfile) -> Int64 {
        let until = min(profile.activeUntil, nowMillis)
        let fortnight = nowMillis - 14 * Self.dayMillis
        let from = random.chance(0.05) && until > fortnight ? max(profile.activeFrom, fortnight) : profile.activeFrom
        return officeMoment(from: from, until: until)
    }

    /// The item's handling, planned from intake against its SLA targets; the journal keeps
    /// what happened by now. The first response is mostly in time, one in ten late and a
    /// few left for days; the resolution 85 % in time, 10 % late and 5 % stuck for days or
    /// weeks (what is overdue today). Then perhaps the customer's verdict (six complaints in
    /// ten, one other item in five), or now and then a reopening by hand; three quarters of
    /// the settled items are closed some days later. Steps fall in service hours unless a
    /// deadline would not wait for the morning (see `serviceTime`).
    mutating func handle(_ journal: inout DemoFeedbackJournal, resolutions: [String]) {
        let created = DemoTime.wholeMillis(journal.item.createdAt)
        let target = sla.target(for: journal.item.urgency)
        let response = Int64(target.firstResponseHours) * Self.hourMillis
        let resolution = Int64(target.resolutionHours) * Self.hourMillis
        let answer = random.unit()
        let responseDelay = answer < 0.88 ? span(0.05...0.9, of: response)
            : answer < 0.98 ? span(1.05...3, of: response) : Int64(random.int(2...7)) * Self.dayMillis
        let responseDue = DemoTime.wholeMillis(journal.item.responseDueAt), due = DemoTime.wholeMillis(journal.item.dueAt)
        guard journal.move(to: .acknowledged, at: serviceTime(created + responseDelay, deadline: responseDue)) else { return }
        let acknowledged = journal.lastStepMillis
        let started = acknowledged + span(0.05...0.5, of: max(due - acknowledged, Self.hourMillis))
        guard journal.move(to: .inProgress, at: serviceTime(started, deadline: due)) else { return }
        let settle = random.unit()
        let resolveDelay = settle < 0.85 ? span(0.3...0.95, of: resolution)
            : settle < 0.95 ? span(1.05...2.5, of: resolution) : resolution + Int64(random.int(3...25)) * Self.dayMillis
        let working = journal.lastStepMillis + Self.hourMillis / 4 + random.int64(below: 2 * Self.hourMillis)
        guard journal.move(to: .resolved, at: serviceTime(max(created + resolveDelay, working), deadline: due), resolution: random.pick(resolutions))
        else { return }

        let resolved = journal.lastStepMillis
        if random.chance(journal.item.kind == .complaint ? 0.6 : 0.2) {
            let at = serviceTime(resolved + Self.hourMillis + random.int64(below: 3 * Self.dayMillis))
            var score = random.pick(weighted: Words.satisfactionScores)
            if score <= FeedbackLimits.lowScore {
                // Unhappy: the verdict reopens the item, which is worked on and resolved
                // again. Kept only when all of it is done by now, so that a verdict always
                // sits on a settled item; otherwise the customer was content after all.
                var again = journal
                if again.recordSatisfaction(score: score, comment: comment(score), at: at), rework(&again, resolutions: resolutions) {
                    journal = again
                    if random.chance(0.5) {
                        let second = random.pick(weighted: Array(Words.satisfactionScores.dropFirst(2)))
                        let later = journal.lastStepMillis + Self.hourMillis + random.int64(below: 2 * Self.dayMillis)
                        journal.recordSatisfaction(score: second, comment: comment(second), at: serviceTime(later))
                    }
                } else {
                    score = random.int(3...5)
                }
            }
            if score > FeedbackLimits.lowScore {
                guard journal.recordSatisfaction(score: score, comment: comment(score), at: at) else { return }
            }
        } else if random.chance(0.04) {
            // The customer came back with the same problem: reopened by hand, a new SLA clock.
            let reopened = serviceTime(resolved + Int64(random.int(1...5)) * Self.dayMillis)
            guard journal.move(to: .reopened, at: reopened, note: random.pick(Words.reopenNotes)), rework(&journal, resolutions: resolutions)
            else { return }
        }
        guard journal.item.status == .resolved, random.chance(0.75) else { return }
        journal.move(to: .closed, at: serviceTime(journal.lastStepMillis + Self.dayMillis + random.int64(below: 9 * Self.dayMillis)))
    }

    /// A reopened item worked on again and resolved against its new deadline (mostly in
    /// time); true when it is resolved by now.
    private mutating func rework(_ journal: inout DemoFeedbackJournal, resolutions: [String]) -> Bool {
        let reopened = journal.lastStepMillis
        let due = DemoTime.wholeMillis(journal.item.dueAt)
        let resolution = due - reopened
        let started = reopened + Self.hourMillis / 2 + random.int64(below: 4 * Self.hourMillis)
        guard journal.move(to: .inProgress, at: serviceTime(started, deadline: due)) else { return false }
        let resolved = max(reopened + (random.chance(0.85) ? span(0.2...0.9, of: resolution) : span(1.05...2, of: resolution)),
                           journal.lastStepMillis + Self.hourMillis / 2)
        return journal.move(to: .resolved, at: serviceTime(resolved, deadline: due), resolution: "再次处理：" + random.pick(resolutions))
    }

    /// `millis` if it falls in service hours (08:30 to 21:00 Beijing time), else a moment in
    /// the first three hours of the next service day; but a step planned in time for its
    /// `deadline` that the morning would make late is done out of hours, when planned.
    private mutating func serviceTime(_ millis: Int64, deadline: Int64? = nil) -> Int64 {
        let day = Self.dayStart(millis)
        let opens = Self.hourMillis * 17 / 2, closes = Self.hourMillis * 21
        let local = millis - day
        guard local < opens || local >= closes else { return millis }
        let morning = (local < opens ? day : day + Self.dayMillis) + opens + random.int64(below: 3 * Self.hourMillis)
        if let deadline, millis <= deadline, morning > deadline { return millis }
        return morning
    }

    /// A comment with two verdicts in five.
    private mutating func comment(_ score: Int) -> String? {
        random.chance(0.4) ? random.pick(Words.satisfactionComments[score] ?? ["满意"]) : nil
    }

    /// A uniform part of `total` between the fractions `range` (whole milliseconds).
    private mutating func span(_ range: ClosedRange<Double>, of total: Int64) -> Int64 {
        Int64(Double(total) * (range.lowerBound + (range.upperBound - range.lowerBound) * random.unit()))
    }
}
