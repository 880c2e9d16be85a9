import KehuCore

/// The statement of follow-up compliance: `?1` the local days, `?2`/`?3` the span counted,
/// `?4` the owner of a book. Each task meets the day it is due on, whose end is its
/// deadline. Tasks come from the covering `follow_ups_due` (everyone's) or from
/// `follow_ups_owner_due` (one owner's); owners are named after grouping, once each.
enum ComplianceStatement {
    static func sql(scope: OwnerScope) -> String {
        """
        WITH \(BucketTable.cte("?1", as: "d")),
        g AS (
            SELECT t.owner_id, count(*) AS due,
                   sum(t.status = 'done' AND t.closed_at < d.e) AS on_time,
                   sum(t.status = 'done' AND t.closed_at >= d.e) AS late,
                   sum(t.status = 'pending') AS overdue,
                   sum(t.status = 'skipped') AS skipped,
                   sum(t.status = 'cancelled') AS cancelled
            FROM d CROSS JOIN follow_ups t ON t.due_at >= d.s AND t.due_at < d.e
            WHERE t.due_at >= ?2 AND t.due_at < ?3\(scope.ownerID == nil ? "" : " AND t.owner_id = ?4")
            GROUP BY t.owner_id
        )
        SELECT g.*, u.name FROM g LEFT JOIN users u ON u.id = g.owner_id
        """
    }
}
