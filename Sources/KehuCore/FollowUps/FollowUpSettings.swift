import Foundation

/// Default days between follow-ups per tier (`GET/PUT /v1/settings/cadence`).
public struct CadenceSettings: Sendable, Equatable, Codable {
    public var vip: Int
    public var normal: Int
    public var potential: Int

    /// VIPs weekly, prospects on a two-week conversion rhythm, everyone else monthly.
    public init(vip: Int = 7, normal: Int = 30, potential: Int = 14) {
        self.vip = vip
        self.normal = normal
        self.potential = potential
    }

    public static let `default` = CadenceSettings()
    public static let days = 1...365

    /// Days between follow-ups for a customer of `tier`.
    public func days(for tier: Tier) -> Int {
        switch tier {
        case .vip: vip
        case .normal: normal
        case .potential: potential
        }
    }

    /// Checks the values a client sent.
    public func validated() throws -> CadenceSettings {
        var validator = Validator()
        for (field, value) in [("vip", vip), ("normal", normal), ("potential", potential)] where !Self.days.contains(value) {
            validator.fail(field, "Must be between \(Self.days.lowerBound) and \(Self.days.upperBound) days.")
        }
        try validator.check()
        return self
    }
}

/// Care reminders (`GET/PUT /v1/settings/holidays`): the holidays, how far ahead the agenda
/// looks, and whether VIP care tasks are made automatically.
public struct CareSettings: Sendable, Equatable, Codable {
    public var holidays: [HolidayRule]
    /// Days ahead the agenda shows birthdays and holidays.
    public var reminderDays: Int
    /// When set, a `care` task is made for each VIP this many days before each occasion.
    public var vipCareDaysAhead: Int?

    public init(holidays: [HolidayRule] = HolidayRule.chineseDefaults, reminderDays: Int = 7, vipCareDaysAhead: Int? = nil) {
        self.holidays = holidays
        self.reminderDays = reminderDays
        self.vipCareDaysAhead = vipCareDaysAhead
    }

    public static let `default` = CareSettings()
    public static let reminderWindow = 0...60
    public static let careDaysAhead = 0...30
    public static let maximumHolidays = 50

    /// Checks the values a client sent (each rule checked itself when decoded).
    public func validated() throws -> CareSettings {
        var validator = Validator()
        if holidays.count > Self.maximumHolidays { validator.fail("holidays", "At most \(Self.maximumHolidays) holidays.") }
        var names = Set<String>()
        for (index, rule) in holidays.enumerated() where !names.insert(rule.name).inserted {
            validator.fail("holidays[\(index)].name", "Another holiday already has this name.")
        }
        if !Self.reminderWindow.contains(reminderDays) {
            validator.fail("reminderDays", "Must be between \(Self.reminderWindow.lowerBound) and \(Self.reminderWindow.upperBound).")
        }
        if let days = vipCareDaysAhead, !Self.careDaysAhead.contains(days) {
            validator.fail("vipCareDaysAhead", "Must be null or between \(Self.careDaysAhead.lowerBound) and \(Self.careDaysAhead.upperBound).")
        }
        try validator.check()
        return self
    }

    // Written by hand so that `vipCareDaysAhead: null` is stored and shown, not dropped.
    enum CodingKeys: String, CodingKey { case holidays, reminderDays, vipCareDaysAhead }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(holidays, forKey: .holidays)
        try container.encode(reminderDays, forKey: .reminderDays)
        try container.encode(vipCareDaysAhead, forKey: .vipCareDaysAhead)
    }
}
