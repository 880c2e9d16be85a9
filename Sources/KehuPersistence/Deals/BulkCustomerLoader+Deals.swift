import KehuCore
import SQLiteStore

extension BulkCustomerLoader {
    /// Each bundle's deals, then their stints (which name the deal by its seq), with every
    /// schema constraint checked as for the API's writes. After the purchases: a won deal
    /// names the purchase it recorded.
    static func insertDeals(of bundles: [CustomerBundle], in db: Database) throws {
        guard bundles.contains(where: { !$0.deals.isEmpty }) else { return }
        for bundle in bundles {
            var seqs: [String: Int64] = [:]
            for deal in bundle.deals {
                try db.execute(DealRow.insertSQL, DealRow.values(deal))
                seqs[deal.id] = db.lastInsertRowID
            }
            for stint in bundle.dealStages {
                guard let seq = seqs[stint.dealID] else {
                    throw KehuError.validation([FieldError(field: "dealStages", message: "A stint of deal \(stint.dealID), which is not in its bundle.")])
                }
                try db.execute(DealRow.insertStintSQL, DealRow.stintValues(stint, dealSeq: seq))
            }
        }
    }
}
