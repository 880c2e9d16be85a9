import HTTPServer
import KehuCore

/// `/v1/api-keys`: issue (the secret is in this answer only), list, revoke.
struct APIKeyHandlers {
    let keys: APIKeyService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/api-keys", .manageKeys) { request, context in
            let input = try request.decodeBody(as: CreateAPIKeyInput.self)
            let issued = try keys.issue(userID: input.userId, name: input.name, context: context)
            return try .json(APIKeyBody(issued.key, secret: issued.secret), status: .created, headers: [
                "Location": "/v1/api-keys/\(issued.key.id)", "Cache-Control": "no-store",
            ])
        }
        routes.add(.get, "/v1/api-keys", .manageKeys) { request, context in
            let page = try keys.list(principal: context.principal, page: request.pageRequest())
            return try .json(ListBody(data: page.items.map { APIKeyBody($0) }, nextCursor: page.nextCursor))
        }
        routes.add(.delete, "/v1/api-keys/{id}", .manageKeys) { request, context in
            try .json(APIKeyBody(keys.revoke(id: request.parameter("id"), context: context)))
        }
    }
}
