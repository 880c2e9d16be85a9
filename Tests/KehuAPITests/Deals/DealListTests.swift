import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `GET /v1/deals`: every filter, every sort, cursor paging, and the query's own errors.
@Suite struct DealListTests {
    struct Board {
        let app: TestApplication
        /// Deal ids by name: a (oldest) … e (newest).
        let ids: [String: String]
        let first: String
        let second: String
    }

    /// Five deals an hour apart on two customers:
    ///
    /// | deal | customer | owner   | amount | expected close | stage       |
    /// |------|----------|---------|--------|----------------|-------------|
    /// | a    | first    | rep     | 500    | 12-20          | lead        |
    /// | b    | first    | rep     | 100    | none           | qualified   |
    /// | c    | second   | manager | 900    | 12-05          | proposal    |
    /// | d    | second   | manager | 300    | 12-31          | lost        |
    /// | e    | first    | manager | 700    | none           | lead        |
    static func board() throws -> Board {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let first = try app.createCustomer(#"{"name":"甲","ownerId":"\#(app.userIDs[.rep]!)"}"#, as: .manager)
        let second = try app.createCustomer(#"{"name":"乙","ownerId":"\#(app.userIDs[.manager]!)"}"#, as: .manager)
        let rows: [(String, String, String, Int, String?)] = [
            ("a", first, app.userIDs[.rep]!, 500, "2026-12-20T00:00:00Z"), ("b", first, app.userIDs[.rep]!, 100, nil),
            ("c", second, app.userIDs[.manager]!, 900, "2026-12-05T00:00:00Z"), ("d", second, app.userIDs[.manager]!, 300, "2026-12-31T00:00:00Z"),
            ("e", first, app.userIDs[.manager]!, 700, nil),
        ]
        var ids: [String: String] = [:]
        for (name, customer, owner, amount, close) in rows {
            let extra = #","ownerId":"\#(owner)""# + (close.map { #","expectedCloseAt":"\#($0)""# } ?? "")
            ids[name] = try app.createDeal(customer: customer, title: name, amount: amount, extra: extra)["id"] as? String
            clock.advance(by: 3_600)
        }
        try app.movedDeal(ids["b"]!, to: .qualified)
        try app.movedDeal(ids["c"]!, to: .proposal)
        try app.movedDeal(ids["d"]!, to: .lost, extra: #","lostReason":"价格太高""#)
        return Board(app: app, ids: ids, first: first, second: second)
    }

    func names(_ board: Board, _ query: String, as role: Role = .admin) throws -> [String] {
        let byID = Dictionary(uniqueKeysWithValues: board.ids.map { ($1, $0) })
        return try board.app.dealIDs(query, as: role).map { byID[$0] ?? $0 }
    }

    @Test func filters_andSorts() throws {
        let board = try Self.board()
        let rep = board.app.userIDs[.rep]!
        #expect(try names(board, "") == ["e", "d", "c", "b", "a"], "newest first")
        #expect(try names(board, "?sort=createdAt") == ["a", "b", "c", "d", "e"])
        #expect(try names(board, "?sort=amount") == ["b", "d", "a", "e", "c"])
        #expect(try names(board, "?sort=-amount") == ["c", "e", "a", "d", "b"])
        #expect(try names(board, "?sort=expectedCloseAt") == ["c", "a", "d", "b", "e"], "undated last")
        #expect(try names(board, "?sort=-expectedCloseAt") == ["e", "b", "d", "a", "c"])
        #expect(try names(board, "?stage=lead") == ["e", "a"])
        #expect(try names(board, "?stage=lost") == ["d"])
        #expect(try names(board, "?ownerId=\(rep)") == ["b", "a"])
        #expect(try names(board, "?customerId=\(board.second)") == ["d", "c"])
        #expect(try names(board, "?expectedCloseFrom=2026-12-06&sort=expectedCloseAt") == ["a", "d"], "a range leaves undated deals out")
        #expect(try names(board, "?expectedCloseTo=2026-12-31") == ["c", "a"], "to is exclusive")
        #expect(try names(board, "?expectedCloseFrom=2026-12-01&expectedCloseTo=2026-12-21") == ["c", "a"])
        let created = followUpEpoch.addingTimeInterval(3_600)
        #expect(try names(board, "?createdFrom=\(iso(created))&createdTo=\(iso(created.addingTimeInterval(7_200)))") == ["c", "b"])
        #expect(try names(board, "?stage=lead&customerId=\(board.first)&ownerId=\(rep)") == ["a"])
    }

    @Test func cursorPaging_walksEverySort_withoutRepeatsOrGaps() throws {
        let board = try Self.board()
        for sort in DealQuery.Order.allCases {
            let whole = try board.app.dealIDs("?sort=\(sort.rawValue)")
            var walked: [String] = []
            var cursor: String?
            repeat {
                let query = "?sort=\(sort.rawValue)&limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try #require(try board.app.call(.get, "/v1/deals" + query).jsonObject)
                walked += (page["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(walked == whole, "\(sort)")
        }
        // A cursor belongs to its sort.
        let page = try #require(try board.app.call(.get, "/v1/deals?limit=2").jsonObject)
        let cursor = try #require(page["nextCursor"] as? String)
        #expect(try board.app.call(.get, "/v1/deals?sort=amount&cursor=\(cursor)").status == .unprocessableContent)
    }

    @Test func badQueries_are422() throws {
        let board = try Self.board()
        for query in ["?stage=open", "?sort=title", "?sort=-stage", "?expectedCloseFrom=soon", "?createdTo=yesterday", "?owner=x",
                      "?cursor=garbage", "?limit=0", "?limit=501"] {
            let response = try board.app.call(.get, "/v1/deals" + query)
            #expect(response.status == .unprocessableContent, "\(query): \(response.bodyText)")
        }
    }
}
