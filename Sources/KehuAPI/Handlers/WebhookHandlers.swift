import Foundation
import HTTPServer
import KehuCore

struct WebhookBody: Encodable {
    var id: String
    var url: String
    var events: [String]
    var active: Bool
    var consecutiveFailures: Int
    @Nullable var disabledReason: String?
    var createdAt: Date
    var updatedAt: Date
    var version: Int
    /// Present only in the answer that creates the webhook (left out elsewhere).
    var secret: String?

    init(_ webhook: Webhook, secret: String? = nil) {
        id = webhook.id
        url = webhook.url
        events = webhook.events
        active = webhook.active
        consecutiveFailures = webhook.consecutiveFailures
        disabledReason = webhook.disabledReason
        createdAt = webhook.createdAt
        updatedAt = webhook.updatedAt
        version = webhook.version
        self.secret = secret
    }
}

struct WebhookAttemptBody: Encodable {
    var number: Int
    var at: Date
    @Nullable var statusCode: Int?
    @Nullable var error: String?
    var durationMs: Int
}

struct WebhookDeliveryBody: Encodable {
    var id: String
    var eventId: String
    var eventType: String
    var status: String
    @Nullable var nextAttemptAt: Date?
    var createdAt: Date
    @Nullable var deliveredAt: Date?
    var attempts: [WebhookAttemptBody]

    init(_ delivery: WebhookDelivery) {
        id = String(delivery.id)
        eventId = String(delivery.eventSequence)
        eventType = delivery.eventType
        status = delivery.status.rawValue
        nextAttemptAt = delivery.nextAttemptAt
        createdAt = delivery.createdAt
        deliveredAt = delivery.deliveredAt
        attempts = delivery.attempts.map { WebhookAttemptBody(number: $0.number, at: $0.at, statusCode: $0.statusCode, error: $0.error, durationMs: $0.durationMilliseconds) }
    }
}

struct CreateWebhookInput: RequestInput {
    static let acceptedFields: Set<String> = ["url", "events", "secret"]
    var url: String
    var events: [String]
    var secret: String?
}

/// `/v1/webhooks` (admin): subscriptions, their signing secret once, and their deliveries.
struct WebhookHandlers {
    let webhooks: WebhookService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/webhooks", .manageWebhooks) { request, context in
            let input = try request.decodeBody(as: CreateWebhookInput.self)
            let (webhook, secret) = try webhooks.create(url: input.url, events: input.events, secret: input.secret, context: context)
            var headers = HTTPHeaders.etag(version: webhook.version)
            headers.set("Location", "/v1/webhooks/\(webhook.id)")
            headers.set("Cache-Control", "no-store")
            return try .json(WebhookBody(webhook, secret: secret), status: .created, headers: headers)
        }
        routes.add(.get, "/v1/webhooks", .manageWebhooks) { request, _ in
            let page = try webhooks.list(page: request.pageRequest())
            return try .json(ListBody(data: page.items.map { WebhookBody($0) }, nextCursor: page.nextCursor))
        }
        routes.add(.get, "/v1/webhooks/{id}", .manageWebhooks) { request, _ in
            let webhook = try webhooks.get(id: request.parameter("id"))
            return try .json(WebhookBody(webhook), headers: .etag(version: webhook.version))
        }
        routes.add(.patch, "/v1/webhooks/{id}", .manageWebhooks) { request, context in
            var patch = try MergePatch(request, accepted: ["url", "events", "active"])
            let url = patch.required(patch.string("url"), "url")
            let events = patch.required(patch.stringArray("events"), "events")
            let active = patch.required(patch.bool("active"), "active")
            try patch.check()
            let webhook = try webhooks.update(id: request.parameter("id"), url: url, events: events, active: active,
                                              expectedVersion: request.expectedVersion(), context: context)
            return try .json(WebhookBody(webhook), headers: .etag(version: webhook.version))
        }
        routes.add(.delete, "/v1/webhooks/{id}", .manageWebhooks) { request, context in
            try webhooks.delete(id: request.parameter("id"), expectedVersion: request.expectedVersion(), context: context)
            return Response(status: .noContent)
        }
        routes.add(.get, "/v1/webhooks/{id}/deliveries", .manageWebhooks) { request, _ in
            let page = try webhooks.deliveries(webhookID: request.parameter("id"), page: request.pageRequest())
            return try .json(ListBody(data: page.items.map(WebhookDeliveryBody.init), nextCursor: page.nextCursor))
        }
    }
}
