import Foundation

/// Hours to first response and to resolution for one urgency.
public struct SLATarget: Sendable, Equatable, Codable {
    public var firstResponseHours: Int
    public var resolutionHours: Int

    public init(firstResponseHours: Int, resolutionHours: Int) {
        self.firstResponseHours = firstResponseHours
        self.resolutionHours = resolutionHours
    }
}

/// The two deadlines of an item.
public struct SLADeadlines: Sendable, Equatable {
    public var responseDueAt: Date
    public var dueAt: Date

    public init(responseDueAt: Date, dueAt: Date) {
        self.responseDueAt = responseDueAt
        self.dueAt = dueAt
    }
}

/// Service levels per urgency (`GET/PUT /v1/settings/sla`).
public struct SLASettings: Sendable, Equatable, Codable {
    public var low: SLATarget
    public var normal: SLATarget
    public var high: SLATarget
    public var critical: SLATarget

    /// Critical: answer within the hour, settle the same working day; low: a day to answer,
    /// a week to settle.
    public init(low: SLATarget = SLATarget(firstResponseHours: 24, resolutionHours: 168),
                normal: SLATarget = SLATarget(firstResponseHours: 8, resolutionHours: 72),
                high: SLATarget = SLATarget(firstResponseHours: 4, resolutionHours: 24),
                critical: SLATarget = SLATarget(firstResponseHours: 1, resolutionHours: 8)) {
        self.low = low
        self.normal = normal
        self.high = high
        self.critical = critical
    }

    public static let `default` = SLASettings()
    /// Up to a year.
    public static let hours = 1...8_784

    public func target(for urgency: Urgency) -> SLATarget {
        switch urgency {
        case .low: low
        case .normal: normal
        case .high: high
        case .critical: critical
        }
    }

    /// The deadlines of an item of `urgency` whose SLA clock started at `start`.
    public func deadlines(urgency: Urgency, from start: Date) -> SLADeadlines {
        let target = target(for: urgency)
        return SLADeadlines(responseDueAt: start.addingTimeInterval(TimeInterval(target.firstResponseHours) * 3_600),
                            dueAt: start.addingTimeInterval(TimeInterval(target.resolutionHours) * 3_600))
    }

    /// Checks the values a client sent: hours in range, and a first response no later than
    /// the resolution.
    public func validated() throws -> SLASettings {
        var validator = Validator()
        for urgency in Urgency.allCases {
            let target = target(for: urgency)
            for (name, value) in [("firstResponseHours", target.firstResponseHours), ("resolutionHours", target.resolutionHours)]
            where !Self.hours.contains(value) {
                validator.fail("\(urgency.rawValue).\(name)", "Must be between \(Self.hours.lowerBound) and \(Self.hours.upperBound) hours.")
            }
            if target.firstResponseHours > target.resolutionHours {
                validator.fail("\(urgency.rawValue).firstResponseHours", "Must not be more than resolutionHours.")
            }
        }
        try validator.check()
        return self
    }
}
