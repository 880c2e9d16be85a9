/// Whether the service can take traffic: asked by `/health` and `/ready`.
public protocol HealthCheck: Sendable {
    /// Whether the database is open (liveness).
    func isAlive() -> Bool
    /// Whether a query round-trips now (readiness); throws what went wrong.
    func checkReady() throws
}
