import Foundation
import KehuCore

/// Follow-up plans with the history they would have had through the API.
extension DemoDataGenerator {
    /// Adds a plan for `profile`'s customer to `made`, with its current task and up to
    /// `history` earlier tasks; returns how many earlier tasks fitted.
    ///
    /// The plan is laid out backwards from its current task, following the services' rule
    /// that the next task is due one cadence after the previous one closed. The current task
    /// is pending for an active plan (due within one cadence, capped at 30 days; one in
    /// twelve one to ten days overdue), or cancelled by the pause or end of the others. Each
    /// earlier task was done (with the interaction it recorded) or sometimes skipped; one
    /// that fell after a churned customer went quiet was skipped as unreachable. Histories
    /// stay within the last year and after the customer was created.
    @discardableResult
    mutating func makePlan(for profile: DemoProfile, tier: Tier, status: PlanStatus, history: Int, into made: inout DemoFollowUps) -> Int {
        let customerCreated = DemoTime.wholeMillis(profile.customer.createdAt)
        let cadence: Int? = random.chance(0.6) ? nil : random.pick(weighted: Words.planCadences)
        let days = cadence ?? self.cadence.days(for: tier)
        let kind = random.pick(weighted: Words.planKinds)
        let quiet = profile.activeUntil < nowMillis
        let goal = random.chance(0.9) ? random.pick(quiet ? Words.winBackGoals : Words.planGoals[tier] ?? Words.winBackGoals) : nil
        var plan = FollowUpPlan(id: random.id("fpl"), customerID: profile.customer.id, ownerID: profile.customer.ownerID ?? staff.managerID,
                                cadenceDays: cadence, goal: goal, channel: kind, startsAt: now, status: status, createdAt: now)

        // The current task's due time, and when a pause or end stopped the plan.
        var currentDue: Int64
        var stopped: Int64?
        if status == .active {
            let overdue = random.chance(1.0 / 12)
            // Not on the half hour: one cadence after the last completion.
            currentDue = workingTime(dayOffset: overdue ? -random.int(1...10) : random.int(0...(min(days, 30) - 1)), exact: true)
            currentDue = max(currentDue, customerCreated + Self.hourMillis)
        } else {
            let stop = officeMoment(from: max(customerCreated + 30 * Self.dayMillis, nowMillis - 90 * Self.dayMillis), until: nowMillis - Self.dayMillis)
            stopped = stop
            // Paused or ended while its task was waiting: scheduled before the stop, due after.
            currentDue = stop + Self.hourMillis + random.int64(below: Int64(days) * Self.dayMillis - Self.hourMillis)
        }

        // Earlier tasks, newest first: each closed one cadence before the next was due.
        let earliest = max(customerCreated, nowMillis - 365 * Self.dayMillis) + Self.dayMillis
        var earlier: [(due: Int64, closed: Int64)] = []
        var nextDue = currentDue
        while earlier.count < history {
            let closed = nextDue - Int64(days) * Self.dayMillis
            let due = dueTime(closedAt: closed)
            guard min(due, closed) >= earliest, closed <= (stopped ?? nowMillis) else { break }
            earlier.append((due, closed))
            nextDue = due
        }
        let startsAt = earlier.last?.due ?? currentDue
        // Made a day or three before its first task was due or done, or before now (or its
        // stop) if that is earlier.
        let latest = min(startsAt, earlier.last?.closed ?? startsAt, stopped ?? nowMillis)
        let created = max(customerCreated, min(latest, nowMillis) - Self.dayMillis - random.int64(below: 2 * Self.dayMillis))
        plan.startsAt = DemoTime.date(millis: startsAt)
        plan.createdAt = DemoTime.date(millis: created)
        plan.updatedAt = plan.createdAt

        // Each task is created when the one before it closed, the first with the plan.
        var taskCreated = created
        for (due, closed) in earlier.reversed() {
            var task = newTask(profile, planID: plan.id, due: due, kind: kind, purpose: goal, created: taskCreated)
            if closed > profile.activeUntil {
                close(&task, as: .skipped, at: closed, reason: random.pick(Words.unreachableReasons))
            } else if random.chance(0.08) {
                close(&task, as: .skipped, at: closed, reason: random.pick(Words.skipReasons))
            } else {
                made.completions.append(complete(&task, at: closed))
            }
            made.tasks.append(task)
            taskCreated = closed
        }
        var current = newTask(profile, planID: plan.id, due: currentDue, kind: kind, purpose: goal, created: taskCreated)
        if let stopped {
            // As `PATCH {active: false}` and `POST …/end` do: the pending task is cancelled.
            let reason = status == .paused ? "plan paused" : "plan ended: " + random.pick(Words.endReasons)
            close(&current, as: .cancelled, at: stopped, reason: reason)
            plan.pausedDueAt = status == .paused ? current.dueAt : nil
            plan.endedAt = status == .ended ? current.closedAt : nil
            plan.updatedAt = current.closedAt ?? plan.updatedAt
            plan.version += 1
        } else if random.chance(0.05), currentDue > taskCreated + Self.dayMillis {
            // Now and then the owner moved the task once, e.g. at the customer's request.
            let from = currentDue - Int64(random.int(1...3)) * Self.dayMillis
            let at = min(nowMillis, max(taskCreated, from - Self.dayMillis))
            current.reschedules = [Reschedule(fromDueAt: DemoTime.date(millis: from), toDueAt: current.dueAt, at: DemoTime.date(millis: at),
                                              actorID: current.ownerID, reason: "客户要求改期")]
            current.version += 1
            current.updatedAt = DemoTime.date(millis: at)
        }
        made.tasks.append(current)
        made.plans.append(plan)
        return earlier.count
    }
}
