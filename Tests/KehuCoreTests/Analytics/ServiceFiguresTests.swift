import Foundation
import KehuCore
import Testing

/// Rates and means of the service figures: exact where the data are, null where there are none.
@Suite struct ServiceFiguresTests {
    @Test func rates_areNullWithoutData_andRoundedToOneDecimal() {
        #expect(Ratio.percent(0, of: 0) == nil)
        #expect(Ratio.percent(0, of: 3) == 0)
        #expect(Ratio.percent(1, of: 3) == 33.3)
        #expect(Ratio.percent(2, of: 3) == 66.7)
        #expect(Ratio.mean(9, count: 2) == 4.5)
        #expect(Ratio.mean(0, count: 0) == nil)
        #expect(CSATFigures().percent == nil && CSATFigures().mean == nil)
        #expect(CSATFigures(count: 3, satisfied: 2, scoreSum: 11).percent == 66.7)
        #expect(CSATFigures(count: 3, satisfied: 2, scoreSum: 11).mean == 3.67)
    }

    /// Each acknowledgement and each resolution is one SLA check: 1 + 1 breaches of 3 + 3.
    @Test func slaBreaches_overEveryCheck() {
        #expect(SLAFigures(acknowledged: 3, responseBreaches: 1, resolved: 3, resolutionBreaches: 1).breachPercent == 33.3)
        #expect(SLAFigures(acknowledged: 2, responseBreaches: 0, resolved: 0, resolutionBreaches: 0).breachPercent == 0)
        #expect(SLAFigures().breachPercent == nil)
    }

    /// Medians are kept in milliseconds and shown in hours: 6.5 h, 54 s → 0.0 h.
    @Test func resolutionHours() {
        #expect(ResolutionFigures(count: 2, medianMillis: 23_400_000).medianHours == 6.5)
        #expect(ResolutionFigures(count: 1, medianMillis: 54_000).medianHours == 0)
        #expect(ResolutionFigures().medianHours == nil)
    }

    /// Most complaints first; equal counts by category, the uncategorised last.
    @Test func complaintCategories_inOrder() {
        let figures = ComplaintFigures(byCategory: [CategoryCount(category: nil, count: 2), CategoryCount(category: "质量", count: 1),
                                                    CategoryCount(category: "价格", count: 2), CategoryCount(category: "物流", count: 5)])
        #expect(figures.byCategory.map(\.category) == ["物流", "价格", nil, "质量"])
        #expect(figures.total == 10)
    }

    /// On time over done on time, done late and overdue; skipped and cancelled stay out.
    @Test func onTimeRate_leavesOutSkippedAndCancelled() {
        #expect(ComplianceCounts(due: 6, doneOnTime: 1, doneLate: 1, overdue: 2, skipped: 1, cancelled: 1).onTimePercent == 25)
        #expect(ComplianceCounts(due: 2, skipped: 1, cancelled: 1).onTimePercent == nil)
        let sum = ComplianceCounts(due: 6, doneOnTime: 1, doneLate: 1, overdue: 2, skipped: 1, cancelled: 1)
            + ComplianceCounts(due: 3, doneOnTime: 2, doneLate: 1)
        #expect(sum == ComplianceCounts(due: 9, doneOnTime: 3, doneLate: 2, overdue: 2, skipped: 1, cancelled: 1))
        #expect(sum.onTimePercent == 42.9)
    }
}
