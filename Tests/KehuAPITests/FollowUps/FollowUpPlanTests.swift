import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// Plans and their tasks: the cadence by tier and override, one pending task per active
/// plan, completing, skipping, pausing, ending.
@Suite struct FollowUpPlanTests {
    @Test func nextTask_followsTheTierAtSchedulingTime_andAnOwnCadenceOverridesIt() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"王芳"}"#) // potential: 14 days by default
        let plan = try app.createPlan(#"{"customerId":"\#(customer)","goal":"促成首单"}"#)
        #expect(plan["cadenceDays"] is NSNull)
        #expect(plan.date("nextDueAt") == followUpEpoch)
        let first = try #require(plan["nextFollowUpId"] as? String)

        let afterFirst = try app.complete(first)
        let second = afterFirst[object: "next"]
        #expect(second.date("dueAt") == followUpEpoch.addingTimeInterval(days(14)))
        #expect(second["planId"] as? String == plan["id"] as? String)

        // The tier changes while the second task is pending: it keeps its time, the third moves to the VIP rhythm.
        #expect(try app.call(.patch, "/v1/customers/\(customer)", json: #"{"tier":"vip"}"#).status == .ok)
        #expect(try app.followUp(second["id"] as! String).date("dueAt") == followUpEpoch.addingTimeInterval(days(14)))
        clock.advance(by: days(15))
        let third = try app.complete(second["id"] as! String)[object: "next"]
        #expect(third.date("dueAt") == clock.now.addingTimeInterval(days(7)))

        // The plan's own cadence wins over any tier.
        #expect(try app.call(.patch, "/v1/follow-up-plans/\(plan["id"]!)", json: #"{"cadenceDays":3}"#).status == .ok)
        let fourth = try app.complete(third["id"] as! String)[object: "next"]
        #expect(fourth.date("dueAt") == clock.now.addingTimeInterval(days(3)))

        // New cadence settings apply from the next task on, for plans that follow the tier.
        #expect(try app.call(.patch, "/v1/follow-up-plans/\(plan["id"]!)", json: #"{"cadenceDays":null}"#).status == .ok)
        #expect(try app.call(.put, "/v1/settings/cadence", json: #"{"vip":5,"normal":30,"potential":14}"#).status == .ok)
        let fifth = try app.complete(fourth["id"] as! String)[object: "next"]
        #expect(fifth.date("dueAt") == clock.now.addingTimeInterval(days(5)))

        // An explicit next time wins over everything.
        let at = clock.now.addingTimeInterval(days(40))
        let sixth = try app.complete(fifth["id"] as! String, #"{"summary":"约好下月拜访","nextDueAt":"\#(iso(at))"}"#)[object: "next"]
        #expect(sixth.date("dueAt") == at)
        #expect(try app.followUpIDs("?planId=\(plan["id"]!)&status=pending") == [sixth["id"] as! String])
    }

    @Test func complete_recordsAnInteraction_andTheTimelineAndStatsShowIt() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"李雷"}"#)
        let task = try app.createFollowUp(#"{"customerId":"\#(customer)","dueAt":"\#(iso(followUpEpoch))","kind":"visit","purpose":"上门演示"}"#)
        let done = try app.complete(task["id"] as! String, #"{"outcome":"有意向","summary":"演示了新品"}"#)
        let interaction = done[object: "interaction"]
        #expect(interaction["channel"] as? String == "visit")
        #expect(interaction["summary"] as? String == "演示了新品")
        #expect(done[object: "followUp"]["status"] as? String == "done")
        #expect(done[object: "followUp"][object: "result"]["interactionId"] as? String == interaction["id"] as? String)
        #expect(done["next"] is NSNull)

        let history = try app.call(.get, "/v1/customers/\(customer)/interactions").bodyText
        #expect(history.contains("演示了新品"))
        #expect(try app.customer(customer).stats["lastInteractionAt"] as? String == iso(followUpEpoch))
        let timeline = try app.call(.get, "/v1/customers/\(customer)/timeline").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(Set(timeline.compactMap { $0["kind"] as? String }) == ["interaction", "follow_up"])
        #expect(timeline.first { $0["kind"] as? String == "follow_up" }?[object: "detail"]["status"] as? String == "done")
    }

    @Test func completingTwice_is409_andWritesNothingMore() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"韩梅梅"}"#)
        let plan = try app.createPlan(#"{"customerId":"\#(customer)"}"#)
        let task = plan["nextFollowUpId"] as! String
        try app.complete(task)
        let events = try app.call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [[String: Any]] ?? []
        let again = try app.call(.post, "/v1/follow-ups/\(task)/complete", json: #"{"summary":"又一次"}"#)
        #expect(again.status == .conflict)
        #expect(again.jsonObject?["status"] as? Int == 409, "\(again.bodyText)")
        #expect(again.jsonObject?["currentStatus"] as? String == "done", "\(again.bodyText)")
        #expect((try app.call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [[String: Any]] ?? []).count == events.count)
        #expect(try app.interactionCount(customer) == 1)
        #expect(try app.call(.post, "/v1/follow-ups/\(task)/skip", json: #"{"reason":"x"}"#).status == .conflict)
        #expect(try app.call(.post, "/v1/follow-ups/\(task)/reschedule", json: #"{"dueAt":"\#(iso(followUpEpoch.addingTimeInterval(days(1))))"}"#).status == .conflict)
    }

    @Test func concurrentCompletes_leaveExactlyOnePendingTask() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"并发客户"}"#)
        let plan = try app.createPlan(#"{"customerId":"\#(customer)","cadenceDays":7}"#)
        let planID = plan["id"] as! String
        for _ in 0..<5 {
            let pending = try app.followUpIDs("?planId=\(planID)&status=pending")
            try #require(pending.count == 1)
            let statuses = Locked<[HTTPStatus]>([])
            ConcurrentThreads.run(8) { index in
                let response = try? app.call(.post, "/v1/follow-ups/\(pending[0])/complete", as: index.isMultiple(of: 2) ? .admin : .manager,
                                             json: #"{"summary":"并发 \#(index)"}"#)
                statuses.withLock { $0.append(response?.status ?? .internalServerError) }
            }
            let all = statuses.withLock { $0 }
            #expect(all.filter { $0 == .ok }.count == 1, "\(all)")
            #expect(all.filter { $0 == .conflict }.count == 7, "\(all)")
        }
        #expect(try app.followUpIDs("?planId=\(planID)&status=pending").count == 1)
        #expect(try app.followUpIDs("?planId=\(planID)&status=done").count == 5)
        #expect(try app.interactionCount(customer) == 5)
    }

    @Test func theDatabase_refusesASecondPendingTaskForAPlan() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"约束"}"#)
        let plan = try app.createPlan(#"{"customerId":"\#(customer)"}"#)
        #expect(throws: (any Error).self) {
            try app.database.write { db in
                try db.execute("""
                    INSERT INTO follow_ups (id, customer_id, plan_id, owner_id, due_at, kind, status, created_at, updated_at, version)
                    SELECT 'fup_second', customer_id, plan_id, owner_id, due_at, kind, 'pending', created_at, updated_at, 1 FROM follow_ups WHERE plan_id = ?
                    """, [plan["id"] as! String])
            }
        }
    }

    @Test func skip_schedulesTheNext_andCancellingAPlansTaskIsRefused() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"跳过"}"#)
        let plan = try app.createPlan(#"{"customerId":"\#(customer)","cadenceDays":10,"startsAt":"\#(iso(followUpEpoch.addingTimeInterval(days(2))))"}"#)
        let task = plan["nextFollowUpId"] as! String
        #expect(try app.call(.post, "/v1/follow-ups/\(task)/cancel", json: #"{"reason":"不需要"}"#).status == .conflict)
        #expect(try app.call(.post, "/v1/follow-ups/\(task)/skip", json: #"{}"#).status == .unprocessableContent)
        let skipped = try app.call(.post, "/v1/follow-ups/\(task)/skip", json: #"{"reason":"客户出差"}"#)
        #expect(skipped.status == .ok)
        // Counted from the skipped task's due time, which was still ahead.
        #expect(skipped.jsonObject?[object: "next"].date("dueAt") == followUpEpoch.addingTimeInterval(days(12)))
        #expect(skipped.jsonObject?[object: "followUp"]["reason"] as? String == "客户出差")
        #expect(skipped.jsonObject?["interaction"] is NSNull)

        let oneOff = try app.createFollowUp(#"{"customerId":"\#(customer)","dueAt":"\#(iso(followUpEpoch))"}"#)
        let cancelled = try app.call(.post, "/v1/follow-ups/\(oneOff["id"]!)/cancel", json: #"{"reason":"已电话确认"}"#)
        #expect(cancelled.status == .ok)
        #expect(cancelled.jsonObject?["status"] as? String == "cancelled")
    }

    @Test func pauseResumeAndEnd_keepOnePendingTaskWhileActive() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"暂停"}"#)
        let due = followUpEpoch.addingTimeInterval(days(5))
        let plan = try app.createPlan(#"{"customerId":"\#(customer)","startsAt":"\#(iso(due))"}"#)
        let id = plan["id"] as! String
        let paused = try app.call(.patch, "/v1/follow-up-plans/\(id)", json: #"{"active":false}"#)
        #expect(paused.jsonObject?["status"] as? String == "paused")
        #expect(paused.jsonObject?["nextFollowUpId"] is NSNull)
        #expect(try app.followUp(plan["nextFollowUpId"] as! String)["status"] as? String == "cancelled")

        // Resumed before the kept due time: the new task is due then.
        let resumed = try app.call(.patch, "/v1/follow-up-plans/\(id)", json: #"{"active":true}"#)
        #expect(resumed.jsonObject?["status"] as? String == "active")
        #expect(resumed.jsonObject?.date("nextDueAt") == due)

        // Paused again and resumed after it: due now.
        _ = try app.call(.patch, "/v1/follow-up-plans/\(id)", json: #"{"active":false}"#)
        clock.advance(by: days(9))
        #expect(try app.call(.patch, "/v1/follow-up-plans/\(id)", json: #"{"active":true}"#).jsonObject?.date("nextDueAt") == clock.now)

        let ended = try app.call(.post, "/v1/follow-up-plans/\(id)/end", json: #"{"reason":"客户流失"}"#)
        #expect(ended.status == .ok)
        #expect(ended.jsonObject?["status"] as? String == "ended")
        #expect(try app.followUpIDs("?planId=\(id)&status=pending").isEmpty)
        #expect(try app.call(.post, "/v1/follow-up-plans/\(id)/end").status == .conflict)
        #expect(try app.call(.patch, "/v1/follow-up-plans/\(id)", json: #"{"active":true}"#).status == .conflict)
    }

    @Test func reschedule_keepsAHistory_andPatchedDueTimesCountAsMoves() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"改期"}"#)
        let task = try app.createFollowUp(#"{"customerId":"\#(customer)","dueAt":"\#(iso(followUpEpoch))"}"#)
        let id = task["id"] as! String
        let first = followUpEpoch.addingTimeInterval(days(2)), second = followUpEpoch.addingTimeInterval(days(3))
        #expect(try app.call(.post, "/v1/follow-ups/\(id)/reschedule", json: #"{"dueAt":"\#(iso(first))","reason":"客户要求"}"#).status == .ok)
        let patched = try app.call(.patch, "/v1/follow-ups/\(id)", json: #"{"dueAt":"\#(iso(second))"}"#)
        #expect(patched.status == .ok, "\(patched.bodyText)")
        let moves = patched.jsonObject?["reschedules"] as? [[String: Any]] ?? []
        #expect(moves.count == 2)
        #expect(moves.first?.date("fromDueAt") == followUpEpoch && moves.first?.date("toDueAt") == first)
        #expect(moves.first?["reason"] as? String == "客户要求")
        #expect(moves.last?.date("toDueAt") == second)
        #expect(try app.call(.post, "/v1/follow-ups/\(id)/reschedule",
                             json: #"{"dueAt":"\#(iso(followUpEpoch.addingTimeInterval(-days(2))))"}"#).status == .unprocessableContent)
        let events = try app.call(.get, "/v1/events?limit=500").bodyText
        #expect(events.components(separatedBy: "follow_up.rescheduled").count - 1 == 2)
    }

    @Test func writes_recordEventsAndAuditEntries_together() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"审计"}"#)
        let plan = try app.createPlan(#"{"customerId":"\#(customer)"}"#)
        let task = plan["nextFollowUpId"] as! String
        let done = try app.complete(task)
        let next = done[object: "next"]["id"] as! String
        let events = try app.call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [[String: Any]] ?? []
        let types = events.map { "\($0["type"]!) \($0["entityId"]!)" }
        for expected in ["follow_up_plan.created \(plan["id"]!)", "follow_up.created \(task)", "follow_up.completed \(task)",
                         "interaction.created \(done[object: "interaction"]["id"]!)", "follow_up.created \(next)"] {
            #expect(types.contains(expected), "\(expected) missing from \(types)")
        }
        for entity in [task, next, plan["id"] as! String] {
            let audit = try app.call(.get, "/v1/audit?entityId=\(entity)").jsonObject?["data"] as? [[String: Any]] ?? []
            #expect(!audit.isEmpty, "no audit entry for \(entity)")
        }
        // The completion's entries share one request and one instant: one transaction.
        let audit = try app.call(.get, "/v1/audit?entityId=\(task)").jsonObject?["data"] as? [[String: Any]] ?? []
        let completed = try #require(audit.first { $0["action"] as? String == "completed" })
        let created = try app.call(.get, "/v1/audit?entityId=\(next)").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(created.first?["requestId"] as? String == completed["requestId"] as? String)
    }

    @Test func reps_planAndWorkOnlyTheirOwn() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let mine = try app.createCustomer(#"{"name":"我的客户","ownerId":"\#(app.userIDs[.rep]!)"}"#, as: .manager)
        let theirs = try app.createCustomer(#"{"name":"别人的客户","ownerId":"\#(app.otherRep.userID)"}"#, as: .manager)
        let plan = try app.createPlan(#"{"customerId":"\#(mine)"}"#, as: .rep)
        #expect(plan["ownerId"] as? String == app.userIDs[.rep])
        // Another rep's customer is not there for this rep; naming another owner is forbidden.
        #expect(try app.call(.post, "/v1/follow-up-plans", as: .rep, json: #"{"customerId":"\#(theirs)"}"#).status == .unprocessableContent)
        #expect(try app.call(.post, "/v1/follow-ups", as: .rep,
                             json: #"{"customerId":"\#(mine)","dueAt":"\#(iso(followUpEpoch))","ownerId":"\#(app.otherRep.userID)"}"#).status == .forbidden)
        // The manager plans for the other rep; this rep cannot see or touch it.
        let other = try app.createPlan(#"{"customerId":"\#(theirs)"}"#, as: .manager)
        #expect(other["ownerId"] as? String == app.otherRep.userID)
        let otherTask = other["nextFollowUpId"] as! String
        #expect(try app.call(.get, "/v1/follow-ups/\(otherTask)", as: .rep).status == .notFound)
        #expect(try app.call(.post, "/v1/follow-ups/\(otherTask)/complete", as: .rep, json: "{}").status == .notFound)
        #expect(try app.call(.get, "/v1/follow-up-plans/\(other["id"]!)", as: .rep).status == .notFound)
        #expect(try app.followUpIDs("", as: .rep) == [plan["nextFollowUpId"] as! String])
        #expect(try app.call(.patch, "/v1/follow-ups/\(plan["nextFollowUpId"]!)", as: .rep,
                             json: #"{"ownerId":"\#(app.otherRep.userID)"}"#).status == .forbidden)
        // Viewers read everything and change nothing.
        #expect(try app.followUpIDs("", as: .viewer).count == 2)
        #expect(try app.call(.post, "/v1/follow-ups/\(otherTask)/complete", as: .viewer, json: "{}").status == .forbidden)
        // The rep completes their own task.
        try app.complete(plan["nextFollowUpId"] as! String, as: .rep)
    }

    @Test func badInput_isAClear422_andChangesNothing() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"校验"}"#)
        let cases: [(String, String, String)] = [
            ("/v1/follow-up-plans", #"{"customerId":"\#(customer)","cadenceDays":0}"#, "cadenceDays"),
            ("/v1/follow-up-plans", #"{"customerId":"\#(customer)","channel":"fax"}"#, "channel"),
            ("/v1/follow-up-plans", #"{"customerId":"cus_missing"}"#, "customerId"),
            ("/v1/follow-up-plans", #"{"customerId":"\#(customer)","colour":"red"}"#, "colour"),
            ("/v1/follow-up-plans", #"{"customerId":"\#(customer)","ownerId":"usr_missing"}"#, "ownerId"),
            ("/v1/follow-ups", #"{"customerId":"\#(customer)"}"#, "dueAt"),
            ("/v1/follow-ups", #"{"customerId":"\#(customer)","dueAt":"tomorrow"}"#, "dueAt"),
            ("/v1/follow-ups", #"{"customerId":"\#(customer)","dueAt":"2099-01-01T00:00:00Z"}"#, "dueAt"),
            ("/v1/follow-ups", #"{"customerId":"\#(customer)","dueAt":"\#(iso(followUpEpoch))","kind":"fax"}"#, "kind"),
        ]
        for (path, body, field) in cases {
            let response = try app.call(.post, path, json: body)
            #expect(response.status == .unprocessableContent, "\(body): \(response.bodyText)")
            #expect(response.bodyText.contains("\"field\":\"\(field)\""), "\(body): \(response.bodyText)")
        }
        #expect(try app.followUpIDs("").isEmpty)
        #expect(try app.call(.get, "/v1/follow-ups?overdue=maybe").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/follow-ups?status=late").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/follow-ups?dueBefore=soon").status == .unprocessableContent)
        #expect(try app.call(.put, "/v1/settings/cadence", json: #"{"vip":0,"normal":30,"potential":400}"#).status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/settings/cadence").jsonObject?["vip"] as? Int == 7)
    }
}

/// A customer handed to another owner takes its open follow-up work along.
@Suite struct FollowUpHandoverTests {
    @Test func reassigningACustomer_movesItsOpenPlansAndPendingTasks() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let rep = app.userIDs[.rep]!, other = app.otherRep.userID
        let customer = try app.createCustomer(#"{"name":"交接客户","ownerId":"\#(rep)"}"#, as: .manager)
        let plan = try app.createPlan(#"{"customerId":"\#(customer)"}"#, as: .rep)
        let oneOff = try app.createFollowUp(#"{"customerId":"\#(customer)","dueAt":"\#(iso(followUpEpoch))"}"#, as: .rep)
        let done = try app.createFollowUp(#"{"customerId":"\#(customer)","dueAt":"\#(iso(followUpEpoch))"}"#, as: .rep)
        try app.complete(done["id"] as! String, as: .rep)

        #expect(try app.call(.patch, "/v1/customers/\(customer)", as: .manager, json: #"{"ownerId":"\#(other)"}"#).status == .ok)
        #expect(try app.plan(plan["id"] as! String)["ownerId"] as? String == other)
        #expect(try app.followUp(plan["nextFollowUpId"] as! String)["ownerId"] as? String == other)
        #expect(try app.followUp(oneOff["id"] as! String)["ownerId"] as? String == other)
        // History stays with whoever did it.
        #expect(try app.followUp(done["id"] as! String)["ownerId"] as? String == rep)
        #expect(try app.followUpIDs("?status=pending", as: .rep).isEmpty)
        #expect(Set(try app.followUpIDs("?status=pending", key: app.otherRep.key)) == [plan["nextFollowUpId"] as! String, oneOff["id"] as! String])
    }
}

/// Merge and erase take a customer's follow-up work along.
@Suite struct FollowUpCustomerLifecycleTests {
    @Test func merge_movesPlansAndTasks_andUndoMovesThemBack() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let target = try app.createCustomer(#"{"name":"目标"}"#)
        let source = try app.createCustomer(#"{"name":"来源","birthday":"1985-03-14","birthdayCalendar":"chinese"}"#)
        let plan = try app.createPlan(#"{"customerId":"\#(source)"}"#)
        let merged = try app.call(.post, "/v1/customers/\(target)/merge", json: #"{"sourceId":"\#(source)"}"#)
        #expect(merged.status == .created, "\(merged.bodyText)")
        let moves = merged.jsonObject?[object: "moves"] ?? [:]
        #expect(moves["followUpPlans"] as? [String] == [plan["id"] as! String])
        #expect(moves["followUps"] as? [String] == [plan["nextFollowUpId"] as! String])
        #expect(try app.plan(plan["id"] as! String)["customerId"] as? String == target)
        #expect(try app.followUpIDs("?customerId=\(target)") == [plan["nextFollowUpId"] as! String])
        // The birthday moved with the calendar it is kept by.
        #expect(try app.customer(target)["birthdayCalendar"] as? String == "chinese")

        let undone = try app.call(.post, "/v1/merges/\(merged.jsonObject?["id"] as! String)/undo")
        #expect(undone.status == .ok, "\(undone.bodyText)")
        #expect(try app.followUpIDs("?customerId=\(source)") == [plan["nextFollowUpId"] as! String])
        #expect(try app.customer(target)["birthdayCalendar"] as? String == "gregorian")
    }

    @Test func erase_removesPlansAndTasks() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"删除"}"#)
        let plan = try app.createPlan(#"{"customerId":"\#(customer)"}"#)
        #expect(try app.call(.delete, "/v1/customers/\(customer)?erase=true").status == .noContent)
        #expect(try app.call(.get, "/v1/follow-up-plans/\(plan["id"]!)").status == .notFound)
        #expect(try app.call(.get, "/v1/follow-ups/\(plan["nextFollowUpId"]!)").status == .notFound)
    }
}
