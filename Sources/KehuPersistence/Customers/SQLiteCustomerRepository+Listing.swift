import Foundation
import KehuCore
import SQLiteStore

extension SQLiteCustomerRepository {
    public func list(_ query: CustomerQuery, scope: OwnerScope, page: PageRequest, now: Date) throws -> Page<Customer> {
        let listing = CustomerListing(query: query, scope: scope, now: now)
        let cursor = try page.cursor.map(ListCursor.init(decoding:))
        let (sql, arguments) = try listing.statement(cursor: cursor, limit: page.limit + 1)
        let rows = try database.read { db in try db.query(sql, arguments) }
        let kept = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? kept.last.map { listing.cursor(after: $0).encoded } : nil
        return Page(items: kept.map(CustomerRow.customer), nextCursor: next)
    }

    public func forEach(_ query: CustomerQuery, scope: OwnerScope, now: Date, _ body: (Customer) throws -> Void) throws {
        var cursor: String?
        repeat {
            let page = try list(query, scope: scope, page: PageRequest(limit: PageRequest.maxLimit, cursor: cursor), now: now)
            for customer in page.items { try body(customer) }
            cursor = page.nextCursor
        } while cursor != nil
    }

    /// The query plan of a list, for tests that check every filter uses an index.
    public func queryPlan(_ query: CustomerQuery, scope: OwnerScope) throws -> [String] {
        let (sql, arguments) = try CustomerListing(query: query, scope: scope, now: Date()).statement(cursor: nil, limit: 51)
        return try database.read { db in
            try db.query("EXPLAIN QUERY PLAN " + sql, arguments).map { $0.string("detail") }
        }
    }
}
