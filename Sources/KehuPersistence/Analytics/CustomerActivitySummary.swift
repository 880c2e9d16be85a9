import SQLiteStore

/// The per-customer figures the customer-value analytics read instead of every purchase and
/// interaction: lifetime profit in the base currency (`total_profit`), the number of
/// purchases and interactions (`event_count`), the median gap between them in
/// milliseconds (`median_gap_ms`, NULL below two events), and the count, first and last
/// time of the purchases in the base currency (`base_purchase_count`,
/// `base_first_purchase_at`, `base_last_purchase_at`; their sum is `total_spent`), from
/// which RFM takes the figures of every customer whose purchases do not straddle a
/// period's start (`RFMStatement`).
///
/// None of them depends on the time of asking, so a stored value never goes stale; what
/// does (silence, overdue tasks, a period's purchases) is computed at query time. Kept by
/// `CustomerStatsRefresh.refresh`, which every write of purchases or interactions runs in
/// its transaction (API writes, follow-up completion, merge and undo, imports, the bulk
/// loader, reclassification after a new base currency); migrations 13 and 15 filled them once.
enum CustomerActivitySummary {
    /// Recomputes the figures of the customer `customerID` at `seq` from its records, writing
    /// the row only when something changed.
    static func refresh(customerID: String, seq: Int64, currency: String, in db: Database) throws {
        guard let figures = try db.queryOne(figuresSQL, [customerID, currency]) else { return }
        try db.execute(updateSQL, [figures["profit"], figures["events"], figures["median"], figures["purchases"], figures["first_at"],
                                   figures["last_at"], seq])
    }

    // Position 0 is the first event, whose gap is NULL (NULLs sort first), so the median of
    // the n - 1 gaps sits at positions n / 2 and (n + 1) / 2: one position when n - 1 is odd.
    static let figuresSQL = """
        WITH events AS (
            SELECT purchased_at AS at FROM purchases WHERE customer_id = ?1
            UNION ALL SELECT occurred_at FROM interactions WHERE customer_id = ?1),
        gaps AS (SELECT at - lag(at) OVER (ORDER BY at) AS gap FROM events),
        ranked AS (SELECT gap, row_number() OVER (ORDER BY gap) - 1 AS position, count(*) OVER () AS events FROM gaps)
        SELECT (SELECT coalesce(sum(amount - cost), 0) FROM purchases WHERE customer_id = ?1 AND currency = ?2 AND cost IS NOT NULL) AS profit,
               coalesce(max(events), 0) AS events,
               CAST(round(avg(gap) FILTER (WHERE position IN (events / 2, (events + 1) / 2))) AS INTEGER) AS median,
               (SELECT count(*) FROM purchases WHERE customer_id = ?1 AND currency = ?2) AS purchases,
               (SELECT min(purchased_at) FROM purchases WHERE customer_id = ?1 AND currency = ?2) AS first_at,
               (SELECT max(purchased_at) FROM purchases WHERE customer_id = ?1 AND currency = ?2) AS last_at
        FROM ranked
        """

    // A plain UPDATE by rowid. One UPDATE ... FROM the figures made each of the bulk
    // loader's batches slower the more the transaction had written (seeding 60,000
    // customers: 8 s, 51 s, then 275 s a batch of 20,000, nearly all of it inside SQLite's
    // page cache); read, then write, the three batches take 8 s each.
    static let updateSQL = """
        UPDATE customers SET total_profit = ?1, event_count = ?2, median_gap_ms = ?3,
            base_purchase_count = ?4, base_first_purchase_at = ?5, base_last_purchase_at = ?6
        WHERE seq = ?7
          AND (total_profit, event_count, median_gap_ms, base_purchase_count, base_first_purchase_at, base_last_purchase_at)
              IS NOT (?1, ?2, ?3, ?4, ?5, ?6)
        """
}
