import HTTPServer
import KehuCore

/// `/v1/users`: create (admin), list, get, patch (admin).
struct UserHandlers {
    let users: UserService

    func register(on routes: inout V1Routes) {
        routes.add(.post, "/v1/users", .manageUsers) { request, context in try create(request, context) }
        routes.add(.get, "/v1/users", .readUsers) { request, context in try list(request, context) }
        routes.add(.get, "/v1/users/{id}", .readUsers) { request, context in try get(request, context) }
        routes.add(.patch, "/v1/users/{id}", .manageUsers) { request, context in try update(request, context) }
    }

    func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try request.decodeBody(as: CreateUserInput.self)
        let user = try users.create(NewUser(name: input.name, email: input.email, role: input.role, active: input.active ?? true), context: context)
        var headers = HTTPHeaders.etag(version: user.version)
        headers.set("Location", "/v1/users/\(user.id)")
        return try .json(UserBody(user), status: .created, headers: headers)
    }

    func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try users.list(principal: context.principal, page: request.pageRequest())
        return try .json(ListBody(data: page.items.map(UserBody.init), nextCursor: page.nextCursor))
    }

    func get(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try users.get(id: request.parameter("id"), principal: context.principal)
        return try .json(UserBody(user), headers: .etag(version: user.version))
    }

    func update(_ request: Request, _ context: RequestContext) throws -> Response {
        var patch = try MergePatch(request, accepted: ["name", "email", "role", "active"])
        let name = patch.required(patch.string("name"), "name")
        let email = patch.required(patch.string("email"), "email")
        let roleText = patch.required(patch.string("role"), "role")
        let active = patch.required(patch.bool("active"), "active")
        try patch.check()
        var role: Role?
        if let roleText {
            guard let parsed = Role(rawValue: roleText) else {
                throw KehuError.validation([FieldError(field: "role", message: "Must be one of admin, manager, rep, viewer.")])
            }
            role = parsed
        }
        let user = try users.update(
            id: request.parameter("id"), patch: UserPatch(name: name, email: email, role: role, active: active),
            expectedVersion: request.expectedVersion(), context: context
        )
        return try .json(UserBody(user), headers: .etag(version: user.version))
    }
}
