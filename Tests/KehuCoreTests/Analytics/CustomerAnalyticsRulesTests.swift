import Foundation
import Testing
@testable import KehuCore

/// The pure rules behind the customer-value analytics: the segment table, the settings'
/// limits, the churn reason, the cursor.
@Suite struct CustomerAnalyticsRulesTests {
    @Test func segmentTable_coversEveryCell_andEverySegment() {
        #expect(RFMSegment.cells.count == 25)
        #expect(Set(RFMSegment.cells.map(\.segment)) == Set(RFMSegment.allCases))
        #expect(RFMSegment.of(recency: 5, frequencyMonetary: 5) == .champions)
        #expect(RFMSegment.of(recency: 5, frequencyMonetary: 1) == .new)
        #expect(RFMSegment.of(recency: 3, frequencyMonetary: 2) == .potentialLoyalist)
        #expect(RFMSegment.of(recency: 3, frequencyMonetary: 5) == .loyal)
        #expect(RFMSegment.of(recency: 2, frequencyMonetary: 4) == .atRisk)
        #expect(RFMSegment.of(recency: 1, frequencyMonetary: 5) == .cantLose)
        #expect(RFMSegment.of(recency: 2, frequencyMonetary: 1) == .hibernating)
        #expect(RFMSegment.of(recency: 1, frequencyMonetary: 2) == .lost)
        // A half rounds up: F 4 and M 5 are 5; F 1 and M 2 are 2.
        #expect(RFMSegment.frequencyMonetary(frequency: 4, monetary: 5) == 5)
        #expect(RFMSegment.frequencyMonetary(frequency: 1, monetary: 2) == 2)
        #expect(RFMSegment.frequencyMonetary(frequency: 3, monetary: 3) == 3)
    }

    @Test func thresholds_flattenAndBack() {
        let thresholds = RFMThresholds(recencyDays: [200, 60, 10, 3], frequency: [1, 2, 3, 4], monetary: [5, 6, 7, 8])
        #expect(RFMThresholds(flattened: thresholds.flattened) == thresholds)
        #expect(RFMThresholds(flattened: [1, 2, 3]) == nil)
    }

    @Test func prioritySettings_defaultsAreValid_andEveryLimitIsNamed() throws {
        #expect(try PrioritySettings.default.validated() == .default)
        var settings = PrioritySettings.default
        settings.weights = PriorityWeights(monetary: -1, profit: 1_001, urgency: 0, interactions: 0)
        settings.urgencyPoints.critical = 101
        settings.overdueFollowUpPoints = -1
        settings.interactionWindowDays = 366
        settings.interactionsForFullPoints = 0
        #expect(throws: KehuError.validation([
            FieldError(field: "weights.monetary", message: "Must be between 0 and 1000."),
            FieldError(field: "weights.profit", message: "Must be between 0 and 1000."),
            FieldError(field: "urgencyPoints.critical", message: "Must be between 0 and 100."),
            FieldError(field: "overdueFollowUpPoints", message: "Must be between 0 and 100."),
            FieldError(field: "interactionWindowDays", message: "Must be between 1 and 365."),
            FieldError(field: "interactionsForFullPoints", message: "Must be between 1 and 1000."),
        ])) { try settings.validated() }
        settings = .default
        settings.weights = PriorityWeights(monetary: 0, profit: 0, urgency: 0, interactions: 0)
        #expect(throws: KehuError.validation([FieldError(field: "weights", message: "At least one weight must be above 0.")])) { try settings.validated() }
    }

    @Test func churnMultiple_withinBounds() throws {
        #expect(try ChurnRules.multiple(from: nil).multiple == 2)
        #expect(try ChurnRules.multiple(from: "1").multiple == 1)
        #expect(try ChurnRules.multiple(from: "2.5").multiple == 2.5)
        #expect(try ChurnRules.multiple(from: "10").multiple == 10)
        for bad in ["0.99", "10.5", "-2", "x", "inf", "nan", ""] {
            #expect(throws: KehuError.self, "\(bad)") { try ChurnRules.multiple(from: bad) }
        }
        #expect(ChurnRules.tierLimitDays(.vip) == 30)
        #expect(ChurnRules.tierLimitDays(.normal) == 90)
        #expect(ChurnRules.tierLimitDays(.potential) == 180)
    }

    @Test func churnReason_saysTheNumbers() {
        var risk = ChurnRisk(id: "cus_1", name: "王芳", tier: .vip, ownerID: nil, lastActivityAt: Date(), events: 8, silenceDays: 45.04,
                             medianGapDays: 12.25, basis: .ownRhythm, multiple: 2.5, limitDays: 30.625, overLimit: 1.47, sequence: 1)
        #expect(risk.reason == "No purchase or interaction for 45 days: more than 2.5× their usual gap of 12.3 days between purchases and interactions (limit 30.6 days).")
        risk = ChurnRisk(id: "cus_2", name: "李雷", tier: .normal, ownerID: nil, lastActivityAt: Date(), events: 2, silenceDays: 1,
                         medianGapDays: 3, basis: .tier, multiple: nil, limitDays: 0.5, overLimit: 2, sequence: 2)
        #expect(risk.reason == "No purchase or interaction for 1 day: past the 0.5-day limit for normal customers, since 2 purchases and interactions are too few to show a rhythm of their own.")
    }

    @Test func cursor_roundTrips_andBelongsToOneListAndBook() throws {
        let cursor = AnalyticsCursor(list: "priority", ownerID: "usr_1", asOf: 1_795_399_200_000, key: 58.75, sequence: 42)
        let decoded = try AnalyticsCursor(decoding: cursor.encoded, list: "priority", scope: .owner("usr_1"))
        #expect(decoded == cursor)
        #expect(decoded.keyValue == 58.75)
        #expect(!cursor.encoded.contains("=") && !cursor.encoded.contains("+") && !cursor.encoded.contains("/"))
        for (list, scope) in [("churn-risk:2.0", OwnerScope.owner("usr_1")), ("priority", .all), ("priority", .owner("usr_2"))] {
            #expect(throws: KehuError.validation([FieldError(field: "cursor", message: "This cursor belongs to another list; start again without it.")])) {
                try AnalyticsCursor(decoding: cursor.encoded, list: list, scope: scope)
            }
        }
        #expect(throws: KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")])) {
            try AnalyticsCursor(decoding: "%%%", list: "priority", scope: .all)
        }
    }

    @Test func averageOrderValue_roundsHalvesUp_andIsNilWithoutOrders() {
        #expect(SegmentFigures(customers: 1, orders: 3, revenue: 35_000).averageOrderValue == 11_667)
        #expect(SegmentFigures(customers: 1, orders: 2, revenue: 5).averageOrderValue == 3)
        #expect(SegmentFigures(customers: 1, orders: 2, revenue: 4).averageOrderValue == 2)
        #expect(SegmentFigures(customers: 4, orders: 0, revenue: 0).averageOrderValue == nil)
    }
}
