import Foundation

/// The storage an import writes through: one batch of rows per call, each batch in one
/// transaction (imports write in batches, never one transaction per row).
public protocol CustomerImportRepository: Sendable {
    /// Runs `body` in one write transaction and commits it; with `commit: false` (a dry
    /// run) rolls it back instead, so that everything is checked but nothing is kept.
    /// Errors thrown by `body` roll back and are rethrown.
    func importBatch<T>(commit: Bool, context: RequestContext, _ body: (any CustomerImportStore) throws -> T) throws -> T
}

/// Reads and writes inside one import transaction. Valid only inside the
/// `importBatch` closure it was passed to.
public protocol CustomerImportStore {
    /// The customer with `id` in any status and of any owner.
    func customer(id: String) throws -> Customer?
    /// An active customer with the normalised `phone`, else one with `email`, of any owner.
    func activeCustomer(phone: String?, email: String?) throws -> Customer?
    /// Inserts a new customer with its index and records `customer.created`. An unknown
    /// owner throws `validation` naming `ownerId`.
    func insert(_ customer: Customer) throws
    /// Replaces the editable fields, `updatedAt` and `version` of an existing customer
    /// with those of `customer`, re-indexes it and records `mutation`; reclassifies it
    /// with `rules` when `reclassify`. An unknown owner throws `validation` naming `ownerId`.
    func update(_ customer: Customer, mutation: Mutation, rules: ClassificationRules, reclassify: Bool) throws
}
