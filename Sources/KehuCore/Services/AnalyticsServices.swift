/// The services behind `/v1/analytics`, made by the composition root.
public struct AnalyticsServices: Sendable {
    /// RFM, segments, priority and churn risk, and the priority settings.
    public var customers: CustomerAnalyticsService

    public init(customers: CustomerAnalyticsService) {
        self.customers = customers
    }
}
