import Foundation

/// Storage of webhooks and their deliveries. Deliveries are queued by the journal, in the
/// transaction of the change itself.
public protocol WebhookRepository: Sendable {
    func insert(_ webhook: Webhook, secret: String, context: RequestContext) throws
    func find(id: String) throws -> Webhook?
    func list(after cursor: String?, limit: Int) throws -> [Webhook]
    func update(_ webhook: Webhook, expectedVersion: Int, mutation: Mutation, context: RequestContext) throws
    func delete(id: String, context: RequestContext) throws -> Bool
    /// Deliveries of one webhook, newest first, with their attempts.
    func deliveries(webhookID: String, before cursor: Int64?, limit: Int) throws -> [WebhookDelivery]
    /// Leases up to `limit` pending deliveries due at `now` for `lease` seconds; a lease that
    /// runs out (the sender died mid-send) makes the delivery due again.
    func claimDue(now: Date, lease: TimeInterval, limit: Int) throws -> [DueDelivery]
    /// Records an attempt and its outcome; `disableAfter` consecutive failed deliveries
    /// disable the webhook.
    func record(_ attempt: WebhookAttempt, deliveryID: Int64, outcome: DeliveryOutcome, disableAfter: Int, now: Date) throws
}

/// Decides whether a webhook target may be called: refuses loopback, private and link-local
/// addresses unless allowed (they reach the server's own network, not a customer system).
public protocol WebhookTargetCheck: Sendable {
    /// Throws `validation` (field `url`) when the host does not resolve or is refused.
    func check(host: String) throws
}
