import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `GET /v1/analytics/segments` on four active customers and an archived one:
///
/// | customer | region        | industry | source | tags  | in the year        | tier / stage            |
/// | P (rep)  | 广东省/深圳市 | 制造     | 展会   | a, b  | 10000 + 20000      | normal / repeat         |
/// | Q        | 广东省/广州市 | 零售     | 展会   | a     | 5000 (7000 before) | normal / repeat         |
/// | R        | 北京市        | —        | —      | —     | nothing            | potential / potential   |
/// | T        | 北京市        | —        | —      | —     | 9999 USD only      | normal / first_purchase |
/// | X        | archived, with purchases: never counted                                        |
@Suite struct SegmentsTests {
    static func loaded() throws -> TestApplication {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let p = try app.analyticsCustomer("P", owner: app.userIDs[.rep]!,
                                          extra: #","region":"广东省/深圳市","industry":"制造","source":"展会","tags":["a","b"]"#)
        try app.purchase(p, amount: 10_000, daysAgo: 10)
        try app.purchase(p, amount: 20_000, daysAgo: 20)
        let q = try app.analyticsCustomer("Q", extra: #","region":"广东省/广州市","industry":"零售","source":"展会","tags":["a"]"#)
        try app.purchase(q, amount: 5_000, daysAgo: 30)
        try app.purchase(q, amount: 7_000, daysAgo: 400)
        _ = try app.analyticsCustomer("R", extra: #","region":"北京市""#)
        let t = try app.analyticsCustomer("T", extra: #","region":"北京市""#)
        try app.purchase(t, amount: 9_999, daysAgo: 5, currency: "USD")
        let x = try app.analyticsCustomer("X", extra: #","region":"广东省/深圳市","tags":["a"]"#)
        try app.purchase(x, amount: 1_000_000, daysAgo: 3)
        #expect(try app.call(.delete, "/v1/customers/\(x)").status == .ok)
        return app
    }

    /// (key, customers, orders, revenue, average order value) of each group, in answer order.
    static func groups(_ body: [String: Any]) -> [String] {
        (body["groups"] as? [[String: Any]] ?? []).map { group in
            let key = group["key"] as? String ?? "null"
            let average = (group["averageOrderValue"] as? Int).map(String.init) ?? "null"
            return "\(key) \(group["customers"]!) \(group["orders"]!) \(group["revenue"]!) \(average)"
        }
    }

    @Test func everyDimension_handComputed() throws {
        let app = try Self.loaded()
        // 35000 over 3 orders is 11666.67: rounded to 11667.
        let expected: [SegmentDimension: [String]] = [
            .tier: ["normal 3 3 35000 11667", "potential 1 0 0 null"],
            .stage: ["repeat 2 3 35000 11667", "first_purchase 1 0 0 null", "potential 1 0 0 null"],
            .region: ["广东省 2 3 35000 11667", "北京市 2 0 0 null"],
            .industry: ["制造 1 2 30000 15000", "零售 1 1 5000 5000", "null 2 0 0 null"],
            .source: ["展会 2 3 35000 11667", "null 2 0 0 null"],
            .tag: ["a 2 3 35000 11667", "b 1 2 30000 15000", "null 2 0 0 null"],
        ]
        for dimension in SegmentDimension.allCases {
            let body = try app.analytics("/v1/analytics/segments?by=\(dimension.rawValue)")
            #expect(body["by"] as? String == dimension.rawValue)
            #expect(Self.groups(body) == expected[dimension], "\(dimension)")
            // The total counts each customer once, tags or not.
            let total = body[object: "total"]
            #expect(total["customers"] as? Int == 4)
            #expect(total["orders"] as? Int == 3)
            #expect(total["revenue"] as? Int == 35_000)
            #expect(total["averageOrderValue"] as? Int == 11_667)
            #expect(total["key"] == nil)
        }
        #expect(try app.analytics("/v1/analytics/segments")["by"] as? String == "tier")
        // A period that leaves out P's second purchase (20 days ago) and Q's (30 days ago).
        let recent = try app.analytics("/v1/analytics/segments?by=tag&from=\(iso(followUpEpoch.addingTimeInterval(-days(15))))")
        #expect(Self.groups(recent) == ["a 2 1 10000 10000", "b 1 1 10000 10000", "null 2 0 0 null"])
    }

    @Test func repView_andEmptyDatabase() throws {
        let app = try Self.loaded()
        let own = try app.analytics("/v1/analytics/segments?by=tag", as: .rep)
        #expect(Self.groups(own) == ["a 1 2 30000 15000", "b 1 2 30000 15000"])
        #expect(own[object: "total"]["customers"] as? Int == 1)
        #expect(try app.call(.get, "/v1/analytics/segments?ownerId=\(app.userIDs[.admin]!)", as: .rep).status == .forbidden)
        let managerView = try app.analytics("/v1/analytics/segments?by=tag&ownerId=\(app.userIDs[.rep]!)", as: .manager)
        #expect(Self.groups(managerView) == Self.groups(own))

        let empty = try TestApplication(clock: TestClock(followUpEpoch))
        let body = try empty.analytics("/v1/analytics/segments?by=region")
        #expect(Self.groups(body).isEmpty)
        let total = body[object: "total"]
        #expect(total["customers"] as? Int == 0)
        #expect(total["orders"] as? Int == 0)
        #expect(total["revenue"] as? Int == 0)
        #expect(total["averageOrderValue"] is NSNull)
    }

    @Test func badQueries_are422() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        #expect(try app.problemFields("/v1/analytics/segments?by=colour") == ["by"])
        #expect(try app.problemFields("/v1/analytics/segments?by=tier&limit=5") == ["limit"])
        #expect(try app.problemFields("/v1/analytics/segments?to=soon") == ["to"])
    }
}
