import Foundation

/// One row of an import file, read into fields (not yet validated).
public struct ImportRow: Sendable, Equatable {
    /// The row number the report names: CSV data rows from 2 (row 1 is the header),
    /// NDJSON lines from 1.
    public var number: Int
    /// The customer id the row names, if any.
    public var id: String?
    /// The row's fields: absent ones stay unchanged on update; `cleared` ones (NDJSON
    /// `null`) are emptied, as in a merge patch.
    public var fields: CustomerFields

    /// A row as read from the file.
    public init(number: Int, id: String?, fields: CustomerFields) {
        self.number = number
        self.id = id
        self.fields = fields
    }
}

/// One problem with one row: the field it concerns (`row` for the row as a whole) and why.
public struct ImportRowError: Sendable, Equatable, Codable {
    /// The row number (see `ImportRow.number`).
    public var row: Int
    /// The field (`email`, `tags[2]`), or `row` for the row as a whole.
    public var field: String
    /// What is wrong, for people.
    public var message: String

    /// An error of one row.
    public init(row: Int, field: String, message: String) {
        self.row = row
        self.field = field
        self.message = message
    }
}

/// What an import did (or, in a dry run, would do).
///
/// Every data row is counted exactly once: `rows == created + updated + unchanged + skipped`.
/// `skipped` rows had errors and were left out; the other rows were still imported.
public struct ImportReport: Sendable, Equatable {
    /// Whether nothing was written.
    public var dryRun: Bool
    /// Data rows read (blank lines excluded).
    public var rows = 0
    /// Rows that created a customer.
    public var created = 0
    /// Rows that changed an existing customer.
    public var updated = 0
    /// Rows that matched a customer whose fields already had the row's values.
    public var unchanged = 0
    /// Rows with errors, left out.
    public var skipped = 0
    /// The first `CustomerImportService.maxListedErrors` errors, in row order.
    public var errors: [ImportRowError] = []
    /// Errors beyond those listed.
    public var errorsOmitted = 0

    /// An empty report.
    public init(dryRun: Bool) { self.dryRun = dryRun }
}

/// What happened to one row: written, found unchanged, or refused with its errors.
enum ImportOutcome: Sendable, Equatable {
    case created, updated, unchanged
    case failed([FieldError])
}
