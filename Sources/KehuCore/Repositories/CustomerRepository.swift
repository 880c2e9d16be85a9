import Foundation

/// Storage of customers and what hangs off them. Every write keeps the customer's stats,
/// stage, tier and search index correct and records its `Mutation`s, in one transaction.
/// `scope` is applied inside the SQL: a record outside it is treated as missing.
public protocol CustomerRepository: Sendable {
    /// Inserts `customer`. Unless `allowDuplicate`, another active customer with the same
    /// phone or e-mail throws `conflict` naming it (checked in the same transaction).
    func insert(_ customer: Customer, allowDuplicate: Bool, context: RequestContext) throws
    /// The customer with `id` in any status, with stats as of `now`.
    func find(id: String, scope: OwnerScope, now: Date) throws -> Customer?
    /// A page of customers matching `query`.
    func list(_ query: CustomerQuery, scope: OwnerScope, page: PageRequest, now: Date) throws -> Page<Customer>
    /// Calls `body` with every customer matching `query`, in pages read one at a time.
    func forEach(_ query: CustomerQuery, scope: OwnerScope, now: Date, _ body: (Customer) throws -> Void) throws
    /// Replaces the editable fields if the version is still `expectedVersion`, then
    /// reclassifies with `rules`. Missing: `notFound`; stale: `preconditionFailed`. With
    /// `checkDuplicates`, another active customer with the same phone or e-mail is `conflict`.
    func update(_ customer: Customer, expectedVersion: Int, checkDuplicates: Bool, rules: ClassificationRules, mutation: Mutation, context: RequestContext) throws -> Customer
    /// Sets the status (archive, restore) if the version is still `expectedVersion`.
    func setStatus(id: String, to status: CustomerStatus, expectedVersion: Int, scope: OwnerScope, rules: ClassificationRules, mutation: Mutation, context: RequestContext) throws -> Customer
    /// Removes the customer and everything of it, search rows and stored answers included;
    /// the audit entry keeps no personal data.
    func erase(id: String, context: RequestContext) throws

    func insertContact(_ contact: Contact, scope: OwnerScope, context: RequestContext) throws
    func contacts(customerID: String, scope: OwnerScope, page: PageRequest) throws -> Page<Contact>
    func contact(id: String, customerID: String, scope: OwnerScope) throws -> Contact?
    func updateContact(_ contact: Contact, expectedVersion: Int, scope: OwnerScope, mutation: Mutation, context: RequestContext) throws
    func deleteContact(id: String, customerID: String, scope: OwnerScope, context: RequestContext) throws

    /// Inserts a purchase and refreshes the customer's stats and classification.
    func insertPurchase(_ purchase: Purchase, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws
    func purchases(customerID: String, scope: OwnerScope, page: PageRequest) throws -> Page<Purchase>
    func deletePurchase(id: String, customerID: String, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws

    /// Inserts an interaction and refreshes the customer's stats and classification.
    func insertInteraction(_ interaction: Interaction, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws
    func interactions(customerID: String, scope: OwnerScope, page: PageRequest) throws -> Page<Interaction>

    /// Purchases, interactions and contacts (later follow-ups, feedback, deals), newest first.
    func timeline(customerID: String, scope: OwnerScope, page: PageRequest) throws -> Page<TimelineItem>

    /// Candidate duplicate pairs among active customers in `scope`.
    func duplicates(scope: OwnerScope, page: PageRequest) throws -> Page<DuplicatePair>
    /// What merging `sourceID` into `targetID` would move and which values conflict.
    func previewMerge(targetID: String, sourceID: String, scope: OwnerScope, now: Date) throws -> MergeRecord
    /// Merges in one transaction and records it under `mergeID`.
    func merge(targetID: String, sourceID: String, mergeID: String, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws -> MergeRecord
    func findMerge(id: String, scope: OwnerScope) throws -> MergeRecord?
    /// Undoes a merge if neither side changed since; else `conflict`.
    func undoMerge(id: String, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws -> MergeRecord

    /// Reclassifies customers whose stage may have changed with time alone (silence,
    /// the 12-month window); returns how many changed.
    func reclassify(rules: ClassificationRules, all: Bool, context: RequestContext) throws -> Int
}

/// Named JSON settings with versions.
public protocol SettingsRepository: Sendable {
    /// The stored JSON text and version of `key`, or nil if never set.
    func find(key: String) throws -> (json: String, version: Int)?
    /// Stores `json` if the version is still `expectedVersion` (nil: any); returns the new version.
    func save(key: String, json: String, expectedVersion: Int?, context: RequestContext) throws -> Int
}
