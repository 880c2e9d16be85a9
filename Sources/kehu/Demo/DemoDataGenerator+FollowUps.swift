import Foundation
import KehuCore

/// A customer's plans and tasks, and the interactions its completed tasks recorded.
struct DemoFollowUps {
    var plans: [FollowUpPlan] = []
    var tasks: [FollowUp] = []
    var completions: [Interaction] = []
}

/// Follow-ups for a batch: plans with their history, and one-off tasks.
extension DemoDataGenerator {
    /// Exactly `total` follow-ups shared out over `profiles` (unless there are none to
    /// share). About a third of the owned customers get an active plan, a few a paused or
    /// ended one; each plan has its current task (pending, or the one the pause or end
    /// cancelled). Of the rest, three quarters are the plans' earlier tasks and a quarter
    /// one-off tasks; what a plan cannot fit before its current task (a young customer)
    /// becomes one-offs too. `tiers` are the tiers the loader will give the customers,
    /// which set the rhythm of plans that follow the tier.
    mutating func makeFollowUps(for profiles: [DemoProfile], tiers: [Tier], total: Int) -> [DemoFollowUps] {
        var made = [DemoFollowUps](repeating: DemoFollowUps(), count: profiles.count)
        guard total > 0, !profiles.isEmpty else { return made }
        var planned: [(index: Int, status: PlanStatus)] = []
        for (index, profile) in profiles.enumerated() where profile.customer.ownerID != nil {
            let draw = random.unit()
            // Pausing or ending takes a history: only customers of some months have one.
            let old = DemoTime.wholeMillis(profile.customer.createdAt) < nowMillis - 120 * Self.dayMillis
            if draw < 1.0 / 3 {
                planned.append((index, .active))
            } else if draw < 0.36, old {
                planned.append((index, .paused))
            } else if draw < 0.38, old {
                planned.append((index, .ended))
            }
        }
        if planned.count > total { planned.removeLast(planned.count - total) }
        let rest = total - planned.count
        let historyTotal = planned.isEmpty ? 0 : rest * 3 / 4
        // Busier customers have longer histories.
        let histories = distribute(historyTotal, weights: planned.map { 1 + profiles[$0.index].interactionWeight })
        var unplaced = 0
        for (slot, plan) in planned.enumerated() {
            let placed = makePlan(for: profiles[plan.index], tier: tiers[plan.index], status: plan.status, history: histories[slot],
                                  into: &made[plan.index])
            unplaced += histories[slot] - placed
        }
        let oneOffs = distribute(rest - historyTotal + unplaced,
                                 weights: profiles.map { $0.customer.ownerID == nil ? 0 : 0.3 + $0.interactionWeight })
        for (index, count) in oneOffs.enumerated() {
            for _ in 0..<count { makeOneOff(for: profiles[index], into: &made[index]) }
        }
        return made
    }

    /// A one-off task: pending (some overdue), done (with its interaction) or cancelled.
    /// An unowned customer's tasks are the manager's ("else the caller", as the API does).
    mutating func makeOneOff(for profile: DemoProfile, into made: inout DemoFollowUps) {
        let customerCreated = DemoTime.wholeMillis(profile.customer.createdAt)
        let kind = random.pick(weighted: Words.oneOffKinds)
        let purpose = withProduct(random.pick(Words.purposes[kind] ?? ["客户跟进"]))
        let draw = random.unit()
        if draw < 0.42 {
            // Pending: most within the next month, some one to ten days overdue.
            let due = max(workingTime(dayOffset: draw < 0.30 ? random.int(0...30) : -random.int(1...10)), customerCreated + Self.hourMillis)
            let latest = min(due, nowMillis)
            let created = max(customerCreated, officeMoment(from: latest - 14 * Self.dayMillis, until: latest))
            made.tasks.append(newTask(profile, planID: nil, due: due, kind: kind, purpose: purpose, created: created))
        } else if draw < 0.87 {
            let closed = officeMoment(from: profile.activeFrom, until: min(profile.activeUntil, nowMillis))
            let due = max(dueTime(closedAt: closed), customerCreated)
            let created = max(customerCreated, min(due, closed) - Int64(random.int(1...7)) * Self.dayMillis)
            var task = newTask(profile, planID: nil, due: due, kind: kind, purpose: purpose, created: created)
            made.completions.append(complete(&task, at: closed))
            made.tasks.append(task)
        } else {
            let created = officeMoment(from: profile.activeFrom, until: nowMillis)
            let due = created + Int64(random.int(1...14)) * Self.dayMillis
            var task = newTask(profile, planID: nil, due: due, kind: kind, purpose: purpose, created: created)
            close(&task, as: .cancelled, at: officeMoment(from: created, until: min(nowMillis, due)), reason: random.pick(Words.cancelReasons))
            made.tasks.append(task)
        }
    }

    /// A pending task of the customer's owner (else the manager's).
    mutating func newTask(_ profile: DemoProfile, planID: String?, due: Int64, kind: FollowUpKind, purpose: String?, created: Int64) -> FollowUp {
        FollowUp(id: random.id("fup"), customerID: profile.customer.id, planID: planID, ownerID: profile.customer.ownerID ?? staff.managerID,
                 dueAt: DemoTime.date(millis: due), kind: kind, purpose: purpose, createdAt: DemoTime.date(millis: created))
    }

    /// Marks `task` done at `closed` as `POST …/complete` would, and returns the interaction
    /// the completion recorded (on the kind's default channel, logged by the owner).
    mutating func complete(_ task: inout FollowUp, at closed: Int64) -> Interaction {
        let summary = withProduct(random.pick(Words.completionSummaries[task.kind] ?? ["完成跟进"]))
        let outcome = random.chance(0.75) ? random.pick(Words.followUpOutcomes) : nil
        let at = DemoTime.date(millis: closed)
        let interaction = Interaction(id: random.id("int"), customerID: task.customerID, channel: task.kind.defaultChannel, direction: .outbound,
                                      summary: summary, outcome: outcome, occurredAt: at, userID: task.ownerID, createdAt: at)
        close(&task, as: .done, at: closed, reason: nil)
        task.result = FollowUpResult(outcome: outcome, summary: summary, channel: interaction.channel, interactionID: interaction.id)
        return interaction
    }

    /// Closes `task` (done, skipped or cancelled) the way the services do: one version up.
    func close(_ task: inout FollowUp, as status: FollowUpStatus, at closed: Int64, reason: String?) {
        task.status = status
        task.closedAt = DemoTime.date(millis: closed)
        task.reason = reason
        task.version += 1
        task.updatedAt = task.closedAt ?? task.updatedAt
    }

    /// `template` with `%@` replaced by a product name.
    mutating func withProduct(_ template: String) -> String {
        template.contains("%@") ? template.replacingOccurrences(of: "%@", with: random.pick(products).name) : template
    }
}
