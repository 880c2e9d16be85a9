/// Everything a route can require. Each route names one; `AccessPolicy` says which roles hold it.
public enum Permission: String, Sendable, CaseIterable {
    /// See users (reps and viewers see themselves only).
    case readUsers
    /// Create users, change roles, disable users.
    case manageUsers
    /// Create, list and revoke API keys (one's own; admins: anyone's).
    case manageKeys
    /// Read the audit trail.
    case readAudit
    /// Read the change feed.
    case readEvents
    /// Manage webhook subscriptions and see their deliveries.
    case manageWebhooks
    /// Read service settings.
    case readSettings
    /// Change service settings.
    case manageSettings
    /// Read customers and what hangs off them (reps: their own).
    case readCustomers
    /// Create and change customers and what hangs off them (reps: their own).
    case writeCustomers
    /// Erase a person's data for good.
    case eraseCustomers
    /// Read analytics (reps: their own book).
    case readAnalytics
    /// Create and change surveys (their questions, whether they take responses).
    case manageSurveys
}
