/// One customer of the priority ranking with every input of its score and the points each
/// part earned, so a person can see why it ranks where it does.
public struct PriorityEntry: Sendable, Equatable {
    public var id: String
    public var name: String
    public var tier: Tier
    public var ownerID: String?
    /// Lifetime spend in the base currency, minor units.
    public var monetary: Int64
    /// Lifetime profit in the base currency: amount less cost over purchases whose cost is known.
    public var profit: Int64
    /// Open feedback items (still being handled) by urgency.
    public var openFeedback: [Urgency: Int]
    /// Follow-ups past their due time and still pending.
    public var overdueFollowUps: Int
    /// Interactions in the recent window.
    public var recentInteractions: Int
    /// Each part's points, 0-100.
    public var points: PriorityPoints
    /// The weighted mean of the points, 0-100.
    public var score: Double
    /// The customer's place in the file, for paging.
    public var sequence: Int64

    public init(id: String, name: String, tier: Tier, ownerID: String?, monetary: Int64, profit: Int64, openFeedback: [Urgency: Int],
                overdueFollowUps: Int, recentInteractions: Int, points: PriorityPoints, score: Double, sequence: Int64) {
        self.id = id
        self.name = name
        self.tier = tier
        self.ownerID = ownerID
        self.monetary = monetary
        self.profit = profit
        self.openFeedback = openFeedback
        self.overdueFollowUps = overdueFollowUps
        self.recentInteractions = recentInteractions
        self.points = points
        self.score = score
        self.sequence = sequence
    }
}

/// The points of each part of a priority score, each 0-100.
public struct PriorityPoints: Sendable, Equatable {
    public var monetary: Double
    public var profit: Double
    public var urgency: Double
    public var interactions: Double

    public init(monetary: Double, profit: Double, urgency: Double, interactions: Double) {
        self.monetary = monetary
        self.profit = profit
        self.urgency = urgency
        self.interactions = interactions
    }
}
