/// The services behind `/v1/analytics`.
public struct AnalyticsServices: Sendable {
    /// Satisfaction, follow-up compliance and the overview.
    public var service: ServiceAnalyticsService

    public init(service: ServiceAnalyticsService) {
        self.service = service
    }
}
