import Foundation

/// Storage of webhooks and their deliveries. Deliveries are queued by the journal, in the
/// transaction of the change itself.
public protocol WebhookRepository: Sendable {
    /// Stores a new webhook with its signing secret (kept as given: the sender needs it to
    /// sign) and journals `webhook.created`, in one transaction.
    func insert(_ webhook: Webhook, secret: String, context: RequestContext) throws
    /// The webhook, without its secret; nil if there is none.
    func find(id: String) throws -> Webhook?
    /// Webhooks ordered by id, after the `cursor` id, at most `limit`.
    func list(after cursor: String?, limit: Int) throws -> [Webhook]
    /// Saves `webhook` if it is still at `expectedVersion` (else `preconditionFailed`, or
    /// `notFound`) and journals `mutation`, in one transaction.
    func update(_ webhook: Webhook, expectedVersion: Int, mutation: Mutation, context: RequestContext) throws
    /// Deletes the webhook with its deliveries; false if there is none. Throws
    /// `preconditionFailed` when `expectedVersion` is given and is not the current one.
    func delete(id: String, expectedVersion: Int?, context: RequestContext) throws -> Bool
    /// Deliveries of one webhook, newest first, with their attempts.
    func deliveries(webhookID: String, before cursor: Int64?, limit: Int) throws -> [WebhookDelivery]
    /// Leases up to `limit` pending deliveries due at `now` for `lease` seconds; a lease that
    /// runs out (the sender died mid-send) makes the delivery due again.
    func claimDue(now: Date, lease: TimeInterval, limit: Int) throws -> [DueDelivery]
    /// Records an attempt and its outcome; `disableAfter` consecutive failed deliveries
    /// disable the webhook (a success resets the count). Does nothing if the delivery is no
    /// longer pending (its webhook was deleted meanwhile). Returns whether the webhook is
    /// still active, so that a sender can skip its other leased deliveries.
    @discardableResult
    func record(_ attempt: WebhookAttempt, deliveryID: Int64, outcome: DeliveryOutcome, disableAfter: Int, now: Date) throws -> Bool
}

/// Decides whether a webhook target may be called: refuses loopback, private and link-local
/// addresses unless allowed (they reach the server's own network, not a customer system).
public protocol WebhookTargetCheck: Sendable {
    /// Throws `validation` (field `url`) when the host does not resolve or is refused.
    func check(host: String) throws
}
