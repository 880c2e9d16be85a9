import Foundation
import HTTPServer
import KehuCore

/// Feedback documents, written straight to JSON: keys sorted, absent values null.
extension JSONWriter {
    mutating func feedback(_ item: Feedback, now: Date) {
        beginObject()
        key("allowedTransitions"); beginArray()
        for status in FeedbackWorkflow.allowed(from: item.status) { string(status.rawValue) }
        endArray()
        key("assigneeId"); string(item.assigneeID)
        key("body"); string(item.body)
        key("category"); string(item.category)
        key("channel"); string(item.channel.rawValue)
        key("closedAt"); date(item.closedAt)
        key("createdAt"); date(item.createdAt)
        key("createdBy"); string(item.createdBy)
        key("customerId"); string(item.customerID)
        key("dueAt"); date(item.dueAt)
        key("firstResponseAt"); date(item.firstResponseAt)
        key("id"); string(item.id)
        key("kind"); string(item.kind.rawValue)
        key("overdue"); bool(item.isOverdue(at: now))
        key("reopenCount"); integer(item.reopenCount)
        key("resolution"); string(item.resolution)
        key("resolutionBreached"); bool(item.resolutionBreached)
        key("resolvedAt"); date(item.resolvedAt)
        key("responseBreached"); bool(item.responseBreached)
        key("responseDueAt"); date(item.responseDueAt)
        key("satisfaction")
        if let satisfaction = item.satisfaction {
            beginObject()
            key("comment"); string(satisfaction.comment)
            key("recordedAt"); date(satisfaction.recordedAt)
            key("score"); integer(satisfaction.score)
            endObject()
        } else {
            string(nil)
        }
        key("slaStartedAt"); date(item.slaStartedAt)
        key("status"); string(item.status.rawValue)
        key("subject"); string(item.subject)
        key("updatedAt"); date(item.updatedAt)
        key("urgency"); string(item.urgency.rawValue)
        key("version"); integer(item.version)
        endObject()
    }

    mutating func feedbackEvent(_ event: FeedbackEvent) {
        beginObject()
        key("actorId"); string(event.actorID)
        key("at"); date(event.at)
        key("detail"); beginObject()
        for (name, value) in event.detail.sorted(by: { $0.key < $1.key }) {
            key(text: name); string(value)
        }
        endObject()
        key("from"); string(event.fromStatus?.rawValue)
        key("note"); string(event.note)
        key("sequence"); integer(event.sequence)
        key("to"); string(event.toStatus?.rawValue)
        key("type"); string(event.type.rawValue)
        endObject()
    }
}

struct FeedbackCreateBody: RequestInput {
    static let acceptedFields: Set<String> = ["customerId", "kind", "channel", "subject", "body", "category", "urgency", "assigneeId"]
    var customerId: String
    var kind: String
    var channel: String
    var subject: String
    var body: String?
    var category: String?
    var urgency: String?
    var assigneeId: String?

    func input() throws -> FeedbackInput {
        var errors: [FieldError] = []
        let kind = FeedbackKind(rawValue: self.kind)
        if kind == nil { errors.append(.oneOf("kind", FeedbackKind.self)) }
        let channel = FeedbackChannel(rawValue: self.channel)
        if channel == nil { errors.append(.oneOf("channel", FeedbackChannel.self)) }
        let urgency = self.urgency.flatMap { text in Urgency(rawValue: text) ?? { errors.append(.oneOf("urgency", Urgency.self)); return nil }() }
        guard let kind, let channel, errors.isEmpty else { throw KehuError.validation(errors) }
        return FeedbackInput(customerID: customerId, kind: kind, channel: channel, subject: subject, body: body, category: category,
                             urgency: urgency, assigneeID: assigneeId)
    }
}

struct TransitionBody: RequestInput {
    static let acceptedFields: Set<String> = ["to", "note", "resolution"]
    var to: String
    var note: String?
    var resolution: String?

    func input() throws -> TransitionInput {
        TransitionInput(to: try FeedbackStatus.parse(to, field: "to"), note: note, resolution: resolution)
    }
}

struct SatisfactionBody: RequestInput {
    static let acceptedFields: Set<String> = ["score", "comment"]
    var score: Int
    var comment: String?
}

struct SLABody: RequestInput {
    static let acceptedFields: Set<String> = ["low", "normal", "high", "critical"]
    var low: SLATargetBody
    var normal: SLATargetBody
    var high: SLATargetBody
    var critical: SLATargetBody

    var settings: SLASettings { SLASettings(low: low.target, normal: normal.target, high: high.target, critical: critical.target) }
}

/// One urgency's hours; an unknown member (a typo such as `resolveHours`) is refused
/// rather than silently ignored, as at the top level.
struct SLATargetBody: Decodable {
    var target: SLATarget

    init(from decoder: any Decoder) throws {
        let members = try decoder.container(keyedBy: DynamicKey.self)
        for key in members.allKeys where !["firstResponseHours", "resolutionHours"].contains(key.stringValue) {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath + [key], debugDescription: "Unknown field."))
        }
        target = try SLATarget(from: decoder)
    }
}
