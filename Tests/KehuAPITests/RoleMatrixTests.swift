import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// Every /v1 route, for every role, over real HTTP: allowed (anything but 401/403) or 403.
/// Written by hand from API.md's role descriptions; a new route without a row fails
/// `everyV1Route_hasARow`.
@Suite struct RoleMatrixTests {
    struct Row: Sendable, CustomStringConvertible {
        let method: HTTPMethod
        let template: String
        let allowed: Set<Role>
        /// Builds the concrete request for a role (path, body).
        let request: @Sendable (Role, TestApplication) -> (path: String, body: String?)
        var description: String { "\(method) \(template)" }
    }

    static let all: Set<Role> = Set(Role.allCases)
    /// Who may change customer data: everyone but viewers (reps only their own).
    static let writers: Set<Role> = [.admin, .manager, .rep]

    static let rows: [Row] = [
        Row(method: .post, template: "/v1/users", allowed: [.admin]) { role, _ in
            ("/v1/users", #"{"name":"New","email":"new-\#(role.rawValue)-\#(UUID().uuidString.prefix(8))@test.example","role":"viewer"}"#)
        },
        Row(method: .get, template: "/v1/users", allowed: all) { _, _ in ("/v1/users", nil) },
        Row(method: .get, template: "/v1/users/{id}", allowed: all) { role, app in ("/v1/users/\(app.userIDs[role]!)", nil) },
        Row(method: .patch, template: "/v1/users/{id}", allowed: [.admin]) { _, app in ("/v1/users/\(app.userIDs[.viewer]!)", #"{"name":"Renamed"}"#) },
        Row(method: .post, template: "/v1/api-keys", allowed: all) { role, app in ("/v1/api-keys", #"{"userId":"\#(app.userIDs[role]!)","name":"matrix"}"#) },
        Row(method: .get, template: "/v1/api-keys", allowed: all) { _, _ in ("/v1/api-keys", nil) },
        Row(method: .delete, template: "/v1/api-keys/{id}", allowed: all) { _, _ in ("/v1/api-keys/key_doesnotexist", nil) },
        Row(method: .get, template: "/v1/audit", allowed: [.admin, .manager]) { _, _ in ("/v1/audit", nil) },
        Row(method: .get, template: "/v1/events", allowed: [.admin, .manager]) { _, _ in ("/v1/events", nil) },
        Row(method: .post, template: "/v1/webhooks", allowed: [.admin]) { _, _ in ("/v1/webhooks", #"{"url":"http://127.0.0.1:9/hook","events":["*"]}"#) },
        Row(method: .get, template: "/v1/webhooks", allowed: [.admin]) { _, _ in ("/v1/webhooks", nil) },
        Row(method: .get, template: "/v1/webhooks/{id}", allowed: [.admin]) { _, _ in ("/v1/webhooks/whk_none", nil) },
        Row(method: .patch, template: "/v1/webhooks/{id}", allowed: [.admin]) { _, _ in ("/v1/webhooks/whk_none", #"{"active":false}"#) },
        Row(method: .delete, template: "/v1/webhooks/{id}", allowed: [.admin]) { _, _ in ("/v1/webhooks/whk_none", nil) },
        Row(method: .get, template: "/v1/webhooks/{id}/deliveries", allowed: [.admin]) { _, _ in ("/v1/webhooks/whk_none/deliveries", nil) },
        Row(method: .post, template: "/v1/customers", allowed: writers) { _, _ in ("/v1/customers", #"{"name":"Matrix"}"#) },
        Row(method: .get, template: "/v1/customers", allowed: all) { _, _ in ("/v1/customers", nil) },
        Row(method: .get, template: "/v1/customers/duplicates", allowed: all) { _, _ in ("/v1/customers/duplicates", nil) },
        Row(method: .post, template: "/v1/customers/import", allowed: writers) { _, _ in ("/v1/customers/import?format=ndjson&dryRun=true", #"{"name":"Matrix"}"#) },
        Row(method: .get, template: "/v1/customers/export", allowed: all) { _, _ in ("/v1/customers/export?format=ndjson", nil) },
        Row(method: .get, template: "/v1/customers/{id}", allowed: all) { _, _ in ("/v1/customers/cus_none", nil) },
        Row(method: .patch, template: "/v1/customers/{id}", allowed: writers) { _, _ in ("/v1/customers/cus_none", #"{"notes":"x"}"#) },
        Row(method: .delete, template: "/v1/customers/{id}", allowed: writers) { _, _ in ("/v1/customers/cus_none", nil) },
        Row(method: .post, template: "/v1/customers/{id}/restore", allowed: writers) { _, _ in ("/v1/customers/cus_none/restore", nil) },
        Row(method: .post, template: "/v1/customers/{id}/merge", allowed: writers) { _, _ in ("/v1/customers/cus_none/merge", #"{"sourceId":"cus_other"}"#) },
        Row(method: .get, template: "/v1/merges/{id}", allowed: all) { _, _ in ("/v1/merges/mrg_none", nil) },
        Row(method: .post, template: "/v1/merges/{id}/undo", allowed: writers) { _, _ in ("/v1/merges/mrg_none/undo", nil) },
        Row(method: .get, template: "/v1/settings/classification", allowed: all) { _, _ in ("/v1/settings/classification", nil) },
        Row(method: .put, template: "/v1/settings/classification", allowed: [.admin]) { _, _ in
            ("/v1/settings/classification", #"{"baseCurrency":"CNY","vipSpend":5000000,"loyalPurchases":5,"loyalSpend12Months":2000000,"churnAfterDays":180}"#)
        },
        Row(method: .post, template: "/v1/customers/{id}/contacts", allowed: writers) { _, _ in ("/v1/customers/cus_none/contacts", #"{"name":"C"}"#) },
        Row(method: .get, template: "/v1/customers/{id}/contacts", allowed: all) { _, _ in ("/v1/customers/cus_none/contacts", nil) },
        Row(method: .get, template: "/v1/customers/{id}/contacts/{contactId}", allowed: all) { _, _ in ("/v1/customers/cus_none/contacts/con_none", nil) },
        Row(method: .patch, template: "/v1/customers/{id}/contacts/{contactId}", allowed: writers) { _, _ in ("/v1/customers/cus_none/contacts/con_none", #"{"title":"x"}"#) },
        Row(method: .delete, template: "/v1/customers/{id}/contacts/{contactId}", allowed: writers) { _, _ in ("/v1/customers/cus_none/contacts/con_none", nil) },
        Row(method: .post, template: "/v1/customers/{id}/purchases", allowed: writers) { _, _ in ("/v1/customers/cus_none/purchases", #"{"amount":100,"product":"p"}"#) },
        Row(method: .get, template: "/v1/customers/{id}/purchases", allowed: all) { _, _ in ("/v1/customers/cus_none/purchases", nil) },
        Row(method: .delete, template: "/v1/customers/{id}/purchases/{purchaseId}", allowed: writers) { _, _ in ("/v1/customers/cus_none/purchases/pur_none", nil) },
        Row(method: .post, template: "/v1/customers/{id}/interactions", allowed: writers) { _, _ in ("/v1/customers/cus_none/interactions", #"{"channel":"phone","summary":"s"}"#) },
        Row(method: .get, template: "/v1/customers/{id}/interactions", allowed: all) { _, _ in ("/v1/customers/cus_none/interactions", nil) },
        Row(method: .get, template: "/v1/customers/{id}/timeline", allowed: all) { _, _ in ("/v1/customers/cus_none/timeline", nil) },
        Row(method: .post, template: "/v1/follow-ups", allowed: writers) { _, _ in ("/v1/follow-ups", #"{"customerId":"cus_none","dueAt":"2026-11-23T08:00:00Z"}"#) },
        Row(method: .get, template: "/v1/follow-ups", allowed: all) { _, _ in ("/v1/follow-ups?overdue=true", nil) },
        Row(method: .get, template: "/v1/follow-ups/{id}", allowed: all) { _, _ in ("/v1/follow-ups/fup_none", nil) },
        Row(method: .patch, template: "/v1/follow-ups/{id}", allowed: writers) { _, _ in ("/v1/follow-ups/fup_none", #"{"purpose":"x"}"#) },
        Row(method: .post, template: "/v1/follow-ups/{id}/complete", allowed: writers) { _, _ in ("/v1/follow-ups/fup_none/complete", #"{"summary":"s"}"#) },
        Row(method: .post, template: "/v1/follow-ups/{id}/skip", allowed: writers) { _, _ in ("/v1/follow-ups/fup_none/skip", #"{"reason":"r"}"#) },
        Row(method: .post, template: "/v1/follow-ups/{id}/cancel", allowed: writers) { _, _ in ("/v1/follow-ups/fup_none/cancel", #"{"reason":"r"}"#) },
        Row(method: .post, template: "/v1/follow-ups/{id}/reschedule", allowed: writers) { _, _ in
            ("/v1/follow-ups/fup_none/reschedule", #"{"dueAt":"2099-01-01T00:00:00Z"}"#)
        },
        Row(method: .post, template: "/v1/follow-up-plans", allowed: writers) { _, _ in ("/v1/follow-up-plans", #"{"customerId":"cus_none"}"#) },
        Row(method: .get, template: "/v1/follow-up-plans", allowed: all) { _, _ in ("/v1/follow-up-plans", nil) },
        Row(method: .get, template: "/v1/follow-up-plans/{id}", allowed: all) { _, _ in ("/v1/follow-up-plans/fpl_none", nil) },
        Row(method: .patch, template: "/v1/follow-up-plans/{id}", allowed: writers) { _, _ in ("/v1/follow-up-plans/fpl_none", #"{"goal":"x"}"#) },
        Row(method: .post, template: "/v1/follow-up-plans/{id}/end", allowed: writers) { _, _ in ("/v1/follow-up-plans/fpl_none/end", nil) },
        // Everyone has an agenda of their own.
        Row(method: .get, template: "/v1/agenda", allowed: all) { _, _ in ("/v1/agenda", nil) },
        Row(method: .post, template: "/v1/feedback", allowed: writers) { _, _ in
            ("/v1/feedback", #"{"customerId":"cus_none","kind":"complaint","channel":"phone","subject":"s"}"#)
        },
        Row(method: .get, template: "/v1/feedback", allowed: all) { _, _ in ("/v1/feedback?overdue=true", nil) },
        Row(method: .get, template: "/v1/feedback/counts", allowed: all) { _, _ in ("/v1/feedback/counts", nil) },
        Row(method: .get, template: "/v1/feedback/{id}", allowed: all) { _, _ in ("/v1/feedback/fbk_none", nil) },
        Row(method: .patch, template: "/v1/feedback/{id}", allowed: writers) { _, _ in ("/v1/feedback/fbk_none", #"{"category":"x"}"#) },
        Row(method: .post, template: "/v1/feedback/{id}/transitions", allowed: writers) { _, _ in
            ("/v1/feedback/fbk_none/transitions", #"{"to":"acknowledged"}"#)
        },
        Row(method: .get, template: "/v1/feedback/{id}/events", allowed: all) { _, _ in ("/v1/feedback/fbk_none/events", nil) },
        Row(method: .post, template: "/v1/feedback/{id}/satisfaction", allowed: writers) { _, _ in ("/v1/feedback/fbk_none/satisfaction", #"{"score":4}"#) },
        Row(method: .get, template: "/v1/settings/sla", allowed: all) { _, _ in ("/v1/settings/sla", nil) },
        Row(method: .put, template: "/v1/settings/sla", allowed: [.admin]) { _, _ in
            ("/v1/settings/sla", #"{"low":{"firstResponseHours":24,"resolutionHours":168},"normal":{"firstResponseHours":8,"resolutionHours":72},"high":{"firstResponseHours":4,"resolutionHours":24},"critical":{"firstResponseHours":1,"resolutionHours":8}}"#)
        },
        // Surveys: admins and managers shape them; everyone reads; writers record responses.
        Row(method: .post, template: "/v1/surveys", allowed: [.admin, .manager]) { _, _ in
            ("/v1/surveys", #"{"name":"Matrix","questions":[{"id":"q1","text":"Q","type":"likert5"}]}"#)
        },
        Row(method: .get, template: "/v1/surveys", allowed: all) { _, _ in ("/v1/surveys", nil) },
        Row(method: .get, template: "/v1/surveys/{id}", allowed: all) { _, _ in ("/v1/surveys/srv_none", nil) },
        Row(method: .patch, template: "/v1/surveys/{id}", allowed: [.admin, .manager]) { _, _ in ("/v1/surveys/srv_none", #"{"name":"x"}"#) },
        Row(method: .post, template: "/v1/surveys/{id}/responses", allowed: writers) { _, _ in
            ("/v1/surveys/srv_none/responses", #"{"customerId":"cus_none","answers":{"q1":5}}"#)
        },
        Row(method: .get, template: "/v1/surveys/{id}/responses", allowed: all) { _, _ in ("/v1/surveys/srv_none/responses", nil) },
        Row(method: .get, template: "/v1/surveys/{id}/responses/{responseId}", allowed: all) { _, _ in ("/v1/surveys/srv_none/responses/srs_none", nil) },
        Row(method: .get, template: "/v1/surveys/{id}/results", allowed: all) { _, _ in ("/v1/surveys/srv_none/results", nil) },
        // Analytics: every role; reps see their own book.
        Row(method: .get, template: "/v1/analytics/satisfaction", allowed: all) { _, _ in ("/v1/analytics/satisfaction?interval=week", nil) },
        Row(method: .get, template: "/v1/analytics/follow-up-compliance", allowed: all) { _, _ in ("/v1/analytics/follow-up-compliance", nil) },
        Row(method: .get, template: "/v1/analytics/overview", allowed: all) { _, _ in ("/v1/analytics/overview", nil) },
        // Customer-value analytics: everyone reads them, reps over their own book.
        Row(method: .get, template: "/v1/analytics/rfm", allowed: all) { _, _ in ("/v1/analytics/rfm", nil) },
        Row(method: .get, template: "/v1/analytics/segments", allowed: all) { _, _ in ("/v1/analytics/segments?by=tag", nil) },
        Row(method: .get, template: "/v1/analytics/priority", allowed: all) { _, _ in ("/v1/analytics/priority", nil) },
        Row(method: .get, template: "/v1/analytics/churn-risk", allowed: all) { _, _ in ("/v1/analytics/churn-risk", nil) },
        Row(method: .get, template: "/v1/settings/priority", allowed: all) { _, _ in ("/v1/settings/priority", nil) },
        Row(method: .put, template: "/v1/settings/priority", allowed: [.admin]) { _, _ in
            ("/v1/settings/priority", #"{"weights":{"monetary":35,"profit":15,"urgency":30,"interactions":20},"urgencyPoints":{"low":10,"normal":20,"high":40,"critical":70},"overdueFollowUpPoints":20,"interactionWindowDays":90,"interactionsForFullPoints":6}"#)
        },
        // Deals: writers sell (reps on their own customers), everyone reads; analytics for all (reps: their book).
        Row(method: .post, template: "/v1/deals", allowed: writers) { _, _ in ("/v1/deals", #"{"customerId":"cus_none","title":"t","amount":1}"#) },
        Row(method: .get, template: "/v1/deals", allowed: all) { _, _ in ("/v1/deals?stage=lead", nil) },
        Row(method: .get, template: "/v1/deals/{id}", allowed: all) { _, _ in ("/v1/deals/del_none", nil) },
        Row(method: .patch, template: "/v1/deals/{id}", allowed: writers) { _, _ in ("/v1/deals/del_none", #"{"title":"x"}"#) },
        Row(method: .post, template: "/v1/deals/{id}/stage", allowed: writers) { _, _ in ("/v1/deals/del_none/stage", #"{"stage":"qualified"}"#) },
        Row(method: .get, template: "/v1/deals/{id}/stages", allowed: all) { _, _ in ("/v1/deals/del_none/stages", nil) },
        Row(method: .get, template: "/v1/analytics/funnel", allowed: all) { _, _ in ("/v1/analytics/funnel", nil) },
        Row(method: .get, template: "/v1/settings/cadence", allowed: all) { _, _ in ("/v1/settings/cadence", nil) },
        Row(method: .put, template: "/v1/settings/cadence", allowed: [.admin]) { _, _ in ("/v1/settings/cadence", #"{"vip":7,"normal":30,"potential":14}"#) },
        Row(method: .get, template: "/v1/settings/holidays", allowed: all) { _, _ in ("/v1/settings/holidays", nil) },
        Row(method: .put, template: "/v1/settings/holidays", allowed: [.admin]) { _, _ in ("/v1/settings/holidays", #"{"holidays":[]}"#) },
    ]

    @Test func everyV1Route_hasARow() throws {
        let app = try TestApplication()
        for route in app.router.routes where route.template.hasPrefix("/v1/") {
            #expect(Self.rows.contains { $0.method == route.method && $0.template == route.template }, "no role-matrix row for \(route.method) \(route.template)")
        }
    }

    @Test(arguments: Role.allCases)
    func everyRow_answersAsTheMatrixSays(_ role: Role) throws {
        let app = try TestApplication()
        let server = try TestHTTPServer(handler: app.router)
        defer { server.shutdown() }
        let client = try server.makeClient()
        defer { client.close() }
        for row in Self.rows {
            let (path, body) = row.request(role, app)
            var headers = [app.auth(role)]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let request = RawHTTPRequest.make(row.method.rawValue, path, headers: headers, body: body.map { Array($0.utf8) } ?? [])
            let response = try client.exchange(request)
            if row.allowed.contains(role) {
                #expect(response.status != 403 && response.status != 401 && response.status < 500, "\(role) \(row): \(response.status) \(response.bodyText)")
            } else {
                #expect(response.status == 403, "\(role) \(row) should be 403, was \(response.status)")
            }
        }
    }

    @Test func everyRow_withoutAKey_is401WithWWWAuthenticate() throws {
        let app = try TestApplication()
        let server = try TestHTTPServer(handler: app.router)
        defer { server.shutdown() }
        let client = try server.makeClient()
        defer { client.close() }
        for row in Self.rows {
            let (path, body) = row.request(.admin, app)
            let response = try client.exchange(RawHTTPRequest.make(row.method.rawValue, path, headers: [("Content-Type", "application/json")], body: body.map { Array($0.utf8) } ?? []))
            #expect(response.status == 401, "\(row)")
            #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        }
    }
}
