import Foundation

/// Webhook subscriptions (admin): validated URLs and event types, secrets shown once.
public struct WebhookService: Sendable {
    public static let maxURLLength = 2048

    private let webhooks: any WebhookRepository
    private let targets: any WebhookTargetCheck
    private let environment: Environment

    public init(webhooks: any WebhookRepository, targets: any WebhookTargetCheck, environment: Environment) {
        self.webhooks = webhooks
        self.targets = targets
        self.environment = environment
    }

    /// Creates a subscription; returns it and its signing secret (given, or made here).
    public func create(url: String, events: [String], secret: String?, context: RequestContext) throws -> (Webhook, secret: String) {
        var validator = Validator()
        let checkedURL = try validate(url: url, events: events, validator: &validator)
        if let secret, secret.codePointCount < 16 || secret.codePointCount > 256 { validator.fail("secret", "Must be 16 to 256 characters.") }
        try validator.check()
        let webhook = Webhook(
            id: environment.makeID("whk"), url: checkedURL, events: Self.normalized(events), active: true, consecutiveFailures: 0,
            disabledReason: nil, createdAt: context.now, updatedAt: context.now, version: 1
        )
        let signingSecret = secret ?? "whsec_" + Token.base32(environment.randomBytes(25))
        try webhooks.insert(webhook, secret: signingSecret, context: context)
        return (webhook, signingSecret)
    }

    public func get(id: String) throws -> Webhook {
        guard let webhook = try webhooks.find(id: id) else { throw KehuError.notFound(entity: "webhook", id: id) }
        return webhook
    }

    public func list(page: PageRequest) throws -> Page<Webhook> {
        Paging.page(try webhooks.list(after: page.cursor, limit: page.limit + 1), limit: page.limit) { $0.id }
    }

    /// Changes URL, events or `active`; turning a webhook back on clears its failure count.
    public func update(id: String, url: String?, events: [String]?, active: Bool?, expectedVersion: Int?, context: RequestContext) throws -> Webhook {
        var webhook = try get(id: id)
        try Versioning.check(expectedVersion, current: webhook.version, entity: "webhook")
        var validator = Validator()
        var changed: [String] = []
        if url != nil || events != nil {
            let checkedURL = try validate(url: url ?? webhook.url, events: events ?? webhook.events, validator: &validator)
            if url != nil, checkedURL != webhook.url { webhook.url = checkedURL; changed.append("url") }
            if let events, Self.normalized(events) != webhook.events { webhook.events = Self.normalized(events); changed.append("events") }
        }
        try validator.check()
        if let active, active != webhook.active {
            webhook.active = active
            changed.append("active")
            if active {
                webhook.consecutiveFailures = 0
                webhook.disabledReason = nil
            }
        }
        guard !changed.isEmpty else { return webhook }
        let expected = expectedVersion ?? webhook.version
        webhook.version = expected + 1
        webhook.updatedAt = context.now
        try webhooks.update(webhook, expectedVersion: expected,
                            mutation: Mutation(entityType: "webhook", entityID: id, action: "updated", changedFields: changed, auditValues: ["active": String(webhook.active)]),
                            context: context)
        return webhook
    }

    /// Deletes a webhook and its deliveries; with `expectedVersion` (If-Match), only that version.
    public func delete(id: String, expectedVersion: Int? = nil, context: RequestContext) throws {
        guard try webhooks.delete(id: id, expectedVersion: expectedVersion, context: context) else { throw KehuError.notFound(entity: "webhook", id: id) }
    }

    public func deliveries(webhookID: String, page: PageRequest) throws -> Page<WebhookDelivery> {
        _ = try get(id: webhookID)
        var before: Int64?
        if let cursor = page.cursor {
            guard let value = Int64(cursor) else { throw KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")]) }
            before = value
        }
        let rows = try webhooks.deliveries(webhookID: webhookID, before: before, limit: page.limit + 1)
        return Paging.page(rows, limit: page.limit) { String($0.id) }
    }

    /// http(s), a host, no credentials, bounded length; the host must resolve to an allowed address.
    private func validate(url text: String, events: [String], validator: inout Validator) throws -> String {
        if events.isEmpty { validator.fail("events", "List at least one event type, or \"*\".") }
        for (index, event) in events.enumerated() where !Self.isEventPattern(event) {
            validator.fail("events[\(index)]", "Must be \"*\" or an event type such as user.created.")
        }
        guard text.count <= Self.maxURLLength, let url = URLComponents(string: text),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.user == nil, url.password == nil
        else {
            validator.fail("url", "Must be an http or https URL with a host and without credentials.")
            return text
        }
        try validator.check()
        try targets.check(host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")))
        return text
    }

    static func isEventPattern(_ text: String) -> Bool {
        if text == "*" { return true }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") } }
    }

    static func normalized(_ events: [String]) -> [String] { Array(Set(events)).sorted() }
}
