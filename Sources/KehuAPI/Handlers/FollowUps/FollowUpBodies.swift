import Foundation
import HTTPServer
import KehuCore

/// Follow-up documents, written straight to JSON (the agenda is read every morning by
/// every rep, and lists of tasks are long): keys sorted, absent values null.
extension JSONWriter {
    mutating func followUp(_ task: FollowUp, now: Date) {
        beginObject()
        key("closedAt"); date(task.closedAt)
        key("completedAt"); date(task.completedAt)
        key("createdAt"); date(task.createdAt)
        key("customerId"); string(task.customerID)
        key("dueAt"); date(task.dueAt)
        key("id"); string(task.id)
        key("kind"); string(task.kind.rawValue)
        key("overdue"); bool(task.isOverdue(at: now))
        key("ownerId"); string(task.ownerID)
        key("planId"); string(task.planID)
        key("purpose"); string(task.purpose)
        key("reason"); string(task.reason)
        key("reschedules"); beginArray()
        for move in task.reschedules {
            beginObject()
            key("actorId"); string(move.actorID)
            key("at"); date(move.at)
            key("fromDueAt"); date(move.fromDueAt)
            key("reason"); string(move.reason)
            key("toDueAt"); date(move.toDueAt)
            endObject()
        }
        endArray()
        key("result")
        if let result = task.result {
            beginObject()
            key("channel"); string(result.channel.rawValue)
            key("interactionId"); string(result.interactionID)
            key("outcome"); string(result.outcome)
            key("summary"); string(result.summary)
            endObject()
        } else {
            string(nil)
        }
        key("status"); string(task.status.rawValue)
        key("updatedAt"); date(task.updatedAt)
        key("version"); integer(task.version)
        endObject()
    }

    /// A task as the agenda lists it (`AgendaFollowUp` in openapi.yaml).
    mutating func agendaTask(_ task: AgendaTask, now: Date) {
        beginObject()
        key("completedAt"); date(task.completedAt)
        key("customer"); customer(task.customer)
        key("dueAt"); date(task.dueAt)
        key("id"); string(task.id)
        key("kind"); string(task.kind.rawValue)
        key("overdue"); bool(task.isOverdue(at: now))
        key("planId"); string(task.planID)
        key("purpose"); string(task.purpose)
        key("status"); string(task.status.rawValue)
        key("version"); integer(task.version)
        endObject()
    }

    /// The same document as `InteractionBody`.
    mutating func interaction(_ interaction: Interaction) {
        beginObject()
        key("channel"); string(interaction.channel.rawValue)
        key("createdAt"); date(interaction.createdAt)
        key("customerId"); string(interaction.customerID)
        key("direction"); string(interaction.direction.rawValue)
        key("id"); string(interaction.id)
        key("occurredAt"); date(interaction.occurredAt)
        key("outcome"); string(interaction.outcome)
        key("summary"); string(interaction.summary)
        key("userId"); string(interaction.userID)
        endObject()
    }

    mutating func customer(_ customer: CustomerBrief) {
        beginObject()
        key("id"); string(customer.id)
        key("name"); string(customer.name)
        key("phone"); string(customer.phone)
        key("tier"); string(customer.tier.rawValue)
        endObject()
    }

    mutating func plan(_ plan: FollowUpPlan) {
        beginObject()
        key("active"); bool(plan.status == .active)
        key("cadenceDays"); integer(plan.cadenceDays)
        key("channel"); string(plan.channel.rawValue)
        key("createdAt"); date(plan.createdAt)
        key("customerId"); string(plan.customerID)
        key("endedAt"); date(plan.endedAt)
        key("goal"); string(plan.goal)
        key("id"); string(plan.id)
        key("nextDueAt"); date(plan.nextDueAt)
        key("nextFollowUpId"); string(plan.nextFollowUpID)
        key("ownerId"); string(plan.ownerID)
        key("startsAt"); date(plan.startsAt)
        key("status"); string(plan.status.rawValue)
        key("updatedAt"); date(plan.updatedAt)
        key("version"); integer(plan.version)
        endObject()
    }
}

extension Response {
    /// A JSON response written by `write`.
    static func json(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), capacity: Int = 1_024,
                     _ write: (inout JSONWriter) -> Void) -> Response {
        var writer = JSONWriter(capacity: capacity)
        write(&writer)
        return Response(status: status, contentType: "application/json", bytes: writer.bytes, headers: headers)
    }

    /// `{"data": [...], "nextCursor": ...}` of items written by `item`.
    static func list<Item>(_ page: Page<Item>, _ item: (inout JSONWriter, Item) -> Void) -> Response {
        json(capacity: 512 * max(page.items.count, 1)) { writer in
            writer.beginObject()
            writer.key("data"); writer.beginArray()
            for element in page.items { item(&writer, element) }
            writer.endArray()
            writer.key("nextCursor"); writer.string(page.nextCursor)
            writer.endObject()
        }
    }
}
