import HTTPServer
import KehuCore

/// `/v1/audit` (who changed what) and `/v1/events` (the change feed).
struct JournalHandlers {
    let journal: any JournalRepository

    func register(on routes: inout V1Routes) {
        routes.add(.get, "/v1/audit", .readAudit) { request, _ in
            let page = try request.pageRequest()
            let filter = AuditFilter(entityType: request.queryValue("entityType"), entityID: request.queryValue("entityId"), actorID: request.queryValue("actorId"))
            let rows = try journal.audit(filter: filter, after: page.cursor, limit: page.limit + 1)
            let result = Paging.page(rows, limit: page.limit) { $0.id }
            return try .json(ListBody(data: result.items.map(AuditEntryBody.init), nextCursor: result.nextCursor))
        }
        routes.add(.get, "/v1/events", .readEvents) { request, _ in
            let page = try request.pageRequest()
            var after: Int64 = 0
            if let text = request.queryValue("after"), !text.isEmpty {
                guard let value = Int64(text), value >= 0 else {
                    throw KehuError.validation([FieldError(field: "after", message: "Must be a cursor from this feed.")])
                }
                after = value
            }
            let events = try journal.events(after: after, limit: page.limit)
            // A feed always answers where to continue, also when nothing new has come yet.
            let next = events.last.map { String($0.sequence) } ?? String(after)
            return try .json(ListBody(data: events.map(EventBody.init), nextCursor: next))
        }
    }
}
