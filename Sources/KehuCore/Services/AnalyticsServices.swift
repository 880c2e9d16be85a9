/// The services behind `/v1/analytics`, made by the composition root.
public struct AnalyticsServices: Sendable {
    /// Satisfaction, follow-up compliance and the overview.
    public var service: ServiceAnalyticsService
    /// RFM, segments, priority and churn risk, and the priority settings.
    public var customers: CustomerAnalyticsService

    public init(service: ServiceAnalyticsService, customers: CustomerAnalyticsService) {
        self.service = service
        self.customers = customers
    }
}
