import Foundation

/// One owner's day (`GET /v1/agenda`): what is overdue, what is due, whom to send care to.
public struct Agenda: Sendable {
    public var ownerID: String
    public var date: LocalDate
    public var timeZone: TimeZone
    /// The day's first instant and the next day's first instant, in `timeZone`.
    public var from: Date
    public var to: Date
    public var overdue: [AgendaTask]
    public var overdueCount: Int
    public var due: [AgendaTask]
    public var dueCount: Int
    public var doneCount: Int
    public var care: [CareItem]
    /// Care items in the window, past `careLimit` too.
    public var careCount: Int
    /// Feedback new to the owner (新分配的反馈): assigned, and open or reopened, by deadline.
    public var feedback: [AgendaFeedback]
    public var feedbackCount: Int

    // A morning page, not an export: the oldest overdue, the day's tasks, the nearest
    // occasions, with the totals in `counts`; the lists have the rest.
    public static let overdueLimit = 50
    public static let dueLimit = 100
    public static let careLimit = 50
    public static let feedbackLimit = 50
}

/// A birthday of one of the owner's customers, or a holiday.
public struct CareItem: Sendable, Equatable {
    public enum Occasion: String, Sendable { case birthday, holiday }

    public var occasion: Occasion
    /// The holiday's name; nil for a birthday.
    public var name: String?
    public var date: LocalDate
    public var daysUntil: Int
    /// Whose birthday; nil for a holiday.
    public var customer: CustomerBrief?

    public init(occasion: Occasion, name: String?, date: LocalDate, daysUntil: Int, customer: CustomerBrief?) {
        self.occasion = occasion
        self.name = name
        self.date = date
        self.daysUntil = daysUntil
        self.customer = customer
    }
}
