import Foundation
import KehuCore

/// The service analytics' documents, written straight to JSON with keys sorted. Rates are
/// percentages (0-100, one decimal) and null when nothing was measured; counts are 0.
extension JSONWriter {
    mutating func satisfaction(_ series: SatisfactionSeries) {
        beginObject()
        key("buckets"); beginArray()
        for bucket in series.buckets { satisfactionBucket(bucket) }
        endArray()
        key("from"); date(series.from)
        key("interval"); string(series.unit.rawValue)
        key("ownerId"); string(series.ownerID)
        key("timeZone"); string(series.timeZone.identifier)
        key("to"); date(series.to)
        endObject()
    }

    private mutating func satisfactionBucket(_ bucket: SatisfactionBucket) {
        beginObject()
        key("complaints"); beginObject()
        key("byCategory"); beginArray()
        for entry in bucket.complaints.byCategory {
            beginObject()
            key("category"); string(entry.category)
            key("count"); integer(entry.count)
            endObject()
        }
        endArray()
        key("total"); integer(bucket.complaints.total)
        endObject()
        key("csat"); beginObject()
        key("count"); integer(bucket.csat.count)
        key("mean"); decimal(bucket.csat.mean)
        key("percent"); decimal(bucket.csat.percent)
        key("satisfied"); integer(bucket.csat.satisfied)
        endObject()
        key("csi"); beginObject()
        key("responses"); integer(bucket.csi.responses)
        key("surveys"); integer(bucket.csi.surveys)
        key("value"); decimal(bucket.csi.value)
        endObject()
        key("date"); string(bucket.bucket.firstDay.description)
        key("end"); date(bucket.bucket.end)
        key("nps"); nps(bucket.nps)
        key("resolution"); beginObject()
        key("count"); integer(bucket.resolution.count)
        key("medianHours"); decimal(bucket.resolution.medianHours)
        endObject()
        key("sla"); beginObject()
        key("acknowledged"); integer(bucket.sla.acknowledged)
        key("breachPercent"); decimal(bucket.sla.breachPercent)
        key("resolutionBreaches"); integer(bucket.sla.resolutionBreaches)
        key("resolved"); integer(bucket.sla.resolved)
        key("responseBreaches"); integer(bucket.sla.responseBreaches)
        endObject()
        key("start"); date(bucket.bucket.start)
        endObject()
    }

    mutating func compliance(_ compliance: FollowUpCompliance) {
        beginObject()
        key("from"); date(compliance.period.from)
        key("ownerId"); string(compliance.ownerID)
        key("owners"); beginArray()
        for owner in compliance.owners { complianceCounts(owner.counts, owner: owner) }
        endArray()
        key("timeZone"); string(compliance.timeZone.identifier)
        key("to"); date(compliance.period.to)
        key("totals"); complianceCounts(compliance.totals, owner: nil)
        key("until"); date(compliance.until)
        endObject()
    }

    /// An owner's counts (with `name` and `ownerId`), or the totals (without), keys in order.
    private mutating func complianceCounts(_ counts: ComplianceCounts, owner: OwnerCompliance?) {
        beginObject()
        key("cancelled"); integer(counts.cancelled)
        key("doneLate"); integer(counts.doneLate)
        key("doneOnTime"); integer(counts.doneOnTime)
        key("due"); integer(counts.due)
        if let owner { key("name"); string(owner.name) }
        key("onTimePercent"); decimal(counts.onTimePercent)
        key("overdue"); integer(counts.overdue)
        if let owner { key("ownerId"); string(owner.ownerID) }
        key("skipped"); integer(counts.skipped)
        endObject()
    }

    mutating func overview(_ overview: Overview) {
        beginObject()
        key("asOf"); date(overview.asOf)
        key("customers"); beginObject()
        key("active"); integer(overview.activeCustomers)
        key("byStage"); beginObject()
        for stage in LifecycleStage.allCases { key(text: stage.rawValue); integer(overview.customersByStage[stage] ?? 0) }
        endObject()
        key("byTier"); beginObject()
        for tier in Tier.allCases { key(text: tier.rawValue); integer(overview.customersByTier[tier] ?? 0) }
        endObject()
        key("new"); integer(overview.newCustomers)
        key("previousNew"); integer(overview.previousNewCustomers)
        endObject()
        key("deals"); beginObject()
        key("lost"); integer(overview.closedDeals.lost)
        key("previousLost"); integer(overview.previousClosedDeals.lost)
        key("previousWinRate"); number(orNull: overview.previousClosedDeals.winRate)
        key("previousWon"); integer(overview.previousClosedDeals.won)
        key("winRate"); number(orNull: overview.closedDeals.winRate)
        key("won"); integer(overview.closedDeals.won)
        endObject()
        key("feedback"); beginObject()
        key("open"); integer(overview.openFeedback)
        key("overdue"); integer(overview.overdueFeedback)
        endObject()
        key("followUps"); beginObject()
        key("overdue"); integer(overview.overdueFollowUps)
        endObject()
        key("from"); date(overview.period.from)
        key("nps"); nps(overview.nps)
        key("ownerId"); string(overview.ownerID)
        key("previousFrom"); date(overview.previousPeriod.from)
        key("previousTo"); date(overview.previousPeriod.to)
        key("purchases"); beginObject()
        key("count"); integer(overview.purchases)
        key("previousCount"); integer(overview.previousPurchases)
        endObject()
        key("revenue"); beginArray()
        for revenue in overview.revenue {
            beginObject()
            key("amount"); integer(revenue.amount)
            key("currency"); string(revenue.currency)
            key("previousAmount"); integer(revenue.previousAmount)
            key("previousPurchases"); integer(revenue.previousPurchases)
            key("purchases"); integer(revenue.purchases)
            endObject()
        }
        endArray()
        key("to"); date(overview.period.to)
        endObject()
    }

    private mutating func nps(_ summary: NPSSummary) {
        beginObject()
        key("count"); integer(summary.count)
        key("detractors"); integer(summary.detractors)
        key("passives"); integer(summary.passives)
        key("promoters"); integer(summary.promoters)
        key("score"); decimal(summary.score)
        endObject()
    }

    /// A figure that may be missing: null when nil, and null rather than NaN or an infinity
    /// (which JSON cannot spell) should one ever reach here.
    mutating func decimal(_ value: Double?) {
        if let value, value.isFinite { number(value) } else { string(nil) }
    }
}
