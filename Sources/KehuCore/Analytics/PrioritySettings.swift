/// How much each part of the priority score counts (`GET/PUT /v1/settings/priority`).
/// Every part is first put on a 0-100 scale, so the score, their weighted mean, is 0-100 too.
public struct PriorityWeights: Sendable, Equatable, Codable {
    /// Lifetime spend, against the 90th-percentile spend of the customers in scope.
    public var monetary: Int
    /// Lifetime profit (amount less cost, where the cost is known), likewise.
    public var profit: Int
    /// Open feedback by urgency and overdue follow-ups.
    public var urgency: Int
    /// Interactions in the recent window.
    public var interactions: Int

    public init(monetary: Int, profit: Int, urgency: Int, interactions: Int) {
        self.monetary = monetary
        self.profit = profit
        self.urgency = urgency
        self.interactions = interactions
    }

    public var total: Int { monetary + profit + urgency + interactions }
}

/// Urgency points of one open feedback item, by its urgency.
public struct UrgencyPoints: Sendable, Equatable, Codable {
    public var low: Int
    public var normal: Int
    public var high: Int
    public var critical: Int

    public init(low: Int, normal: Int, high: Int, critical: Int) {
        self.low = low
        self.normal = normal
        self.high = high
        self.critical = critical
    }

    public func points(for urgency: Urgency) -> Int {
        switch urgency {
        case .low: low
        case .normal: normal
        case .high: high
        case .critical: critical
        }
    }
}

/// The priority ranking's settings. docs/analytics.md ("Priority") gives the formulas.
public struct PrioritySettings: Sendable, Equatable, Codable {
    public var weights: PriorityWeights
    /// Points per open feedback item; the urgency part is capped at 100.
    public var urgencyPoints: UrgencyPoints
    /// Points per follow-up past its due time and not done.
    public var overdueFollowUpPoints: Int
    /// Days back from now in which interactions count.
    public var interactionWindowDays: Int
    /// Interactions in the window that earn the full 100 points (fewer earn their share).
    public var interactionsForFullPoints: Int

    /// Value first (half the weight), then what needs attention now, then engagement. One
    /// critical complaint (70) and two overdue follow-ups (2 × 20) reach the urgency cap;
    /// six interactions in 90 days (one a fortnight) earn full engagement.
    public init(weights: PriorityWeights = PriorityWeights(monetary: 35, profit: 15, urgency: 30, interactions: 20),
                urgencyPoints: UrgencyPoints = UrgencyPoints(low: 10, normal: 20, high: 40, critical: 70),
                overdueFollowUpPoints: Int = 20, interactionWindowDays: Int = 90, interactionsForFullPoints: Int = 6) {
        self.weights = weights
        self.urgencyPoints = urgencyPoints
        self.overdueFollowUpPoints = overdueFollowUpPoints
        self.interactionWindowDays = interactionWindowDays
        self.interactionsForFullPoints = interactionsForFullPoints
    }

    public static let `default` = PrioritySettings()
    public static let weightRange = 0...1_000
    public static let pointRange = 0...100
    public static let windowDays = 1...365
    public static let fullPointsRange = 1...1_000

    /// Checks the values a client sent: whole numbers in range, and some weight above zero
    /// (the score divides by their sum).
    public func validated() throws -> PrioritySettings {
        var validator = Validator()
        let weightValues = [("monetary", weights.monetary), ("profit", weights.profit), ("urgency", weights.urgency), ("interactions", weights.interactions)]
        for (name, value) in weightValues where !Self.weightRange.contains(value) {
            validator.fail("weights.\(name)", "Must be between \(Self.weightRange.lowerBound) and \(Self.weightRange.upperBound).")
        }
        if weightValues.allSatisfy({ $0.1 == 0 }) { validator.fail("weights", "At least one weight must be above 0.") }
        for urgency in Urgency.allCases where !Self.pointRange.contains(urgencyPoints.points(for: urgency)) {
            validator.fail("urgencyPoints.\(urgency.rawValue)", "Must be between \(Self.pointRange.lowerBound) and \(Self.pointRange.upperBound).")
        }
        if !Self.pointRange.contains(overdueFollowUpPoints) {
            validator.fail("overdueFollowUpPoints", "Must be between \(Self.pointRange.lowerBound) and \(Self.pointRange.upperBound).")
        }
        if !Self.windowDays.contains(interactionWindowDays) {
            validator.fail("interactionWindowDays", "Must be between \(Self.windowDays.lowerBound) and \(Self.windowDays.upperBound).")
        }
        if !Self.fullPointsRange.contains(interactionsForFullPoints) {
            validator.fail("interactionsForFullPoints", "Must be between \(Self.fullPointsRange.lowerBound) and \(Self.fullPointsRange.upperBound).")
        }
        try validator.check()
        return self
    }
}
