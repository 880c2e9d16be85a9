import Foundation
import HTTPServer
import KehuCore

/// Deal documents, written straight to JSON: keys sorted, absent values null.
extension JSONWriter {
    mutating func deal(_ deal: Deal) {
        beginObject()
        key("allowedStages"); beginArray()
        for stage in DealWorkflow.allowed(from: deal.stage) { string(stage.rawValue) }
        endArray()
        key("amount"); integer(deal.amount)
        key("closedAt"); date(deal.closedAt)
        key("createdAt"); date(deal.createdAt)
        key("createdBy"); string(deal.createdBy)
        key("currency"); string(deal.currency)
        key("customerId"); string(deal.customerID)
        key("expectedCloseAt"); date(deal.expectedCloseAt)
        key("furthestStage"); string(deal.furthestStage.rawValue)
        key("id"); string(deal.id)
        key("lostReason"); string(deal.lostReason)
        key("notes"); string(deal.notes)
        key("ownerId"); string(deal.ownerID)
        key("purchaseId"); string(deal.purchaseID)
        key("stage"); string(deal.stage.rawValue)
        key("stageEnteredAt"); date(deal.stageEnteredAt)
        key("title"); string(deal.title)
        key("updatedAt"); date(deal.updatedAt)
        key("version"); integer(deal.version)
        endObject()
    }

    mutating func dealStageChange(_ change: DealStageChange) {
        beginObject()
        key("actorId"); string(change.actorID)
        key("at"); date(change.at)
        key("from"); string(change.from?.rawValue)
        key("leftAt"); date(change.leftAt)
        key("lostReason"); string(change.lostReason)
        key("note"); string(change.note)
        key("sequence"); integer(change.sequence)
        key("to"); string(change.to.rawValue)
        endObject()
    }
}

/// A whole number that names its field when a client sends a fraction: JSONDecoder's own
/// error for `12.5` as an integer carries no coding path. Amounts are far below 2^53, so
/// reading through a Double loses nothing that would pass validation.
struct WholeNumber: Decodable {
    var value: Int64

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = Int64(exactly: try container.decode(Double.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected an integer.")
        }
        self.value = value
    }
}

struct DealCreateBody: RequestInput {
    static let acceptedFields: Set<String> = ["customerId", "title", "amount", "currency", "stage", "ownerId", "expectedCloseAt", "notes"]
    var customerId: String
    var title: String
    var amount: WholeNumber
    var currency: String?
    var stage: String?
    var ownerId: String?
    var expectedCloseAt: Date?
    var notes: String?

    func input() throws -> DealInput {
        let stage = try self.stage.map { try DealStage.parse($0, field: "stage") }
        return DealInput(customerID: customerId, title: title, amount: amount.value, currency: currency, stage: stage, ownerID: ownerId,
                         expectedCloseAt: expectedCloseAt, notes: notes)
    }
}

struct StageChangeBody: RequestInput {
    static let acceptedFields: Set<String> = ["stage", "note", "lostReason", "recordPurchase"]
    var stage: String
    var note: String?
    var lostReason: String?
    var recordPurchase: Bool?

    func input() throws -> StageChangeInput {
        StageChangeInput(stage: try DealStage.parse(stage, field: "stage"), note: note, lostReason: lostReason, recordPurchase: recordPurchase ?? false)
    }
}

/// `PATCH /v1/deals/{id}` read member by member: null clears, absent leaves alone.
enum DealPatchReader {
    static let accepted: Set<String> = ["title", "amount", "currency", "ownerId", "expectedCloseAt", "notes", "lostReason"]

    static func patch(_ object: [String: JSONValue], dealID: String) throws -> DealPatch {
        var patch = DealPatch()
        var errors: [FieldError] = []
        for (name, value) in object {
            switch (name, value) {
            case ("stage", _):
                errors.append(FieldError(field: name, message: "Change the stage with POST /v1/deals/\(dealID)/stage."))
            case ("customerId", _):
                errors.append(FieldError(field: name, message: "A deal stays with its customer; merging customers moves their deals."))
            case _ where !accepted.contains(name):
                errors.append(FieldError(field: name, message: "Unknown field."))
            case (let field, .null) where DealPatch.nullable.contains(field): patch.cleared.insert(field)
            case (_, .null): errors.append(FieldError(field: name, message: "This field cannot be null."))
            case ("title", .string(let text)): patch.title = text
            case ("currency", .string(let text)): patch.currency = text
            case ("ownerId", .string(let text)): patch.ownerID = text
            case ("notes", .string(let text)): patch.notes = text
            case ("lostReason", .string(let text)): patch.lostReason = text
            case ("expectedCloseAt", .string(let text)):
                patch.expectedCloseAt = TimeParsing.parseInstant(text)
                if patch.expectedCloseAt == nil { errors.append(FieldError(field: name, message: "Must be an RFC 3339 time such as 2026-11-23T08:00:00Z.")) }
            case ("amount", .number(let number)):
                patch.amount = Int64(exactly: number)
                if patch.amount == nil { errors.append(FieldError(field: name, message: "Expected an integer.")) }
            case ("amount", _): errors.append(FieldError(field: name, message: "Expected an integer."))
            default: errors.append(FieldError(field: name, message: "Expected a string."))
            }
        }
        if !errors.isEmpty { throw KehuError.validation(errors.sorted { $0.field < $1.field }) }
        return patch
    }
}
