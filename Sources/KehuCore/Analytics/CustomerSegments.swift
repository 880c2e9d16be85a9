/// What `GET /v1/analytics/segments?by=` groups customers by.
public enum SegmentDimension: String, Sendable, CaseIterable {
    case tier, stage, region, industry, source, tag
}

/// Customers, orders and revenue of one group, over the period.
public struct SegmentFigures: Sendable, Equatable {
    /// Active customers in the group, whether they bought or not.
    public var customers: Int
    /// Purchases in the period, base currency.
    public var orders: Int
    /// Money of those purchases, minor units.
    public var revenue: Int64

    public init(customers: Int, orders: Int, revenue: Int64) {
        self.customers = customers
        self.orders = orders
        self.revenue = revenue
    }

    /// Revenue per order in whole minor units, halves rounded up; nil without orders.
    public var averageOrderValue: Int64? {
        guard orders > 0 else { return nil }
        let orders = Int64(self.orders)
        return (revenue * 2 + orders) / (orders * 2)
    }
}

/// One group: its value (nil for customers without one, e.g. no region) and figures.
public struct SegmentGroup: Sendable, Equatable {
    public var key: String?
    public var figures: SegmentFigures

    public init(key: String?, figures: SegmentFigures) {
        self.key = key
        self.figures = figures
    }
}

/// `GET /v1/analytics/segments`: the groups, by revenue then customers (largest first),
/// then value; and the total over every customer in scope, which for tags is not the sum
/// of the groups (a customer with two tags is in both).
public struct SegmentReport: Sendable, Equatable {
    public var dimension: SegmentDimension
    public var period: AnalyticsPeriod
    public var currency: String
    public var groups: [SegmentGroup]
    public var total: SegmentFigures

    public init(dimension: SegmentDimension, period: AnalyticsPeriod, currency: String, groups: [SegmentGroup], total: SegmentFigures) {
        self.dimension = dimension
        self.period = period
        self.currency = currency
        self.groups = groups
        self.total = total
    }
}
