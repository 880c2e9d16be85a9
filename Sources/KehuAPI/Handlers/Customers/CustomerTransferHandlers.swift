import Foundation
import HTTPServer
import KehuCore

/// `POST /v1/customers/import` and `GET /v1/customers/export`: the customer file in and
/// out as CSV or NDJSON, with the same columns both ways (`CustomerColumns`).
///
/// Import reads the (buffered) body row by row and hands rows to `CustomerImport`, which
/// writes them in batches; the answer is a report with per-row errors. Export streams:
/// customers are read page by page and sent in pieces of about `exportPieceBytes`.
struct CustomerTransferHandlers {
    static let exportPieceBytes = 64 * 1024

    let customers: CustomerService
    let imports: CustomerImportService

    func register(on routes: inout V1Routes) {
        routes.add(.post, CustomerTransferRoutes.importPath, .writeCustomers) { request, context in try importCustomers(request, context) }
        routes.add(.get, "/v1/customers/export", .readCustomers, lane: .long) { request, context in try export(request, context) }
    }

    func importCustomers(_ request: Request, _ context: RequestContext) throws -> Response {
        let options = try ImportOptions(request)
        guard !request.body.isEmpty else {
            throw KehuError.validation([FieldError(field: "body", message: "Send the file as the request body.")])
        }
        var session = try imports.begin(dryRun: options.dryRun, context: context)
        switch options.format {
        case .csv: try CustomerFileReader.readCSV(request.body, charset: options.charset, into: &session)
        case .ndjson: try CustomerFileReader.readNDJSON(request.body, charset: options.charset, into: &session)
        }
        return try .json(ImportReportBody(try session.finish()))
    }

    func export(_ request: Request, _ context: RequestContext) throws -> Response {
        let query = try request.customerQuery(extra: ["format", "bom"])
        var errors: [FieldError] = []
        for name in ["limit", "cursor"] where request.queryValue(name) != nil {
            errors.append(FieldError(field: name, message: "An export has every matching customer; it takes no \(name)."))
        }
        let format = try TransferFormat(query: request.queryValue("format") ?? "csv")
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let bom = try request.flag("bom")
        var headers = HTTPHeaders()
        headers.set("Content-Type", format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
        headers.set("Content-Disposition", "attachment; filename=\"customers.\(format.rawValue)\"")
        headers.set("Cache-Control", "no-store")
        let customers = self.customers
        return Response(status: .ok, headers: headers, body: .stream { writer in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(Self.exportPieceBytes + 16 * 1024)
            if bom && format == .csv { buffer += [0xEF, 0xBB, 0xBF] } // lets Excel see UTF-8
            if format == .csv { CustomerExportEncoding.appendCSVHeader(to: &buffer) }
            try customers.forEach(query, context: context) { customer in
                switch format {
                case .csv: CustomerExportEncoding.appendCSV(customer, to: &buffer)
                case .ndjson: CustomerExportEncoding.appendNDJSON(customer, to: &buffer)
                }
                if buffer.count >= Self.exportPieceBytes {
                    try writer.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try writer.write(buffer)
        })
    }
}

/// Paths the composition root needs to know: the import takes bodies far larger than
/// the server's default limit (`HTTPParserLimits.maxBodyBytesByPath`).
public enum CustomerTransferRoutes {
    /// `POST` a CSV or NDJSON file here.
    public static let importPath = "/v1/customers/import"
    /// The import's default body limit: 50 MiB.
    public static let defaultMaxImportBytes = 50 * 1024 * 1024
}

/// The file formats of import and export.
enum TransferFormat: String, Sendable {
    case csv, ndjson

    init(query value: String) throws {
        guard let format = TransferFormat(rawValue: value.lowercased()) else {
            throw KehuError.validation([FieldError(field: "format", message: "Must be csv or ndjson.")])
        }
        self = format
    }

    /// The format a media type names: CSV, or NDJSON / JSON Lines.
    init?(mediaType: String) {
        switch mediaType {
        case "text/csv", "application/csv", "text/comma-separated-values": self = .csv
        case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines": self = .ndjson
        default: return nil
        }
    }
}

/// The options of an import: `format` (else from Content-Type), `charset` (else from
/// Content-Type, else detected) and `dryRun`, all from the query.
struct ImportOptions {
    var format: TransferFormat
    var charset: ImportCharset?
    var dryRun: Bool

    init(_ request: Request) throws {
        var errors: [FieldError] = []
        for (name, _) in request.queryItems where !["format", "charset", "dryRun"].contains(name) {
            errors.append(FieldError(field: name, message: "Unknown query parameter."))
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        let parts = (request.headers["Content-Type"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let mediaType = parts.first?.lowercased() ?? ""
        let headerCharset = parts.dropFirst().first { $0.lowercased().hasPrefix("charset=") }.map { String($0.dropFirst("charset=".count)) }
        if let value = request.queryValue("format") {
            format = try TransferFormat(query: value)
        } else if let format = TransferFormat(mediaType: mediaType) {
            self.format = format
        } else {
            throw HTTPError(.unsupportedMediaType, detail: "Send text/csv or application/x-ndjson, or say format=csv or format=ndjson; not \(mediaType.isEmpty ? "a body without Content-Type" : mediaType).")
        }
        if let label = request.queryValue("charset") ?? headerCharset {
            guard let charset = ImportCharset(label: label) else {
                throw KehuError.validation([FieldError(field: "charset", message: "Must be utf-8 or gbk (also gb2312, gb18030).")])
            }
            self.charset = charset
        } else {
            charset = nil
        }
        dryRun = try request.flag("dryRun")
    }
}

/// `{"created":…,"updated":…,"unchanged":…,"skipped":…,"rows":…,"dryRun":…,"errors":[…],"errorsOmitted":…}`.
struct ImportReportBody: Encodable {
    var rows: Int
    var created: Int
    var updated: Int
    var unchanged: Int
    var skipped: Int
    var dryRun: Bool
    var errors: [ImportRowError]
    var errorsOmitted: Int

    init(_ report: ImportReport) {
        rows = report.rows
        created = report.created
        updated = report.updated
        unchanged = report.unchanged
        skipped = report.skipped
        dryRun = report.dryRun
        errors = report.errors
        errorsOmitted = report.errorsOmitted
    }
}
