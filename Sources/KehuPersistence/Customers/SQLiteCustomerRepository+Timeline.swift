import Foundation
import KehuCore
import SQLiteStore

extension SQLiteCustomerRepository {
    /// One stream over every kind of record, newest first; later issues add their tables
    /// as further `UNION ALL` arms with the same five columns.
    static let timelineArms = [
        """
        SELECT 'purchase' AS kind, id, purchased_at AS at, product AS title,
               json_object('amount', amount, 'currency', currency, 'cost', cost, 'product', product, 'category', category,
                           'quantity', quantity, 'channel', channel) AS detail
        FROM purchases WHERE customer_id = ?1
        """,
        """
        SELECT 'interaction', id, occurred_at, summary,
               json_object('channel', channel, 'direction', direction, 'summary', summary, 'outcome', outcome, 'userId', user_id)
        FROM interactions WHERE customer_id = ?1
        """,
        """
        SELECT 'contact', id, created_at, name, json_object('name', name, 'title', title, 'isPrimary', json(CASE is_primary WHEN 1 THEN 'true' ELSE 'false' END))
        FROM contacts WHERE customer_id = ?1
        """,
        // A follow-up sits at its completion (or skip, or cancellation) once closed, else at its due time.
        """
        SELECT 'follow_up', id, coalesce(closed_at, due_at), coalesce(purpose, kind),
               json_object('kind', kind, 'status', status, 'dueAt', strftime('%Y-%m-%dT%H:%M:%SZ', due_at / 1000, 'unixepoch'),
                           'ownerId', owner_id, 'planId', plan_id, 'outcome', outcome, 'summary', result_summary,
                           'interactionId', interaction_id, 'reason', reason)
        FROM follow_ups WHERE customer_id = ?1
        """,
        // Feedback sits at its intake; its status and verdict are as they are now.
        """
        SELECT 'feedback', id, created_at, subject,
               json_object('kind', kind, 'channel', channel, 'status', status, 'urgency', urgency, 'category', category,
                           'assigneeId', assignee_id, 'dueAt', strftime('%Y-%m-%dT%H:%M:%SZ', due_at / 1000, 'unixepoch'),
                           'resolution', resolution, 'satisfaction', satisfaction)
        FROM feedback WHERE customer_id = ?1
        """,
        // A deal sits at its creation; its stage and amount are as they are now.
        """
        SELECT 'deal', id, created_at, title,
               json_object('stage', stage, 'amount', amount, 'currency', currency, 'ownerId', owner_id,
                           'expectedCloseAt', strftime('%Y-%m-%dT%H:%M:%SZ', expected_close_at / 1000, 'unixepoch'),
                           'closedAt', strftime('%Y-%m-%dT%H:%M:%SZ', closed_at / 1000, 'unixepoch'),
                           'lostReason', lost_reason, 'purchaseId', purchase_id)
        FROM deals WHERE customer_id = ?1
        """,
    ]

    public func timeline(customerID: String, scope: OwnerScope, page: PageRequest) throws -> Page<TimelineItem> {
        // The position is (time, kind, id) of the last item: kind and id ride in the text.
        let cursor = try page.cursor.map(ListCursor.init(decoding:))
        var after: (at: Int64, key: String)?
        if let cursor {
            guard cursor.sortKey == "timeline", case .text(let key) = cursor.value else {
                throw KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")])
            }
            after = (cursor.seq, key)
        }
        return try database.read { db in
            _ = try Self.requireVisible(id: customerID, scope: scope, in: db)
            let rows = try db.query("""
                SELECT * FROM (\(Self.timelineArms.joined(separator: " UNION ALL ")))
                WHERE ?2 IS NULL OR (at, kind || '/' || id) < (?2, ?3)
                ORDER BY at DESC, kind || '/' || id DESC LIMIT ?4
                """, [customerID, after?.at, after?.key, page.limit + 1])
            let kept = rows.prefix(page.limit)
            let next = rows.count > page.limit ? kept.last.map {
                ListCursor(sortKey: "timeline", value: .text($0.string("kind") + "/" + $0.string("id")), seq: $0.int64("at")).encoded
            } : nil
            return Page(items: kept.map { row in
                TimelineItem(kind: row.string("kind"), id: row.string("id"), occurredAt: StoredTime.date(row.int64("at")),
                             title: row.string("title"), detailJSON: row.string("detail"))
            }, nextCursor: next)
        }
    }
}
