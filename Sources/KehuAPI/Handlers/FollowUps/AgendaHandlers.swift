import Foundation
import HTTPServer
import KehuCore

/// `GET /v1/agenda`: one owner's day.
struct AgendaHandlers {
    let agenda: AgendaService

    func register(on routes: inout V1Routes) {
        routes.add(.get, "/v1/agenda", .readCustomers) { request, context in try day(request, context) }
    }

    func day(_ request: Request, _ context: RequestContext) throws -> Response {
        var errors = request.unknownQueryParameters(known: ["ownerId", "date", "tz"])
        var date: LocalDate?
        if let text = request.queryValue("date") {
            date = LocalDate(text)
            if date == nil { errors.append(FieldError(field: "date", message: "Must be a date such as 2026-11-23.")) }
        }
        var zone: TimeZone?
        if let text = request.queryValue("tz") {
            zone = TimeZone(identifier: text)
            if zone == nil { errors.append(FieldError(field: "tz", message: "Must be an IANA time zone such as Asia/Shanghai.")) }
        }
        let owner = request.queryValue("ownerId").flatMap { $0.isEmpty ? nil : $0 }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let day = try agenda.agenda(ownerID: owner, date: date, timeZone: zone, context: context)
        return .json(capacity: 32_768) { writer in Self.write(day, now: context.now, to: &writer) }
    }

    static func write(_ day: Agenda, now: Date, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("care"); writer.beginArray()
        for item in day.care {
            writer.beginObject()
            writer.key("customer")
            if let customer = item.customer { writer.customer(customer) } else { writer.string(nil) }
            writer.key("date"); writer.string(item.date.description)
            writer.key("daysUntil"); writer.integer(item.daysUntil)
            writer.key("name"); writer.string(item.name)
            writer.key("occasion"); writer.string(item.occasion.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.key("counts"); writer.beginObject()
        writer.key("care"); writer.integer(day.careCount)
        writer.key("done"); writer.integer(day.doneCount)
        writer.key("due"); writer.integer(day.dueCount)
        writer.key("feedback"); writer.integer(day.feedbackCount)
        writer.key("overdue"); writer.integer(day.overdueCount)
        writer.endObject()
        writer.key("date"); writer.string(day.date.description)
        writer.key("due"); writer.beginArray()
        for task in day.due { writer.agendaTask(task, now: now) }
        writer.endArray()
        writer.key("feedback"); writer.beginArray()
        for item in day.feedback {
            writer.beginObject()
            writer.key("customer"); writer.customer(item.customer)
            writer.key("dueAt"); writer.date(item.dueAt)
            writer.key("id"); writer.string(item.id)
            writer.key("kind"); writer.string(item.kind.rawValue)
            writer.key("overdue"); writer.bool(item.isOverdue(at: now))
            writer.key("responseDueAt"); writer.date(item.responseDueAt)
            writer.key("status"); writer.string(item.status.rawValue)
            writer.key("subject"); writer.string(item.subject)
            writer.key("urgency"); writer.string(item.urgency.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.key("from"); writer.date(day.from)
        writer.key("overdue"); writer.beginArray()
        for task in day.overdue { writer.agendaTask(task, now: now) }
        writer.endArray()
        writer.key("ownerId"); writer.string(day.ownerID)
        writer.key("timeZone"); writer.string(day.timeZone.identifier)
        writer.key("to"); writer.date(day.to)
        writer.endObject()
    }
}
