import Foundation
import Synchronization

/// Customer import: upserts rows in batches, one transaction per batch, with the same
/// validation, ownership and journal as single writes.
///
/// A row updates the customer it names by `id` (if in the caller's scope), else the
/// active customer with its normalised phone, else the one with its e-mail; otherwise it
/// creates a customer (with the row's `id` if it has a well-formed one, so files move
/// between installations with their ids). Updates are merge patches: only the row's
/// present fields change. Each written row records its own `customer.created` or
/// `customer.updated` mutation (audit entry, change event, webhooks), as a single write
/// would. Rows with errors are reported and left out; they never stop the other rows.
public struct CustomerImportService: Sendable {
    /// Errors listed in a report; more are only counted.
    public static let maxListedErrors = 1_000

    let repository: any CustomerImportRepository
    let settings: SettingsService
    let environment: Environment
    /// Rows per write transaction: large enough to amortise the commit, small enough that
    /// other writers wait at most a fraction of a second.
    let batchSize: Int

    /// `batchSize`: rows per transaction (2,000 measured best of 1,000, 2,000 and 5,000
    /// against the time other writers wait; see docs/import-export.md).
    public init(repository: any CustomerImportRepository, settings: SettingsService, environment: Environment, batchSize: Int = 2_000) {
        precondition(batchSize > 0, "batchSize must be positive")
        self.repository = repository
        self.settings = settings
        self.environment = environment
        self.batchSize = batchSize
    }

    /// Starts an import for the caller. Feed it rows in file order, then `finish` it.
    /// `dryRun`: every row is checked and applied in transactions that are rolled back.
    public func begin(dryRun: Bool, context: RequestContext) throws -> CustomerImport {
        try AccessPolicy.check(context.principal, .writeCustomers)
        return CustomerImport(service: self, rules: try settings.classificationRules(), dryRun: dryRun, context: context)
    }
}

/// One import in progress, for one request. Not thread-safe; use it from one thread.
///
/// Rows are checked on the caller's thread while the previous batch is written on
/// another, so reading and validating a file overlaps with writing it (one batch in
/// flight at most). Going out of scope waits for that batch, so nothing is written after
/// the caller has moved on, even when it stops early by throwing.
public struct CustomerImport: ~Copyable {
    private enum Pending {
        case row(ImportRow)
        case rejected(number: Int, errors: [FieldError])
    }

    private var writer: ImportBatchWriter
    private var pending: [Pending] = []
    private var report: ImportReport
    private var inFlight: InFlightBatch?

    init(service: CustomerImportService, rules: ClassificationRules, dryRun: Bool, context: RequestContext) {
        writer = ImportBatchWriter(service: service, rules: rules, context: context, dryRun: dryRun)
        report = ImportReport(dryRun: dryRun)
        pending.reserveCapacity(service.batchSize)
    }

    deinit {
        if let flight = inFlight { _ = flight.result() }
    }

    /// Adds a row read from the file; writes a batch when enough rows are waiting.
    /// Throws only what storage throws (the batch is rolled back; earlier batches stay).
    public mutating func add(_ row: ImportRow) throws {
        var row = row
        do {
            row.fields = try CustomerValidation.normalize(row.fields, requireName: false, today: writer.context.now)
        } catch KehuError.validation(let errors) {
            return try reject(row: row.number, errors: errors)
        }
        pending.append(.row(row))
        if pending.count >= writer.service.batchSize { try flush() }
    }

    /// Counts a row that could not be read (bad cell, malformed line) as skipped.
    public mutating func reject(row: Int, errors: [FieldError]) throws {
        pending.append(.rejected(number: row, errors: errors))
        if pending.count >= writer.service.batchSize { try flush() }
    }

    /// Writes what is left and returns the report.
    public mutating func finish() throws -> ImportReport {
        try flush()
        try collect()
        return report
    }

    /// Waits for the batch in flight, then starts writing the waiting rows.
    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try collect()
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let rows = batch.compactMap { if case .row(let row) = $0 { row } else { nil } }
        let flight = InFlightBatch(batch: batch)
        let writer = writer
        if rows.isEmpty {
            flight.complete(.success(ImportBatchWriter.Written(outcomes: [], createdKeys: [])))
        } else {
            DispatchQueue.global().async { flight.complete(Result { try writer.write(rows) }) }
        }
        inFlight = flight
    }

    /// Waits for the batch in flight, if any, and counts its rows into the report.
    private mutating func collect() throws {
        guard let flight = inFlight else { return }
        inFlight = nil
        let written = try flight.result().get()
        writer.dryRunKeys.formUnion(written.createdKeys)
        var next = written.outcomes.makeIterator()
        for item in flight.batch {
            switch item {
            case .rejected(let number, let errors): count(.failed(errors), row: number)
            case .row(let row): count(next.next()!, row: row.number)
            }
        }
    }

    private mutating func count(_ outcome: ImportOutcome, row: Int) {
        report.rows += 1
        switch outcome {
        case .created: report.created += 1
        case .updated: report.updated += 1
        case .unchanged: report.unchanged += 1
        case .failed(let errors):
            report.skipped += 1
            for error in errors.isEmpty ? [FieldError(field: "row", message: "The row could not be imported.")] : errors {
                if report.errors.count < CustomerImportService.maxListedErrors {
                    report.errors.append(ImportRowError(row: row, field: error.field, message: error.message))
                } else {
                    report.errorsOmitted += 1
                }
            }
        }
    }

    /// A batch being written on another thread, and its rows for the report.
    private final class InFlightBatch: Sendable {
        let batch: [Pending]
        private let outcome = Mutex<Result<ImportBatchWriter.Written, any Error>?>(nil)
        private let done = DispatchSemaphore(value: 0)

        init(batch: [Pending]) { self.batch = batch }

        func complete(_ result: Result<ImportBatchWriter.Written, any Error>) {
            outcome.withLock { $0 = result }
            done.signal()
        }

        /// Waits for the write. Call once: `collect` and `deinit` each take the batch
        /// out of `inFlight` first.
        func result() -> Result<ImportBatchWriter.Written, any Error> {
            done.wait()
            return outcome.withLock { $0! }
        }
    }
}

/// Applies checked rows to storage, one transaction per batch.
struct ImportBatchWriter: Sendable {
    struct Written: Sendable {
        var outcomes: [ImportOutcome]
        /// Dry runs only: match keys of the customers the rolled-back batch created.
        var createdKeys: Set<String>
    }

    let service: CustomerImportService
    let rules: ClassificationRules
    let context: RequestContext
    let dryRun: Bool
    /// Dry runs only: ids, phones and e-mails that rolled-back batches created, so that a
    /// later row matching one counts as an update, as it would in a real import.
    var dryRunKeys: Set<String> = []

    init(service: CustomerImportService, rules: ClassificationRules, context: RequestContext, dryRun: Bool) {
        self.service = service
        self.rules = rules
        self.context = context
        self.dryRun = dryRun
    }

    /// Writes `rows` (already normalised) in one transaction.
    func write(_ rows: [ImportRow]) throws -> Written {
        var createdKeys = Set<String>()
        let outcomes: [ImportOutcome] = try service.repository.importBatch(commit: !dryRun, context: context) { store in
            try rows.map { row in
                let outcome = try apply(row, in: store)
                if outcome == .created && dryRun { createdKeys.formUnion(Self.keys(of: row)) }
                return outcome
            }
        }
        return Written(outcomes: outcomes, createdKeys: createdKeys)
    }

    /// Applies one row inside the batch's transaction.
    private func apply(_ row: ImportRow, in store: any CustomerImportStore) throws -> ImportOutcome {
        let fields = row.fields
        let scope = AccessPolicy.customerScope(for: context.principal)
        if let id = row.id, let found = try store.customer(id: id) {
            guard scope.permits(ownerID: found.ownerID) else { return .failed([FieldError(field: "id", message: "No customer with this id.")]) }
            switch found.status {
            case .active: return try update(found, with: fields, in: store)
            case .archived: return .failed([FieldError(field: "id", message: "The customer is archived; restore it first.")])
            case .merged: return .failed([FieldError(field: "id", message: "The customer was merged into \(found.mergedInto ?? "another").")])
            }
        }
        if fields.phone != nil || fields.email != nil, let found = try store.activeCustomer(phone: fields.phone, email: fields.email) {
            guard scope.permits(ownerID: found.ownerID) else {
                let field = found.phone != nil && found.phone == fields.phone ? "phone" : "email"
                return .failed([FieldError(field: field, message: "Another customer, owned by someone else, already has this \(field == "phone" ? "phone number" : "e-mail address").")])
            }
            return try update(found, with: fields, in: store)
        }
        if dryRun, !dryRunKeys.isDisjoint(with: Self.keys(of: row)) {
            return .updated // created by an earlier, rolled-back batch of this dry run
        }
        return try create(row, fields: fields, in: store)
    }

    private func create(_ row: ImportRow, fields input: CustomerFields, in store: any CustomerImportStore) throws -> ImportOutcome {
        var fields = input
        guard let name = fields.name else { return .failed([FieldError(field: "name", message: "This field is required for a new customer.")]) }
        if let id = row.id, !CustomerID.isWellFormed(id) {
            return .failed([FieldError(field: "id", message: "No customer with this id, and it cannot name a new one: use cus_ and up to 64 letters, digits, _ or -.")])
        }
        let principal = context.principal
        if principal.role == .rep {
            if let requested = fields.ownerID, requested != principal.userID {
                return .failed([FieldError(field: "ownerId", message: "A rep can only own customers themselves.")])
            }
            fields.ownerID = principal.userID
        } else if fields.ownerID == nil && !fields.cleared.contains("ownerId") && !principal.isSystem {
            fields.ownerID = principal.userID
        }
        var customer = Customer(id: row.id ?? service.environment.makeID("cus"), type: fields.type ?? .individual, name: name, createdAt: context.now)
        customer.apply(fields)
        customer.classify(rules, now: context.now)
        do {
            try store.insert(customer)
        } catch KehuError.validation(let errors) {
            return .failed(errors)
        }
        return .created
    }

    private func update(_ existing: Customer, with input: CustomerFields, in store: any CustomerImportStore) throws -> ImportOutcome {
        var fields = input
        let principal = context.principal
        if principal.role == .rep && (fields.cleared.contains("ownerId") || (fields.ownerID != nil && fields.ownerID != principal.userID)) {
            return .failed([FieldError(field: "ownerId", message: "Only managers and admins assign owners.")])
        }
        let unlockTier = fields.cleared.remove("tier") != nil
        var customer = existing
        customer.apply(fields)
        if unlockTier { customer.tierLocked = false }
        let changed = customer.changedFields(from: existing)
        guard !changed.isEmpty else { return .unchanged }
        customer.updatedAt = context.now
        customer.version = existing.version + 1
        var values = customer.auditValues(for: changed)
        values["version"] = String(customer.version)
        let mutation = Mutation(entityType: "customer", entityID: customer.id, action: "updated", changedFields: changed, auditValues: values)
        do {
            try store.update(customer, mutation: mutation, rules: rules, reclassify: changed.contains("tier") || changed.contains("tierLocked"))
        } catch KehuError.validation(let errors) {
            return .failed(errors)
        }
        return .updated
    }

    /// The id, normalised phone and normalised e-mail of a row, as match keys.
    private static func keys(of row: ImportRow) -> Set<String> {
        var keys = Set<String>()
        if let id = row.id { keys.insert("i:" + id) }
        if let phone = row.fields.phone.flatMap(PhoneNumber.normalize) { keys.insert("p:" + phone) }
        if let email = row.fields.email.flatMap(EmailAddress.normalize) { keys.insert("e:" + email) }
        return keys
    }
}
