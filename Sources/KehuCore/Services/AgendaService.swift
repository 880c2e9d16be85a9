import Foundation

/// The daily agenda (今日待办) and the VIP care tasks made ahead of birthdays and holidays.
public struct AgendaService: Sendable {
    let followUps: any FollowUpRepository
    let settings: SettingsService
    let environment: Environment
    /// The zone of an agenda that names none (`--time-zone`).
    public let defaultTimeZone: TimeZone
    private let birthdayKeys = Memo<LocalDate, [String]>(capacity: 4_096) { BirthdayKey.keys(on: $0) }
    private let holidays = Memo<HolidayWindow, [CareDate]>(capacity: 256) { window in
        try CareCalendar.upcoming(from: window.first, days: window.days, holidays: window.rules)
    }

    public init(followUps: any FollowUpRepository, settings: SettingsService, environment: Environment, defaultTimeZone: TimeZone) {
        self.followUps = followUps
        self.settings = settings
        self.environment = environment
        self.defaultTimeZone = defaultTimeZone
    }

    /// `ownerID`'s agenda for `date` in `timeZone` (defaults: the caller, today, the default zone).
    public func agenda(ownerID: String?, date: LocalDate?, timeZone: TimeZone?, context: RequestContext) throws -> Agenda {
        let owner = ownerID ?? context.principal.userID
        if case .owner(let own) = AccessPolicy.customerScope(for: context.principal), own != owner {
            throw KehuError.forbidden("A rep sees their own agenda only.")
        }
        let zone = timeZone ?? defaultTimeZone
        guard let day = date ?? LocalDate(context.now, in: zone), let next = day.adding(days: 1) else {
            throw KehuError.validation([FieldError(field: "date", message: "Must be a date from year 1 to 9998.")])
        }
        let care = try settings.care()
        let window = keys(from: day, days: care.reminderDays)
        let rows = try followUps.agenda(ownerID: owner, dayStart: day.startOfDay(in: zone), dayEnd: next.startOfDay(in: zone),
                                        birthdayKeys: Self.distinctKeys(window),
                                        overdueLimit: Agenda.overdueLimit, dueLimit: Agenda.dueLimit, feedbackLimit: Agenda.feedbackLimit)
        var items: [CareItem] = []
        for (customer, key) in rows.birthdays {
            guard let date = window.first(where: { $0.keys.contains(key) })?.date else { continue }
            items.append(CareItem(occasion: .birthday, name: nil, date: date, daysUntil: day.days(until: date), customer: customer))
        }
        for occurrence in try holidays(HolidayWindow(first: day, days: care.reminderDays, rules: care.holidays)) {
            guard case .holiday(let rule) = occurrence.occasion else { continue }
            items.append(CareItem(occasion: .holiday, name: rule.name, date: occurrence.date, daysUntil: occurrence.daysUntil, customer: nil))
        }
        // By date; on one day holidays first, then birthdays by name.
        func order(_ item: CareItem) -> (LocalDate, Int, String) { (item.date, item.occasion == .holiday ? 0 : 1, item.customer?.name ?? item.name ?? "") }
        items.sort { order($0) < order($1) }
        return Agenda(ownerID: owner, date: day, timeZone: zone, from: day.startOfDay(in: zone), to: next.startOfDay(in: zone),
                      overdue: rows.overdue, overdueCount: rows.overdueCount, due: rows.due,
                      dueCount: rows.dueCount, doneCount: rows.doneCount, care: Array(items.prefix(Agenda.careLimit)), careCount: items.count,
                      feedback: rows.feedback, feedbackCount: rows.feedbackCount)
    }

    /// Makes the `care` tasks due within `vipCareDaysAhead` days of `today` for every VIP
    /// with an owner: one per birthday and one per holiday, each at most once. Returns how
    /// many were new; 0 when the setting is off.
    public func makeCareTasks(today: LocalDate? = nil, context: RequestContext) throws -> Int {
        let care = try settings.care()
        guard let ahead = care.vipCareDaysAhead, let first = today ?? LocalDate(context.now, in: defaultTimeZone) else { return 0 }
        let window = keys(from: first, days: ahead)
        var tasks: [FollowUp] = []
        for (customer, key) in try followUps.vipCustomers(birthdayKeys: Self.distinctKeys(window)) {
            guard let key, let date = window.first(where: { $0.keys.contains(key) })?.date, let owner = customer.ownerID else { continue }
            tasks.append(careTask(customer: customer, owner: owner, date: date, key: "birthday:\(date)", purpose: "生日关怀 · Birthday care", now: context.now))
        }
        let occasions = try CareCalendar.upcoming(from: first, days: ahead, holidays: care.holidays)
        if !occasions.isEmpty {
            let vips = try followUps.vipCustomers(birthdayKeys: nil)
            for occurrence in occasions {
                guard case .holiday(let rule) = occurrence.occasion else { continue }
                for (customer, _) in vips {
                    guard let owner = customer.ownerID else { continue }
                    tasks.append(careTask(customer: customer, owner: owner, date: occurrence.date, key: "holiday:\(rule.name):\(occurrence.date)",
                                          purpose: "\(rule.name)关怀 · Holiday care", now: context.now))
                }
            }
        }
        return tasks.isEmpty ? 0 : try followUps.insertCareTasks(tasks, context: context)
    }

    private func careTask(customer: CustomerBrief, owner: String, date: LocalDate, key: String, purpose: String, now: Date) -> FollowUp {
        // Due at nine in the morning of the day itself, local time.
        FollowUp(id: environment.makeID("fup"), customerID: customer.id, planID: nil, ownerID: owner,
                 dueAt: date.startOfDay(in: defaultTimeZone).addingTimeInterval(9 * 3_600), kind: .care, purpose: purpose, careKey: key, createdAt: now)
    }

    private static func distinctKeys(_ window: [(date: LocalDate, keys: [String])]) -> [String] {
        Array(Set(window.flatMap(\.keys))).sorted()
    }

    private func keys(from first: LocalDate, days: Int) -> [(date: LocalDate, keys: [String])] {
        (0...max(0, days)).compactMap { offset in first.adding(days: offset).map { ($0, (try? birthdayKeys($0)) ?? []) } }
    }
}

/// The holidays asked about by one agenda: a window and the rules in force.
struct HolidayWindow: Hashable, Sendable {
    var first: LocalDate
    var days: Int
    var rules: [HolidayRule]
}
