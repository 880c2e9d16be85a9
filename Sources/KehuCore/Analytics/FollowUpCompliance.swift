import Foundation

/// What became of the follow-ups that fell due: how many were done on time, done late,
/// are still pending past due, or were dropped.
///
/// A task counts once it is due (`dueAt` before now). It is done **on time** when it was
/// completed before the end of the local day it was due on; done **late** after that;
/// **overdue** while still pending (the follow-up lists' `overdue`); `skipped` and
/// `cancelled` as its status says. Rescheduling moves `dueAt`, and with it the deadline.
public struct ComplianceCounts: Sendable, Equatable {
    public var due = 0
    public var doneOnTime = 0
    public var doneLate = 0
    public var overdue = 0
    public var skipped = 0
    public var cancelled = 0

    public init(due: Int = 0, doneOnTime: Int = 0, doneLate: Int = 0, overdue: Int = 0, skipped: Int = 0, cancelled: Int = 0) {
        self.due = due
        self.doneOnTime = doneOnTime
        self.doneLate = doneLate
        self.overdue = overdue
        self.skipped = skipped
        self.cancelled = cancelled
    }

    /// On-time completions over the tasks that had to be done (done on time, done late,
    /// overdue), in percent. Skipped and cancelled tasks are decisions, not delays, and
    /// take no part; nil when nothing had to be done.
    public var onTimePercent: Double? { Ratio.percent(doneOnTime, of: doneOnTime + doneLate + overdue) }

    public static func + (lhs: ComplianceCounts, rhs: ComplianceCounts) -> ComplianceCounts {
        ComplianceCounts(due: lhs.due + rhs.due, doneOnTime: lhs.doneOnTime + rhs.doneOnTime, doneLate: lhs.doneLate + rhs.doneLate,
                         overdue: lhs.overdue + rhs.overdue, skipped: lhs.skipped + rhs.skipped, cancelled: lhs.cancelled + rhs.cancelled)
    }
}

/// One owner's follow-ups.
public struct OwnerCompliance: Sendable, Equatable {
    public var ownerID: String
    /// Nil if the user no longer exists.
    public var name: String?
    public var counts: ComplianceCounts

    public init(ownerID: String, name: String?, counts: ComplianceCounts) {
        self.ownerID = ownerID
        self.name = name
        self.counts = counts
    }
}

/// `GET /v1/analytics/follow-up-compliance`: per owner, over the tasks due in a period.
public struct FollowUpCompliance: Sendable, Equatable {
    public var period: AnalyticsPeriod
    /// The end of what was counted: `period.to`, or now if that is earlier (tasks not yet
    /// due are not counted).
    public var until: Date
    /// The zone whose days decide "on time".
    public var timeZone: TimeZone
    /// Whose tasks (nil: everyone's).
    public var ownerID: String?
    /// By name; an owner named by `ownerID` is listed even without tasks.
    public var owners: [OwnerCompliance]

    public init(period: AnalyticsPeriod, until: Date, timeZone: TimeZone, ownerID: String?, owners: [OwnerCompliance]) {
        self.period = period
        self.until = until
        self.timeZone = timeZone
        self.ownerID = ownerID
        self.owners = owners
    }

    public var totals: ComplianceCounts { owners.reduce(ComplianceCounts()) { $0 + $1.counts } }
}
