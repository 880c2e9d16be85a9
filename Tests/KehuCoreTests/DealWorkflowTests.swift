import Foundation
import KehuCore
import Testing

/// The stage rule and the funnel's arithmetic, without a database.
@Suite struct DealWorkflowTests {
    static let start = Date(timeIntervalSince1970: 1_795_399_200)

    /// The rule as the docs state it, written out here once: from an open stage anywhere
    /// else, from lost back to a funnel step, from won nowhere.
    @Test func theTable_isTheDocumentedRule() {
        var moves: Set<String> = []
        for from in DealStage.allCases {
            for to in DealWorkflow.allowed(from: from) { moves.insert("\(from.rawValue)>\(to.rawValue)") }
        }
        let open = ["lead", "qualified", "proposal", "negotiation"]
        var expected = Set(open.flatMap { from in (open + ["won", "lost"]).filter { $0 != from }.map { "\(from)>\($0)" } })
        expected.formUnion((open + ["won"]).map { "lost>\($0)" })
        #expect(moves == expected)
    }

    /// Every pair: allowed moves change the deal as the rule says, refused ones change nothing.
    @Test(arguments: DealStage.allCases)
    func everyMoveFrom(_ from: DealStage) throws {
        for to in DealStage.allCases {
            var deal = Deal(id: "del_1", customerID: "cus_1", title: "t", amount: 1, currency: "CNY", stage: .lead, ownerID: nil,
                            expectedCloseAt: nil, notes: nil, createdBy: nil, createdAt: Self.start)
            if from != .lead { _ = try deal.move(to: from, at: Self.start, actorID: nil, note: nil, lostReason: from == .lost ? "r" : nil) }
            let before = deal
            let at = Self.start.addingTimeInterval(3_600)
            guard DealWorkflow.isAllowed(from: from, to: to) else {
                #expect(throws: KehuError.illegalTransition(entity: "deal", from: from.rawValue, to: to.rawValue,
                                                            allowed: DealWorkflow.allowed(from: from).map(\.rawValue))) {
                    try deal.move(to: to, at: at, actorID: nil, note: nil, lostReason: nil)
                }
                #expect(deal == before)
                continue
            }
            let change = try deal.move(to: to, at: at, actorID: "usr_1", note: "n", lostReason: to == .lost ? "贵" : nil)
            #expect(change.from == from && change.to == to && change.at == at && change.actorID == "usr_1")
            #expect(deal.stage == to && deal.stageEnteredAt == at && deal.version == before.version + 1)
            #expect((deal.closedAt != nil) == !to.isOpen)
            #expect((deal.lostReason != nil) == (to == .lost) && change.lostReason == deal.lostReason)
            let furthest = max(before.furthestStage.funnelRank!, to.funnelRank ?? 0)
            #expect(deal.furthestStage.funnelRank == furthest, "\(from) → \(to): the furthest step never goes back")
        }
    }

    @Test func funnel_ratiosAreNilWithNothingToDivideBy() {
        let period = AnalyticsPeriod(from: Self.start, to: Self.start.addingTimeInterval(86_400))
        let empty = FunnelCounts(total: 0, current: [:], reached: [:], entered: [:], averageMillis: [:], amounts: [])
        let funnel = Funnel(counts: empty, period: period, scope: .all)
        #expect(funnel.winRate == nil && funnel.conversions.allSatisfy { $0.rate == nil })
        #expect(funnel.stages.allSatisfy { $0.averageDays == nil && $0.current == 0 })
        #expect(funnel.stages.map { $0.reached } == [0, 0, 0, 0, 0, nil])

        let counts = FunnelCounts(total: 3, current: [.lead: 1, .won: 1, .lost: 1], reached: [.lead: 3, .qualified: 2, .proposal: 2, .negotiation: 1, .won: 1],
                                  entered: [.lead: 3], averageMillis: [.lead: 1.5 * 86_400_000, .won: 86_400_000], amounts: [])
        let some = Funnel(counts: counts, period: period, scope: .owner("usr_1"))
        #expect(some.conversions.map(\.rate) == [66.7, 100, 50, 100])
        #expect(some.winRate == 50)
        #expect(some.stages.first?.averageDays == 1.5)
        #expect(some.stages.first { $0.stage == .won }?.averageDays == nil, "a closed stage has no time spent")
    }
}
