import Foundation

/// Deals (销售漏斗): opportunities on customers, moved through the funnel's stages with every
/// stint kept, lost with a reason, won with an optional purchase on the customer. Each
/// change runs as one transaction over the deal as stored; the stage rule is `Deal.move`.
public struct DealService: Sendable {
    let deals: any DealRepository
    let settings: SettingsService
    let environment: Environment

    public init(deals: any DealRepository, settings: SettingsService, environment: Environment) {
        self.deals = deals
        self.settings = settings
        self.environment = environment
    }

    /// Reps: deals they own and deals on their customers (the repository applies both).
    static func scope(_ context: RequestContext) -> OwnerScope { AccessPolicy.customerScope(for: context.principal) }

    public func create(_ input: DealInput, context: RequestContext) throws -> Deal {
        let rules = try settings.classificationRules()
        var validator = Validator()
        let title = validator.requiredText(input.title, field: "title", maxLength: DealLimits.titleLength)
        validator.amount(input.amount, field: "amount")
        let currency = validator.currency(input.currency ?? rules.baseCurrency, field: "currency")
        let notes = validator.optionalText(input.notes, field: "notes", maxLength: DealLimits.notesLength)
        let stage = input.stage ?? .lead
        if !stage.isOpen { validator.fail("stage", "A deal starts in an open stage (\(DealStage.open.map(\.rawValue).joined(separator: ", "))); win or lose it afterwards.") }
        try validator.check()
        if let owner = input.ownerID { try Self.checkOwner(owner, context: context) }
        let customerScope = AccessPolicy.customerScope(for: context.principal)
        let customer = try deals.customer(id: input.customerID, customerScope: customerScope)
        let deal = Deal(id: environment.makeID("del"), customerID: customer.id, title: title ?? "", amount: input.amount, currency: currency,
                        stage: stage, ownerID: input.ownerID ?? customer.ownerID ?? Self.actor(context), expectedCloseAt: input.expectedCloseAt,
                        notes: notes, createdBy: Self.actor(context), createdAt: context.now)
        let first = DealStageChange(dealID: deal.id, from: nil, to: stage, note: nil, actorID: Self.actor(context), at: context.now)
        var values = ["customerId": deal.customerID, "stage": stage.rawValue, "amount": String(deal.amount), "currency": deal.currency]
        if let owner = deal.ownerID { values["ownerId"] = owner }
        let fields = ["customerId", "title", "amount", "currency", "stage"] + (deal.ownerID == nil ? [] : ["ownerId"])
            + (deal.expectedCloseAt == nil ? [] : ["expectedCloseAt"]) + (deal.notes == nil ? [] : ["notes"])
        let created = Mutation(entityType: "deal", entityID: deal.id, action: "created", changedFields: fields, auditValues: values)
        try deals.insert(deal, stage: first, mutations: [created], customerScope: customerScope, context: context)
        return deal
    }

    public func get(id: String, context: RequestContext) throws -> Deal {
        guard let deal = try deals.find(id: id, scope: Self.scope(context)) else { throw KehuError.notFound(entity: "deal", id: id) }
        return deal
    }

    public func list(_ query: DealQuery, page: PageRequest, context: RequestContext) throws -> Page<Deal> {
        try deals.list(query, scope: Self.scope(context), page: page)
    }

    public func stages(id: String, page: PageRequest, context: RequestContext) throws -> Page<DealStageChange> {
        try deals.stages(dealID: id, scope: Self.scope(context), page: page)
    }

    /// The editable fields. `lostReason` only rewords the reason of a lost deal.
    public func update(id: String, patch: DealPatch, expectedVersion: Int?, context: RequestContext) throws -> Deal {
        var validator = Validator()
        let title = patch.title.flatMap { validator.requiredText($0, field: "title", maxLength: DealLimits.titleLength) }
        if let amount = patch.amount { validator.amount(amount, field: "amount") }
        let currency = patch.currency.map { validator.currency($0, field: "currency") }
        let notes = validator.optionalText(patch.notes, field: "notes", maxLength: DealLimits.notesLength)
        let lostReason = patch.lostReason.flatMap { validator.requiredText($0, field: "lostReason", maxLength: DealLimits.lostReasonLength) }
        try validator.check()
        if let owner = patch.ownerID { try Self.checkOwner(owner, context: context) }
        var current: Deal?
        let write = try deals.change(id: id, scope: Self.scope(context), context: context) { before in
            try Versioning.check(expectedVersion, current: before.version, entity: "deal")
            current = before
            var deal = before
            if let title { deal.title = title }
            if let amount = patch.amount { deal.amount = amount }
            if let currency { deal.currency = currency }
            if let owner = patch.ownerID { deal.ownerID = owner }
            if let close = patch.expectedCloseAt { deal.expectedCloseAt = close } else if patch.cleared.contains("expectedCloseAt") { deal.expectedCloseAt = nil }
            if patch.notes != nil || patch.cleared.contains("notes") { deal.notes = notes }
            if let lostReason {
                guard deal.stage == .lost else {
                    throw KehuError.validation([FieldError(field: "lostReason", message: "Only a lost deal has a reason; lose it with POST /v1/deals/\(id)/stage.")])
                }
                deal.lostReason = lostReason
            }
            guard deal != before else { return DealWrite() }
            deal.version += 1
            deal.updatedAt = context.now
            return Self.updateWrite(from: before, to: deal)
        }
        guard let deal = write.deal ?? current else { preconditionFailure("change ran its closure or threw") }
        return deal
    }

    /// Moves the deal to another stage, keeping the stint with its actor, time and note. A
    /// win with `recordPurchase` records the deal's amount as a purchase on the customer in
    /// the same transaction.
    public func changeStage(id: String, _ input: StageChangeInput, expectedVersion: Int?, context: RequestContext) throws -> Deal {
        var validator = Validator()
        let note = validator.optionalText(input.note, field: "note", maxLength: DealLimits.noteLength)
        let lostReason = validator.textOfMove(input.lostReason, field: "lostReason", needed: input.stage == .lost, maxLength: DealLimits.lostReasonLength,
                                              missing: "Losing a deal needs a reason.", refused: "Only a move to lost takes a reason.")
        if input.recordPurchase, input.stage != .won { validator.fail("recordPurchase", "Only a move to won records a purchase.") }
        try validator.check()
        let rules = try settings.classificationRules()
        let write = try deals.change(id: id, scope: Self.scope(context), context: context) { current in
            try Versioning.check(expectedVersion, current: current.version, entity: "deal")
            var deal = current
            let change = try deal.move(to: input.stage, at: context.now, actorID: Self.actor(context), note: note, lostReason: lostReason)
            var write = DealWrite(deal: deal)
            write.stageChange = change
            write.classification = rules
            if input.recordPurchase {
                let purchase = try PurchaseInput(amount: deal.amount, currency: deal.currency, product: deal.title, channel: "deal", purchasedAt: context.now)
                    .validated(id: environment.makeID("pur"), customerID: deal.customerID, defaultCurrency: rules.baseCurrency, now: context.now)
                write.purchase = purchase
                write.deal?.purchaseID = purchase.id
            }
            var fields = ["stage"]
            var values = ["customerId": deal.customerID, "from": current.stage.rawValue, "to": deal.stage.rawValue]
            if deal.lostReason != current.lostReason { fields.append("lostReason") }
            if let purchase = write.purchase {
                fields.append("purchaseId")
                values["purchaseId"] = purchase.id
            }
            write.mutations = [Mutation(entityType: "deal", entityID: deal.id, action: "stage_changed", changedFields: fields, auditValues: values)]
            return write
        }
        return write.deal!
    }

    // MARK: Rules

    /// The journal entry of an edit: the fields that changed, with the values safe to keep
    /// (amounts and owners; never the title, notes or reason).
    static func updateWrite(from before: Deal, to deal: Deal) -> DealWrite {
        var write = DealWrite(deal: deal)
        var changed: [String] = []
        var values = ["customerId": deal.customerID]
        if deal.title != before.title { changed.append("title") }
        if deal.amount != before.amount {
            changed.append("amount")
            values["amount"] = String(deal.amount)
        }
        if deal.currency != before.currency {
            changed.append("currency")
            values["currency"] = deal.currency
        }
        if deal.ownerID != before.ownerID {
            changed.append("ownerId")
            values["ownerId"] = deal.ownerID ?? ""
        }
        if deal.expectedCloseAt != before.expectedCloseAt { changed.append("expectedCloseAt") }
        if deal.notes != before.notes { changed.append("notes") }
        if deal.lostReason != before.lostReason { changed.append("lostReason") }
        write.mutations = [Mutation(entityType: "deal", entityID: deal.id, action: "updated", changedFields: changed, auditValues: values)]
        return write
    }

    /// Reps own their deals themselves; giving one to someone else is for managers.
    static func checkOwner(_ ownerID: String, context: RequestContext) throws {
        if context.principal.role == .rep, ownerID != context.principal.userID {
            throw KehuError.forbidden("A rep cannot give a deal to someone else.")
        }
    }

    static func actor(_ context: RequestContext) -> String? { context.principal.isSystem ? nil : context.principal.userID }
}
