import Foundation

/// Customer profiles: the rules that need more than a route permission — ownership,
/// validation, duplicates, computed fields — over a `CustomerRepository`.
public struct CustomerService: Sendable {
    let customers: any CustomerRepository
    let settings: SettingsService
    let environment: Environment

    public init(customers: any CustomerRepository, settings: SettingsService, environment: Environment) {
        self.customers = customers
        self.settings = settings
        self.environment = environment
    }

    /// Creates a customer. Reps own what they create and cannot give it to others; others
    /// default to owning it themselves. A taken phone or e-mail is 409 unless `allowDuplicate`.
    public func create(_ input: CustomerFields, allowDuplicate: Bool, context: RequestContext) throws -> Customer {
        var fields = try CustomerValidation.normalize(input, requireName: true, today: context.now)
        fields.ownerID = try owner(requested: fields.ownerID, context: context)
        var customer = Customer(id: environment.makeID("cus"), type: fields.type ?? .individual, name: fields.name!, createdAt: context.now)
        customer.apply(fields)
        customer.classify(try settings.classificationRules(), now: context.now)
        try customers.insert(customer, allowDuplicate: allowDuplicate, context: context)
        return customer
    }

    /// The owner a write may set: reps only themselves.
    func owner(requested: String?, context: RequestContext) throws -> String? {
        let principal = context.principal
        if principal.role == .rep {
            if let requested, requested != principal.userID { throw KehuError.forbidden("A rep can only own customers themselves.") }
            return principal.userID
        }
        return requested ?? (principal.isSystem ? nil : principal.userID)
    }

    /// The customer in any status, if the caller may see it.
    public func get(id: String, context: RequestContext) throws -> Customer {
        guard let customer = try customers.find(id: id, scope: AccessPolicy.customerScope(for: context.principal), now: context.now) else {
            throw KehuError.notFound(entity: "customer", id: id)
        }
        return customer
    }

    public func list(_ query: CustomerQuery, page: PageRequest, context: RequestContext) throws -> Page<Customer> {
        try customers.list(query, scope: AccessPolicy.customerScope(for: context.principal), page: page, now: context.now)
    }

    /// Every matching customer, page by page (export).
    public func forEach(_ query: CustomerQuery, context: RequestContext, _ body: (Customer) throws -> Void) throws {
        try customers.forEach(query, scope: AccessPolicy.customerScope(for: context.principal), now: context.now, body)
    }

    /// Applies a merge patch. `tierLocked: false` (or `tier: null`) lets the tier follow value again.
    /// A new phone or e-mail that another active customer has is 409 unless `allowDuplicate`.
    public func update(id: String, patch: CustomerFields, unlockTier: Bool, allowDuplicate: Bool = false, expectedVersion: Int?, context: RequestContext) throws -> Customer {
        var customer = try get(id: id, context: context)
        guard customer.status == .active else { throw KehuError.conflict("The customer is \(customer.status.rawValue); restore it first.") }
        try Versioning.check(expectedVersion, current: customer.version, entity: "customer")
        var fields = try CustomerValidation.normalize(patch, requireName: false, today: context.now)
        if fields.ownerID != nil || fields.cleared.contains("ownerId") {
            guard context.principal.role != .rep else { throw KehuError.forbidden("Only managers and admins assign owners.") }
        }
        if fields.cleared.contains("tier") { fields.cleared.remove("tier") }
        let before = customer
        customer.apply(fields)
        if unlockTier || patch.cleared.contains("tier") { customer.tierLocked = false }
        let changed = customer.changedFields(from: before)
        guard !changed.isEmpty else { return customer }
        let expected = expectedVersion ?? before.version
        customer.updatedAt = context.now
        var values = customer.auditValues(for: changed)
        values["version"] = String(expected + 1)
        let mutation = Mutation(entityType: "customer", entityID: id, action: "updated", changedFields: changed, auditValues: values)
        let checkDuplicates = !allowDuplicate && (changed.contains("phone") || changed.contains("email"))
        return try customers.update(customer, expectedVersion: expected, checkDuplicates: checkDuplicates, rules: try settings.classificationRules(),
                                    mutation: mutation, context: context)
    }

    /// Archives (hides from lists, restorable).
    public func archive(id: String, expectedVersion: Int?, context: RequestContext) throws -> Customer {
        try setStatus(id: id, to: .archived, expectedVersion: expectedVersion, context: context)
    }

    public func restore(id: String, expectedVersion: Int?, context: RequestContext) throws -> Customer {
        try setStatus(id: id, to: .active, expectedVersion: expectedVersion, context: context)
    }

    private func setStatus(id: String, to status: CustomerStatus, expectedVersion: Int?, context: RequestContext) throws -> Customer {
        let customer = try get(id: id, context: context)
        if customer.status == .merged { throw KehuError.conflict("The customer was merged into \(customer.mergedInto ?? "another"); undo the merge instead.") }
        try Versioning.check(expectedVersion, current: customer.version, entity: "customer")
        let action = status == .active ? "restored" : "archived"
        return try customers.setStatus(
            id: id, to: status, expectedVersion: expectedVersion ?? customer.version, scope: AccessPolicy.customerScope(for: context.principal),
            rules: try settings.classificationRules(),
            mutation: Mutation(entityType: "customer", entityID: id, action: action, changedFields: ["status"], auditValues: ["status": status.rawValue]),
            context: context
        )
    }

    /// Erases the customer's data for good (admins; the route checks the permission).
    public func erase(id: String, context: RequestContext) throws {
        try AccessPolicy.check(context.principal, .eraseCustomers)
        try customers.erase(id: id, context: context)
    }

    public func duplicates(page: PageRequest, context: RequestContext) throws -> Page<DuplicatePair> {
        try customers.duplicates(scope: AccessPolicy.customerScope(for: context.principal), page: page)
    }

    /// Merges `sourceID` into `targetID`, or with `dryRun` only says what would happen.
    public func merge(targetID: String, sourceID: String, dryRun: Bool, context: RequestContext) throws -> MergeRecord {
        let scope = AccessPolicy.customerScope(for: context.principal)
        if dryRun { return try customers.previewMerge(targetID: targetID, sourceID: sourceID, scope: scope, now: context.now) }
        return try customers.merge(targetID: targetID, sourceID: sourceID, mergeID: environment.makeID("mrg"), scope: scope,
                                   rules: try settings.classificationRules(), context: context)
    }

    public func findMerge(id: String, context: RequestContext) throws -> MergeRecord {
        guard let merge = try customers.findMerge(id: id, scope: AccessPolicy.customerScope(for: context.principal)) else {
            throw KehuError.notFound(entity: "merge", id: id)
        }
        return merge
    }

    public func undoMerge(id: String, context: RequestContext) throws -> MergeRecord {
        try customers.undoMerge(id: id, scope: AccessPolicy.customerScope(for: context.principal), rules: try settings.classificationRules(), context: context)
    }

    /// Re-evaluates stages that time alone changes (silence, the 12-month window); `all`
    /// after the thresholds changed. Returns how many customers changed.
    public func reclassify(all: Bool, context: RequestContext) throws -> Int {
        try customers.reclassify(rules: try settings.classificationRules(), all: all, context: context)
    }

    /// The thresholds and their version.
    public func classificationRules() throws -> (ClassificationRules, version: Int) {
        try settings.get(SettingsService.classificationKey, as: ClassificationRules.self, fallback: .default)
    }

    /// Stores new thresholds and reclassifies every customer with them.
    public func setClassificationRules(_ rules: ClassificationRules, expectedVersion: Int?, context: RequestContext) throws -> Int {
        let version = try settings.put(SettingsService.classificationKey, try rules.validated(), expectedVersion: expectedVersion, context: context)
        _ = try customers.reclassify(rules: rules, all: true, context: context)
        return version
    }
}
