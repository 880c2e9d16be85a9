import Foundation
import KehuCore
import Testing

/// The workflow table and the SLA arithmetic, without a database.
@Suite struct FeedbackWorkflowTests {
    /// Every pair of statuses, judged by the table itself: the moves it lists pass, every
    /// other pair is refused with the table's own list of allowed moves.
    @Test(arguments: FeedbackStatus.allCases)
    func everyMoveFrom(_ from: FeedbackStatus) {
        for to in FeedbackStatus.allCases {
            let allowed = FeedbackWorkflow.moves[from] ?? []
            if allowed.contains(to) {
                #expect(throws: Never.self) { try FeedbackWorkflow.check(from: from, to: to) }
            } else {
                #expect(throws: KehuError.illegalTransition(entity: "feedback item", from: from.rawValue, to: to.rawValue,
                                                            allowed: allowed.map(\.rawValue))) {
                    try FeedbackWorkflow.check(from: from, to: to)
                }
            }
        }
    }

    /// The contract's flow, written out once here as the specification the table must equal.
    @Test func theTable_isTheContractsFlow() {
        let flow: Set<String> = ["open>acknowledged", "acknowledged>in_progress", "in_progress>resolved", "resolved>closed",
                                 "resolved>reopened", "reopened>in_progress"]
        let table = Set(FeedbackWorkflow.moves.flatMap { from, tos in tos.map { "\(from.rawValue)>\($0.rawValue)" } })
        #expect(table == flow)
        #expect(Set(FeedbackWorkflow.moves.keys) == Set(FeedbackStatus.allCases), "every status has a row, closed an empty one")
    }

    @Test func defaultDeadlines_perUrgency() {
        let start = Date(timeIntervalSince1970: 1_795_399_200)
        let expected: [(Urgency, Double, Double)] = [(.low, 24, 168), (.normal, 8, 72), (.high, 4, 24), (.critical, 1, 8)]
        for (urgency, response, resolution) in expected {
            let deadlines = SLASettings.default.deadlines(urgency: urgency, from: start)
            #expect(deadlines.responseDueAt == start.addingTimeInterval(response * 3_600), "\(urgency)")
            #expect(deadlines.dueAt == start.addingTimeInterval(resolution * 3_600), "\(urgency)")
        }
    }

    @Test func settings_refuseHoursOutOfRange_andAResponseAfterTheResolution() {
        var settings = SLASettings.default
        settings.high = SLATarget(firstResponseHours: 30, resolutionHours: 24)
        settings.low = SLATarget(firstResponseHours: 0, resolutionHours: 9_000)
        #expect(throws: KehuError.validation([
            FieldError(field: "low.firstResponseHours", message: "Must be between 1 and 8784 hours."),
            FieldError(field: "low.resolutionHours", message: "Must be between 1 and 8784 hours."),
            FieldError(field: "high.firstResponseHours", message: "Must not be more than resolutionHours."),
        ])) { try settings.validated() }
    }

    @Test func overdue_isPastTheResolutionDeadline_orStillOpenPastTheResponseDeadline() {
        let start = Date(timeIntervalSince1970: 1_795_399_200)
        var item = Feedback(id: "fbk_1", customerID: "cus_1", kind: .complaint, channel: .phone, subject: "s", body: nil, category: nil,
                            urgency: .critical, assigneeID: nil, deadlines: SLASettings.default.deadlines(urgency: .critical, from: start),
                            createdBy: nil, createdAt: start)
        #expect(!item.isOverdue(at: start.addingTimeInterval(3_599)))
        #expect(item.isOverdue(at: start.addingTimeInterval(3_601)), "open past the first-response deadline")
        item.status = .acknowledged
        #expect(!item.isOverdue(at: start.addingTimeInterval(3_601)), "answered: the resolution deadline is what counts")
        #expect(item.isOverdue(at: start.addingTimeInterval(8 * 3_600 + 1)))
        item.status = .resolved
        #expect(!item.isOverdue(at: start.addingTimeInterval(100 * 3_600)), "settled items are never overdue")
    }
}
