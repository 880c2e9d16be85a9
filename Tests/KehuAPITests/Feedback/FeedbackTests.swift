import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

extension TestApplication {
    /// A feedback item (expects 201); returns it.
    @discardableResult
    func createFeedback(customer: String, urgency: Urgency = .normal, kind: FeedbackKind = .complaint, extra: String = "",
                        as role: Role = .admin) throws -> [String: Any] {
        let response = try call(.post, "/v1/feedback", as: role, json: """
            {"customerId":"\(customer)","kind":"\(kind.rawValue)","channel":"wechat","subject":"快递破损","urgency":"\(urgency.rawValue)"\(extra)}
            """)
        #expect(response.status == .created, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// Moves an item to `to` (status and body returned).
    func move(_ id: String, to status: FeedbackStatus, note: String? = nil, as role: Role = .admin) throws -> Response {
        var fields = [#""to":"\#(status.rawValue)""#]
        if status == .resolved { fields.append(#""resolution":"补发新品""#) }
        if let note { fields.append(#""note":"\#(note)""#) }
        return try call(.post, "/v1/feedback/\(id)/transitions", as: role, json: "{\(fields.joined(separator: ","))}")
    }

    func feedbackIDs(_ query: String, as role: Role = .admin, key: String? = nil) throws -> [String] {
        let response = try call(.get, "/v1/feedback" + query, as: role, key: key)
        #expect(response.status == .ok, "\(response.bodyText)")
        return (response.jsonObject?["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}

/// `/v1/feedback` through the real router on a real SQLite file, at a clock set by hand.
@Suite struct FeedbackTests {
    /// The shortest way from `open` to each status, found in the workflow table.
    static func path(to target: FeedbackStatus) -> [FeedbackStatus] {
        var paths: [FeedbackStatus: [FeedbackStatus]] = [.open: []]
        var queue: [FeedbackStatus] = [.open]
        while !queue.isEmpty {
            let status = queue.removeFirst()
            for next in FeedbackWorkflow.allowed(from: status) where paths[next] == nil {
                paths[next] = paths[status]! + [next]
                queue.append(next)
            }
        }
        return paths[target]!
    }

    /// Every (from, to) pair over HTTP: a fresh item is walked to `from` along the table,
    /// then sent to `to`. Allowed moves answer 200 in the new status; the rest 409 with the
    /// table's allowed moves, and change nothing.
    @Test(arguments: FeedbackStatus.allCases)
    func everyTransitionFrom(_ from: FeedbackStatus) throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"流程客户"}"#)
        for to in FeedbackStatus.allCases {
            let id = try app.createFeedback(customer: customer)["id"] as! String
            for step in Self.path(to: from) { #expect(try app.move(id, to: step).status == .ok) }
            let response = try app.move(id, to: to, note: "试试")
            let allowed = FeedbackWorkflow.allowed(from: from).map(\.rawValue)
            if FeedbackWorkflow.isAllowed(from: from, to: to) {
                #expect(response.status == .ok, "\(from) → \(to): \(response.bodyText)")
                #expect(response.jsonObject?["status"] as? String == to.rawValue)
            } else {
                #expect(response.status == .conflict, "\(from) → \(to): \(response.bodyText)")
                let problem = response.jsonObject ?? [:]
                #expect(problem["allowedTransitions"] as? [String] == allowed)
                #expect(problem["currentStatus"] as? String == from.rawValue)
                #expect(problem["type"] as? String == "https://kehu.dev/problems/illegal-transition")
                let item = try #require(try app.call(.get, "/v1/feedback/\(id)").jsonObject)
                #expect(item["status"] as? String == from.rawValue)
                #expect(item["version"] as? Int == 1 + Self.path(to: from).count)
            }
        }
    }

    @Test func slaDeadlines_perUrgency_andAnUrgencyChangeMidway() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"时限客户"}"#)
        let hours: [(Urgency, Double, Double)] = [(.low, 24, 168), (.normal, 8, 72), (.high, 4, 24), (.critical, 1, 8)]
        for (urgency, response, resolution) in hours {
            let item = try app.createFeedback(customer: customer, urgency: urgency)
            #expect(item.date("responseDueAt") == followUpEpoch.addingTimeInterval(response * 3_600), "\(urgency)")
            #expect(item.date("dueAt") == followUpEpoch.addingTimeInterval(resolution * 3_600), "\(urgency)")
        }
        // Settings apply to new items.
        let put = try app.call(.put, "/v1/settings/sla", json: """
            {"low":{"firstResponseHours":48,"resolutionHours":240},"normal":{"firstResponseHours":8,"resolutionHours":72},
             "high":{"firstResponseHours":2,"resolutionHours":12},"critical":{"firstResponseHours":1,"resolutionHours":4}}
            """)
        #expect(put.status == .ok, "\(put.bodyText)")
        let high = try app.createFeedback(customer: customer, urgency: .high)
        #expect(high.date("dueAt") == followUpEpoch.addingTimeInterval(12 * 3_600))

        // Two hours in, a normal item becomes critical: both deadlines count from intake,
        // so the first response is already late, and acknowledging now records the breach.
        let item = try app.createFeedback(customer: customer, urgency: .normal)
        let id = item["id"] as! String
        clock.advance(by: 2 * 3_600)
        let changed = try #require(try app.call(.patch, "/v1/feedback/\(id)", json: #"{"urgency":"critical"}"#).jsonObject)
        #expect(changed.date("responseDueAt") == followUpEpoch.addingTimeInterval(3_600))
        #expect(changed.date("dueAt") == followUpEpoch.addingTimeInterval(4 * 3_600))
        #expect(changed["overdue"] as? Bool == true)
        let acknowledged = try #require(try app.move(id, to: .acknowledged).jsonObject)
        #expect(acknowledged["responseBreached"] as? Bool == true)
        #expect(acknowledged.date("firstResponseAt") == followUpEpoch.addingTimeInterval(2 * 3_600))
        // Resolved within the (critical) four hours: no resolution breach.
        _ = try app.move(id, to: .inProgress)
        clock.advance(by: 3_600)
        let resolved = try #require(try app.move(id, to: .resolved).jsonObject)
        #expect(resolved["resolutionBreached"] as? Bool == false)
        let events = try app.call(.get, "/v1/feedback/\(id)/events").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(events.map { $0["type"] as! String } == ["created", "updated", "status_changed", "status_changed", "status_changed"])
        #expect(events[1][object: "detail"]["urgency"] as? String == "critical")
        #expect(events[2][object: "detail"]["breach"] as? String == "response")
        #expect(events[4][object: "detail"]["resolution"] as? String == "补发新品")
        // Settled, a new urgency no longer moves the deadlines it was judged by.
        let relabelled = try #require(try app.call(.patch, "/v1/feedback/\(id)", json: #"{"urgency":"low"}"#).jsonObject)
        #expect(relabelled["urgency"] as? String == "low")
        #expect(relabelled.date("dueAt") == followUpEpoch.addingTimeInterval(4 * 3_600))
        #expect(relabelled.date("responseDueAt") == followUpEpoch.addingTimeInterval(3_600))
    }

    @Test func overdueList_atAFixedClock() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"逾期客户"}"#)
        let critical = try app.createFeedback(customer: customer, urgency: .critical)["id"] as! String   // answer 1 h, settle 8 h
        let high = try app.createFeedback(customer: customer, urgency: .high)["id"] as! String           // 4 h, 24 h
        let normal = try app.createFeedback(customer: customer, urgency: .normal)["id"] as! String       // 8 h, 72 h
        let settled = try app.createFeedback(customer: customer, urgency: .critical)["id"] as! String
        for step in Self.path(to: .resolved) { _ = try app.move(settled, to: step) }
        clock.advance(by: 30 * 60)
        _ = try app.move(high, to: .acknowledged)

        #expect(try app.feedbackIDs("?overdue=true").isEmpty)
        clock.set(followUpEpoch.addingTimeInterval(5 * 3_600))
        #expect(try app.feedbackIDs("?overdue=true") == [critical], "critical is still open past its hour")
        clock.set(followUpEpoch.addingTimeInterval(9 * 3_600))
        #expect(Set(try app.feedbackIDs("?overdue=true")) == [critical, normal])
        #expect(try app.feedbackIDs("?overdue=true&urgency=normal") == [normal])
        clock.set(followUpEpoch.addingTimeInterval(25 * 3_600))
        #expect(try app.feedbackIDs("?overdue=true&sort=dueAt") == [critical, high, normal])
        let item = try #require(try app.call(.get, "/v1/feedback/\(high)").jsonObject)
        #expect(item["overdue"] as? Bool == true)
        let counts = try #require(try app.call(.get, "/v1/feedback/counts").jsonObject)
        #expect(counts["overdue"] as? Int == 3)
        #expect(counts["active"] as? Int == 3)
        #expect(counts[object: "byStatus"]["open"] as? Int == 2)
        #expect(counts[object: "byStatus"]["acknowledged"] as? Int == 1)
        #expect(counts[object: "byStatus"]["resolved"] as? Int == 1)
        #expect(counts[object: "byStatus"]["closed"] as? Int == 0)
        #expect(!(try app.feedbackIDs("?overdue=true")).contains(settled))
    }

    @Test func satisfaction_onlyOnceResolved_andALowScoreReopens() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"满意度客户"}"#)
        for status in FeedbackStatus.allCases where status != .resolved {
            let id = try app.createFeedback(customer: customer)["id"] as! String
            for step in Self.path(to: status) { _ = try app.move(id, to: step) }
            let response = try app.call(.post, "/v1/feedback/\(id)/satisfaction", json: #"{"score":5}"#)
            #expect(response.status == .conflict, "\(status): \(response.bodyText)")
            #expect(response.jsonObject?["currentStatus"] as? String == status.rawValue)
        }
        let id = try app.createFeedback(customer: customer)["id"] as! String
        for step in Self.path(to: .resolved) { _ = try app.move(id, to: step) }
        for bad in [#"{"score":0}"#, #"{"score":6}"#, #"{"score":"5"}"#, #"{"score":4.5}"#, #"{}"#, #"{"score":4,"extra":1}"#] {
            #expect(try app.call(.post, "/v1/feedback/\(id)/satisfaction", json: bad).status == .unprocessableContent, "\(bad)")
        }
        clock.advance(by: 60)
        let happy = try #require(try app.call(.post, "/v1/feedback/\(id)/satisfaction", json: #"{"score":4,"comment":"还行"}"#).jsonObject)
        #expect(happy[object: "satisfaction"]["score"] as? Int == 4)
        #expect(happy["status"] as? String == "resolved")
        #expect(try app.call(.post, "/v1/feedback/\(id)/satisfaction", json: #"{"score":5}"#).status == .conflict, "once per resolution")

        // A low verdict on another item reopens it with a fresh SLA clock.
        let other = try app.createFeedback(customer: customer, urgency: .high)["id"] as! String
        for step in Self.path(to: .resolved) { _ = try app.move(other, to: step) }
        clock.advance(by: 3_600)
        let unhappy = try #require(try app.call(.post, "/v1/feedback/\(other)/satisfaction", json: #"{"score":2,"comment":"太慢"}"#).jsonObject)
        #expect(unhappy["status"] as? String == "reopened")
        #expect(unhappy["reopenCount"] as? Int == 1)
        #expect(unhappy.date("dueAt") == clock.now.addingTimeInterval(24 * 3_600))
        #expect(unhappy["allowedTransitions"] as? [String] == ["in_progress"])
        // Settled again, a new verdict is welcome.
        _ = try app.move(other, to: .inProgress)
        clock.advance(by: 60)
        _ = try app.move(other, to: .resolved)
        clock.advance(by: 60)
        #expect(try app.call(.post, "/v1/feedback/\(other)/satisfaction", json: #"{"score":5}"#).status == .ok)
    }

    @Test func intake_validatesEveryField_andChangesNothingOnBadInput() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"校验客户"}"#)
        let cases: [(String, String)] = [
            (#"{"customerId":"\#(customer)","kind":"rant","channel":"phone","subject":"s"}"#, "kind"),
            (#"{"customerId":"\#(customer)","kind":"complaint","channel":"pigeon","subject":"s"}"#, "channel"),
            (#"{"customerId":"\#(customer)","kind":"complaint","channel":"phone","subject":"  "}"#, "subject"),
            (#"{"customerId":"\#(customer)","kind":"complaint","channel":"phone","subject":"\#(String(repeating: "长", count: 201))"}"#, "subject"),
            (#"{"customerId":"\#(customer)","kind":"complaint","channel":"phone","subject":"s","urgency":"asap"}"#, "urgency"),
            (#"{"customerId":"\#(customer)","kind":"complaint","channel":"phone","subject":"s","status":"closed"}"#, "status"),
            (#"{"customerId":"cus_nobody","kind":"complaint","channel":"phone","subject":"s"}"#, "customerId"),
            (#"{"customerId":"\#(customer)","kind":"complaint","channel":"phone","subject":"s","assigneeId":"usr_nobody"}"#, "assigneeId"),
            (#"{"customerId":"\#(customer)","kind":"complaint","channel":"phone","subject":"s","assigneeId":"\#(app.userIDs[.viewer]!)"}"#, "assigneeId"),
        ]
        for (body, field) in cases {
            let response = try app.call(.post, "/v1/feedback", json: body)
            #expect(response.status == .unprocessableContent, "\(field): \(response.bodyText)")
            #expect(response.bodyText.contains(#""field":"\#(field)""#), "\(field): \(response.bodyText)")
        }
        #expect(try app.feedbackIDs("").isEmpty)
        #expect(try app.customer(customer)[object: "stats"]["openFeedback"] as? Int == 0)
        let id = try app.createFeedback(customer: customer)["id"] as! String
        #expect(try app.call(.post, "/v1/feedback/\(id)/transitions", json: #"{"to":"acknowledged","resolution":"x"}"#).status == .unprocessableContent)
        #expect(try app.call(.post, "/v1/feedback/\(id)/transitions", json: #"{"to":"done"}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/feedback/\(id)", json: #"{"subject":null}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/feedback/\(id)", json: #"{"status":"closed"}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/feedback/\(id)", json: #"{"category":"物流"}"#, headers: [("If-Match", "\"7\"")]).status == .preconditionFailed)
        #expect(try app.call(.get, "/v1/feedback?overdue=maybe").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/feedback?sort=subject").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/feedback?cursor=garbage").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/feedback/\(id)/events?cursor=-3").status == .unprocessableContent)
        let item = try #require(try app.call(.get, "/v1/feedback/\(id)").jsonObject)
        #expect(item["version"] as? Int == 1)
    }

    @Test func customerStats_timeline_andTheAssigneesAgenda() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"统计客户","ownerId":"\#(app.userIDs[.rep]!)"}"#, as: .manager)
        let first = try app.createFeedback(customer: customer, urgency: .critical)
        #expect(first["assigneeId"] as? String == app.userIDs[.rep], "assigned to the customer's owner by default")
        let second = try app.createFeedback(customer: customer, kind: .suggestion)["id"] as! String
        #expect(try app.customer(customer)[object: "stats"]["openFeedback"] as? Int == 2)
        for step in Self.path(to: .resolved) { _ = try app.move(second, to: step) }
        #expect(try app.customer(customer)[object: "stats"]["openFeedback"] as? Int == 1)
        _ = try app.move(second, to: .reopened)
        #expect(try app.customer(customer)[object: "stats"]["openFeedback"] as? Int == 2)

        let timeline = try app.call(.get, "/v1/customers/\(customer)/timeline").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(timeline.filter { $0["kind"] as? String == "feedback" }.count == 2)

        let agenda = try #require(try app.call(.get, "/v1/agenda?date=2026-11-23", as: .rep).jsonObject)
        let listed = agenda["feedback"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["id"] as? String } == [first["id"] as? String, second], "by deadline: critical first")
        #expect(agenda[object: "counts"]["feedback"] as? Int == 2)
        #expect(listed.first?[object: "customer"]["name"] as? String == "统计客户")
        #expect(try app.call(.get, "/v1/agenda?date=2026-11-23", key: app.otherRep.key).jsonObject?[object: "counts"]["feedback"] as? Int == 0)
        // Once acknowledged, an item is in hand and leaves the agenda (the list still has it).
        _ = try app.move(first["id"] as! String, to: .acknowledged)
        let later = try #require(try app.call(.get, "/v1/agenda?date=2026-11-23", as: .rep).jsonObject)
        #expect((later["feedback"] as? [[String: Any]])?.map { $0["id"] as? String } == [second])
        #expect(later[object: "counts"]["feedback"] as? Int == 1)
    }

    @Test func reps_seeTheirCustomersAndTheirAssignments_only() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let mine = try app.createCustomer(#"{"name":"我的","ownerId":"\#(app.userIDs[.rep]!)"}"#, as: .manager)
        let theirs = try app.createCustomer(#"{"name":"别人的","ownerId":"\#(app.otherRep.userID)"}"#, as: .manager)
        let onMine = try app.createFeedback(customer: mine, as: .rep)["id"] as! String
        let onTheirs = try app.createFeedback(customer: theirs, as: .manager)["id"] as! String
        let handedToMe = try app.createFeedback(customer: theirs, extra: #","assigneeId":"\#(app.userIDs[.rep]!)""#, as: .manager)["id"] as! String

        #expect(Set(try app.feedbackIDs("", as: .rep)) == [onMine, handedToMe])
        #expect(try app.call(.get, "/v1/feedback/counts", as: .rep).jsonObject?[object: "byStatus"]["open"] as? Int == 2)
        #expect(try app.call(.get, "/v1/feedback/counts", as: .manager).jsonObject?[object: "byStatus"]["open"] as? Int == 3)
        #expect(try app.call(.get, "/v1/feedback/\(onTheirs)", as: .rep).status == .notFound)
        #expect(try app.move(onTheirs, to: .acknowledged, as: .rep).status == .notFound)
        #expect(try app.move(handedToMe, to: .acknowledged, as: .rep).status == .ok)
        #expect(try app.call(.get, "/v1/feedback/\(onTheirs)/events", as: .rep).status == .notFound)
        // Reps neither file feedback on others' customers nor hand it on.
        #expect(try app.call(.post, "/v1/feedback", as: .rep,
                             json: #"{"customerId":"\#(theirs)","kind":"praise","channel":"phone","subject":"s"}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/feedback/\(onMine)", as: .rep, json: #"{"assigneeId":"\#(app.otherRep.userID)"}"#).status == .forbidden)
        #expect(try app.call(.patch, "/v1/feedback/\(onMine)", as: .rep, json: #"{"assigneeId":null}"#).status == .forbidden)
        #expect(Set(try app.feedbackIDs("", as: .viewer)) == [onMine, onTheirs, handedToMe])
        #expect(try app.move(onMine, to: .acknowledged, as: .viewer).status == .forbidden)
    }

    @Test func reassignment_andMoves_keepEventsAndAuditInTheSameTransaction() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"审计客户"}"#)
        let id = try app.createFeedback(customer: customer)["id"] as! String
        let assigned = try app.call(.patch, "/v1/feedback/\(id)", as: .manager, json: #"{"assigneeId":"\#(app.otherRep.userID)"}"#)
        #expect(assigned.jsonObject?["assigneeId"] as? String == app.otherRep.userID)
        #expect(try app.move(id, to: .acknowledged, note: "已联系", as: .manager).status == .ok)

        let feed = try app.call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [[String: Any]] ?? []
        let types = feed.filter { $0["entityId"] as? String == id }.map { $0["type"] as! String }
        #expect(types == ["feedback.created", "feedback.assigned", "feedback.status_changed"])
        let audit = try app.call(.get, "/v1/audit?entityId=\(id)").jsonObject?["data"] as? [[String: Any]] ?? []
        let reassigned = try #require(audit.first { $0["action"] as? String == "assigned" })
        #expect(reassigned[object: "values"]["assigneeId"] as? String == app.otherRep.userID)
        #expect(reassigned["actorId"] as? String == app.userIDs[.manager])
        let moved = try #require(audit.first { $0["action"] as? String == "status_changed" })
        #expect(moved[object: "values"]["to"] as? String == "acknowledged")

        let history = try app.call(.get, "/v1/feedback/\(id)/events").jsonObject?["data"] as? [[String: Any]] ?? []
        let assignment = try #require(history.first { $0["type"] as? String == "assigned" })
        #expect(assignment[object: "detail"]["assigneeId"] as? String == app.otherRep.userID)
        let move = try #require(history.last)
        #expect(move["note"] as? String == "已联系")
        #expect(move["actorId"] as? String == app.userIDs[.manager])
        #expect(move["from"] as? String == "open")
        // A refused move writes nothing anywhere.
        #expect(try app.move(id, to: .closed).status == .conflict)
        #expect((try app.call(.get, "/v1/feedback/\(id)/events").jsonObject?["data"] as? [Any])?.count == history.count)
        #expect((try app.call(.get, "/v1/audit?entityId=\(id)").jsonObject?["data"] as? [Any])?.count == audit.count)
    }
}

@Suite struct SLASettingsTests {
    static let valid = """
        {"low":{"firstResponseHours":24,"resolutionHours":168},"normal":{"firstResponseHours":8,"resolutionHours":72},
         "high":{"firstResponseHours":4,"resolutionHours":24},"critical":{"firstResponseHours":1,"resolutionHours":8}}
        """

    @Test func put_refusesBadHours_unknownMembers_andStaleVersions() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let defaults = try app.call(.get, "/v1/settings/sla")
        #expect(defaults.headers["ETag"] == "\"0\"")
        #expect(defaults.jsonObject?[object: "critical"]["resolutionHours"] as? Int == 8)
        let cases: [(String, String)] = [
            (Self.valid.replacingOccurrences(of: #""resolutionHours":168"#, with: #""resolutionHours":168,"resolveHours":1"#), "low.resolveHours"),
            (Self.valid.replacingOccurrences(of: #""firstResponseHours":4"#, with: #""firstResponseHours":40"#), "high.firstResponseHours"),
            (Self.valid.replacingOccurrences(of: #""resolutionHours":8"#, with: #""resolutionHours":0"#), "critical.resolutionHours"),
            (Self.valid.replacingOccurrences(of: #","resolutionHours":72"#, with: ""), "normal.resolutionHours"),
            (Self.valid.replacingOccurrences(of: "}}", with: #"},"urgent":{}}"#), "urgent"),
        ]
        for (body, field) in cases {
            let response = try app.call(.put, "/v1/settings/sla", json: body)
            #expect(response.status == .unprocessableContent, "\(field): \(response.bodyText)")
            #expect(response.bodyText.contains(#""field":"\#(field)""#), "\(field): \(response.bodyText)")
        }
        #expect(try app.call(.get, "/v1/settings/sla").headers["ETag"] == "\"0\"", "nothing was stored")
        #expect(try app.call(.put, "/v1/settings/sla", json: Self.valid, headers: [("If-Match", "\"0\"")]).status == .ok)
        #expect(try app.call(.put, "/v1/settings/sla", json: Self.valid, headers: [("If-Match", "\"0\"")]).status == .preconditionFailed)
    }
}
