import Foundation

/// What one deal write changes, decided by the service from the deal as stored and applied
/// by the repository in the same transaction: the deal, the stint it enters, the purchase
/// a win records, the journal.
public struct DealWrite: Sendable {
    public var deal: Deal?
    /// A new stint: the repository ends the current one at its `at` and keeps this one.
    public var stageChange: DealStageChange?
    /// A purchase to record on the deal's customer, written by the same code as
    /// `POST /v1/customers/{id}/purchases` (stats, classification, journal) before the deal.
    public var purchase: Purchase?
    /// The rules the customer is reclassified by after `purchase`.
    public var classification: ClassificationRules = .default
    public var mutations: [Mutation] = []

    public init(deal: Deal? = nil) { self.deal = deal }
}

/// Storage of deals and their stage history. `scope` is the caller's view: a rep sees deals
/// they own and deals on customers they own, applied in SQL.
public protocol DealRepository: Sendable {
    /// The customer a new deal is for, if active and in `customerScope` (else 422 on `customerId`).
    func customer(id: String, customerScope: OwnerScope) throws -> CustomerBrief
    /// Stores a new deal with its first stint and journal entries; the owner must be an
    /// active user who is not a viewer (else 422 on `ownerId`).
    func insert(_ deal: Deal, stage: DealStageChange, mutations: [Mutation], customerScope: OwnerScope, context: RequestContext) throws
    func find(id: String, scope: OwnerScope) throws -> Deal?
    func list(_ query: DealQuery, scope: OwnerScope, page: PageRequest) throws -> Page<Deal>
    /// The deal's stints, oldest first; `notFound` if the deal is not visible.
    func stages(dealID: String, scope: OwnerScope, page: PageRequest) throws -> Page<DealStageChange>
    /// Reads the deal (missing or outside `scope`: `notFound`), lets `decide` say what to
    /// write, and writes it, in one transaction; returns what was written.
    func change(id: String, scope: OwnerScope, context: RequestContext, _ decide: (Deal) throws -> DealWrite) throws -> DealWrite
}
