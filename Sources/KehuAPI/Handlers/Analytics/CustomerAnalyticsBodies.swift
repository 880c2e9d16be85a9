import Foundation
import HTTPServer
import KehuCore

/// The customer-value analytics' documents, written straight to JSON: keys sorted, absent
/// values null. Fractions (points, days, ratios) are rounded for people; a value that is
/// not a finite number is written as null, never NaN (none is expected: every division has
/// a guarded divisor).
extension JSONWriter {
    mutating func rfmSummary(_ summary: RFMSummary) {
        beginObject()
        key("currency"); string(summary.currency)
        key("customers"); integer(summary.scored + summary.lapsed)
        key("from"); date(summary.period.from)
        key("lapsed"); integer(summary.lapsed)
        key("neverBought"); integer(summary.neverBought)
        key("revenue"); integer(summary.revenue)
        key("scored"); integer(summary.scored)
        key("segments"); beginArray()
        for segment in RFMSegment.allCases {
            let figures = summary.segments[segment] ?? RFMSegmentFigures()
            beginObject()
            key("customers"); integer(figures.customers)
            key("revenue"); integer(figures.revenue)
            key("segment"); string(segment.rawValue)
            endObject()
        }
        endArray()
        key("thresholds")
        if let thresholds = summary.thresholds {
            beginObject()
            key("frequency"); integers(thresholds.frequency)
            key("monetary"); integers(thresholds.monetary)
            key("recencyDays"); integers(thresholds.recencyDays)
            endObject()
        } else {
            string(nil)
        }
        key("to"); date(summary.period.to)
        endObject()
    }

    mutating func rfmMember(_ member: RFMMember) {
        beginObject()
        key("frequency"); integer(member.frequency)
        key("frequencyScore"); integer(member.frequencyScore)
        key("id"); string(member.id)
        key("lastPurchaseAt"); date(member.lastPurchaseAt)
        key("monetary"); integer(member.monetary)
        key("monetaryScore"); integer(member.monetaryScore)
        key("name"); string(member.name)
        key("ownerId"); string(member.ownerID)
        key("recencyDays"); integer(member.recencyDays)
        key("recencyScore"); integer(member.recencyScore)
        key("segment"); string(member.segment.rawValue)
        key("tier"); string(member.tier.rawValue)
        endObject()
    }

    mutating func segmentReport(_ report: SegmentReport) {
        beginObject()
        key("by"); string(report.dimension.rawValue)
        key("currency"); string(report.currency)
        key("from"); date(report.period.from)
        key("groups"); beginArray()
        for group in report.groups {
            segmentFigures(group.figures, of: .group(group.key))
        }
        endArray()
        key("to"); date(report.period.to)
        key("total"); segmentFigures(report.total, of: .total)
        endObject()
    }

    /// A group's object carries its `key` (null for customers without a value); the total's has none.
    private mutating func segmentFigures(_ figures: SegmentFigures, of row: SegmentRow) {
        beginObject()
        key("averageOrderValue"); integer(figures.averageOrderValue)
        key("customers"); integer(figures.customers)
        if case .group(let value) = row { key("key"); string(value) }
        key("orders"); integer(figures.orders)
        key("revenue"); integer(figures.revenue)
        endObject()
    }

    mutating func priorityRanking(_ ranking: PriorityRanking) {
        let settings = ranking.settings
        beginObject()
        key("asOf"); date(ranking.asOf)
        key("data"); beginArray()
        for entry in ranking.page.items {
            beginObject()
            key("components"); beginObject()
            key("interactions"); beginObject()
            key("count"); integer(entry.recentInteractions)
            key("points"); rounded(entry.points.interactions, places: 2)
            key("weight"); integer(settings.weights.interactions)
            key("windowDays"); integer(settings.interactionWindowDays)
            endObject()
            key("monetary"); money(entry.monetary, currency: ranking.currency, points: entry.points.monetary, weight: settings.weights.monetary)
            key("profit"); money(entry.profit, currency: ranking.currency, points: entry.points.profit, weight: settings.weights.profit)
            key("urgency"); beginObject()
            key("openFeedback"); beginObject()
            for urgency in Urgency.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                key(text: urgency.rawValue); integer(entry.openFeedback[urgency] ?? 0)
            }
            endObject()
            key("overdueFollowUps"); integer(entry.overdueFollowUps)
            key("points"); rounded(entry.points.urgency, places: 2)
            key("weight"); integer(settings.weights.urgency)
            endObject()
            endObject()
            key("id"); string(entry.id)
            key("name"); string(entry.name)
            key("ownerId"); string(entry.ownerID)
            key("score"); rounded(entry.score, places: 2)
            key("tier"); string(entry.tier.rawValue)
            endObject()
        }
        endArray()
        key("nextCursor"); string(ranking.page.nextCursor)
        endObject()
    }

    private mutating func money(_ amount: Int64, currency: String, points: Double, weight: Int) {
        beginObject()
        key("amount"); integer(amount)
        key("currency"); string(currency)
        key("points"); rounded(points, places: 2)
        key("weight"); integer(weight)
        endObject()
    }

    mutating func churnRiskList(_ page: Page<ChurnRisk>, asOf: Date) {
        beginObject()
        key("asOf"); date(asOf)
        key("data"); beginArray()
        for risk in page.items {
            beginObject()
            key("basis"); string(risk.basis.rawValue)
            key("daysPastLimit"); rounded(risk.silenceDays - risk.limitDays, places: 1)
            key("events"); integer(risk.events)
            key("id"); string(risk.id)
            key("lastActivityAt"); date(risk.lastActivityAt)
            key("limitDays"); rounded(risk.limitDays, places: 1)
            key("medianGapDays"); rounded(risk.medianGapDays, places: 1)
            key("multiple"); rounded(risk.multiple, places: 1)
            key("name"); string(risk.name)
            key("overLimit"); rounded(risk.overLimit, places: 2)
            key("ownerId"); string(risk.ownerID)
            key("reason"); string(risk.reason)
            key("silenceDays"); rounded(risk.silenceDays, places: 1)
            key("tier"); string(risk.tier.rawValue)
            endObject()
        }
        endArray()
        key("nextCursor"); string(page.nextCursor)
        endObject()
    }

    private mutating func integers(_ values: [Int64]) {
        beginArray()
        for value in values { integer(value) }
        endArray()
    }

    /// `value` to `places` decimals; null when absent or not finite.
    private mutating func rounded(_ value: Double?, places: Int) {
        guard let value, value.isFinite else { return string(nil) }
        let scale = places == 1 ? 10.0 : 100.0
        number((value * scale).rounded() / scale)
    }
}

/// Which object of a segment report is being written.
private enum SegmentRow {
    case group(String?)
    case total
}

/// `PUT /v1/settings/priority`: every member required, unknown ones refused at every level.
struct PrioritySettingsBody: RequestInput {
    static let acceptedFields: Set<String> = ["weights", "urgencyPoints", "overdueFollowUpPoints", "interactionWindowDays", "interactionsForFullPoints"]
    var weights: StrictMembers<PriorityWeights>
    var urgencyPoints: StrictMembers<UrgencyPoints>
    var overdueFollowUpPoints: Int
    var interactionWindowDays: Int
    var interactionsForFullPoints: Int

    var settings: PrioritySettings {
        PrioritySettings(weights: weights.value, urgencyPoints: urgencyPoints.value, overdueFollowUpPoints: overdueFollowUpPoints,
                         interactionWindowDays: interactionWindowDays, interactionsForFullPoints: interactionsForFullPoints)
    }
}

/// A nested object decoded as `Value`, refusing members `Value` does not have (a typo such
/// as `urgncy` is an error, not a silently kept default).
struct StrictMembers<Value: Decodable & NamedMembers>: Decodable {
    var value: Value

    init(from decoder: any Decoder) throws {
        let members = try decoder.container(keyedBy: DynamicKey.self)
        for key in members.allKeys where !Value.memberNames.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath + [key], debugDescription: "Unknown field."))
        }
        value = try Value(from: decoder)
    }
}

/// A type decoded from an object with exactly these member names.
protocol NamedMembers {
    static var memberNames: Set<String> { get }
}

extension PriorityWeights: NamedMembers {
    static let memberNames: Set<String> = ["monetary", "profit", "urgency", "interactions"]
}

extension UrgencyPoints: NamedMembers {
    static let memberNames: Set<String> = Set(Urgency.allCases.map(\.rawValue))
}
