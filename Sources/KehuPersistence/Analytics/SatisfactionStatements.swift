import Foundation
import KehuCore

/// The statements of a satisfaction series. Each binds the buckets as `?1` and, for a
/// book, the owner as `?2`; each counts per bucket (`i`) from one partial index by the
/// time its event happened (migration 12), so a year reads only that year's entries.
struct SatisfactionStatements {
    let scope: OwnerScope

    /// ` AND <column> in the book` for a scoped series, else nothing.
    private func book(_ column: String) -> String {
        scope.ownerID == nil ? "" : " AND " + BookFilter.filter(column, owner: "?2")
    }

    /// Scores given (by `satisfaction_at`): how many, how many 4 or 5, their sum.
    var csat: String {
        """
        WITH \(BucketTable.cte("?1"))
        SELECT b.i, count(*) AS n, sum(f.satisfaction >= 4) AS satisfied, sum(f.satisfaction) AS total
        FROM b CROSS JOIN feedback f ON f.satisfaction_at >= b.s AND f.satisfaction_at < b.e
        WHERE f.satisfaction_at IS NOT NULL\(book("f.customer_id"))
        GROUP BY b.i
        """
    }

    /// Complaints taken in (by `created_at`) per category.
    var complaints: String {
        """
        WITH \(BucketTable.cte("?1"))
        SELECT b.i, f.category, count(*) AS n
        FROM b CROSS JOIN feedback f ON f.created_at >= b.s AND f.created_at < b.e
        WHERE f.kind = 'complaint'\(book("f.customer_id"))
        GROUP BY b.i, f.category
        """
    }

    /// First responses (by `first_response_at`) and how many were late.
    var acknowledgements: String {
        """
        WITH \(BucketTable.cte("?1"))
        SELECT b.i, count(*) AS n, sum(f.response_breached) AS breached
        FROM b CROSS JOIN feedback f ON f.first_response_at >= b.s AND f.first_response_at < b.e
        WHERE f.first_response_at IS NOT NULL\(book("f.customer_id"))
        GROUP BY b.i
        """
    }

    /// Items settled now (resolved or closed) in their bucket by `resolved_at`: the FROM
    /// and WHERE of every resolution statement. The `+` keeps the planner off the status
    /// index: with ANALYZE's figures for a file where most feedback is settled, it read every
    /// settled item through `feedback_status_created` and its table rows (1.8 s at 150,000
    /// items) instead of the bucket's range of `feedback_resolved_time` (25 ms).
    private static let settled = """
        FROM b CROSS JOIN feedback f ON f.resolved_at >= b.s AND f.resolved_at < b.e
        WHERE +f.status IN ('resolved', 'closed')
        """

    /// Resolutions of items that are settled now (resolved or closed, by `resolved_at`):
    /// how many and how many late, per bucket.
    var resolutionCounts: String {
        """
        WITH \(BucketTable.cte("?1"))
        SELECT b.i, count(*) AS n, sum(f.resolution_breached) AS breached
        \(Self.settled)\(book("f.customer_id"))
        GROUP BY b.i
        """
    }

    /// Everyone's median time from intake to resolution in each bucket that has `count`
    /// resolutions (from `resolutionCounts`, in the same read transaction): the middle row
    /// of the bucket's times in order, or the mean of the middle two, read with LIMIT and
    /// OFFSET from the bucket's range of `feedback_resolved_time`. Nil when no bucket has
    /// any. For a year of 96,000 resolutions this takes 35 ms where `resolutionsRanked`
    /// took 108; in one owner's book each bucket would test the book again (85 ms against
    /// about 25 for the window over a rep's 16,000), so books keep `resolutionsRanked`.
    func resolutionMedians(_ counts: [(bucket: Int, count: Int)]) -> String? {
        precondition(scope.ownerID == nil, "books use resolutionsRanked")
        let medians = counts.filter { $0.count > 0 }.map { bucket, count in
            """
            SELECT \(bucket) AS i, avg(ms) AS median_ms FROM (
                SELECT f.resolved_at - f.created_at AS ms
                \(Self.settled) AND b.i = \(bucket)
                ORDER BY ms LIMIT \(2 - count % 2) OFFSET \((count - 1) / 2))
            """
        }
        return medians.isEmpty ? nil : "WITH \(BucketTable.cte("?1"))\n" + medians.joined(separator: "\nUNION ALL\n")
    }

    /// Resolutions per bucket as `resolutionCounts` with the median in the same statement:
    /// the middle row of each bucket's times in order, or the mean of the middle two: rows
    /// (n + 1) / 2 and (n + 2) / 2 in integer division are the same row for odd n.
    var resolutionsRanked: String {
        """
        WITH \(BucketTable.cte("?1")),
        r AS (
            SELECT b.i, f.resolved_at - f.created_at AS ms, f.resolution_breached AS breached
            \(Self.settled)\(book("f.customer_id"))
        ),
        ranked AS (
            SELECT i, ms, row_number() OVER (PARTITION BY i ORDER BY ms) AS position,
                   count(*) OVER (PARTITION BY i) AS n, sum(breached) OVER (PARTITION BY i) AS breached
            FROM r
        )
        SELECT i, n, breached, avg(ms) AS median_ms FROM ranked
        WHERE position IN ((n + 1) / 2, (n + 2) / 2)
        GROUP BY i
        """
    }
}

/// The statements counting scored survey answers per bucket (by `responded_at`), from the
/// index `survey_answers_time`; a book's through its responses' customers.
struct SurveyAnswerStatements {
    let scope: OwnerScope

    private var book: String {
        guard scope.ownerID != nil else { return "" }
        return " AND +a.response_seq IN (SELECT r.seq FROM survey_responses r WHERE " + BookFilter.seek("r.customer_id", owner: "?2") + ")"
    }

    /// Answers per bucket, survey, question and score.
    var scores: String {
        """
        WITH \(BucketTable.cte("?1"))
        SELECT b.i, a.survey_id, a.question_id, a.score, count(*) AS n
        FROM b CROSS JOIN survey_answers a ON a.responded_at >= b.s AND a.responded_at < b.e
        WHERE 1\(book)
        GROUP BY b.i, a.survey_id, a.question_id, a.score
        """
    }

    /// Responses with at least one scored answer, per bucket and survey.
    var responses: String {
        """
        WITH \(BucketTable.cte("?1"))
        SELECT b.i, a.survey_id, count(DISTINCT a.response_seq) AS n
        FROM b CROSS JOIN survey_answers a ON a.responded_at >= b.s AND a.responded_at < b.e
        WHERE 1\(book)
        GROUP BY b.i, a.survey_id
        """
    }
}
