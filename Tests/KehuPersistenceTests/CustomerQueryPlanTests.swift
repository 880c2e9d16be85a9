import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// Every list filter and sort is answered through an index, never a scan of `customers`
/// (checked with EXPLAIN QUERY PLAN, sqlite.org/eqp.html).
@Suite struct CustomerQueryPlanTests {
    /// Each case and the index (or table) its plan must use for the filter itself.
    static let cases: [(String, CustomerQuery, String)] = [
        ("tier", CustomerQuery(tier: .vip), "customers_tier"),
        ("stage", CustomerQuery(stage: .loyal), "customers_stage"),
        ("ownerId", CustomerQuery(ownerID: "usr_x"), "customers_owner"),
        ("tag", CustomerQuery(tag: "重点"), "customer_tags"),
        ("region", CustomerQuery(region: "广东省"), "customers_region_top"),
        ("industry", CustomerQuery(industry: "制造"), "customers_industry"),
        ("source", CustomerQuery(source: "展会"), "customers_source"),
        ("created range", CustomerQuery(createdAfter: Date().addingTimeInterval(-60), createdBefore: Date()), "created_at>?"),
        ("attribute", CustomerQuery(attributes: ["级别": "A"]), "customer_attributes"),
        ("tier + region", CustomerQuery(tier: .normal, region: "广东省"), "customers_"),
        ("q three characters", CustomerQuery(text: "华为技"), "customer_search"),
        ("q one character", CustomerQuery(text: "张"), "customer_short"),
        ("q with sort", CustomerQuery(text: "张", sort: CustomerSort(field: .name, descending: false)), "customer_short"),
        ("sort name", CustomerQuery(sort: CustomerSort(field: .name, descending: false)), "customers_name"),
        ("sort updatedAt", CustomerQuery(sort: CustomerSort(field: .updatedAt, descending: true)), "customers_updated"),
        ("sort totalSpent", CustomerQuery(sort: CustomerSort(field: .totalSpent, descending: true)), "customers_spent"),
        ("sort lastInteractionAt", CustomerQuery(sort: CustomerSort(field: .lastInteractionAt, descending: false)), "customers_last_interaction"),
        ("archived", CustomerQuery(archived: true), "customers_created"),
    ]

    /// With statistics from a realistic spread of values (what `PRAGMA optimize` keeps
    /// current in a running server), every filter is served by its own index.
    @Test func everyFilterAndSort_usesItsIndex() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        try Self.seed(database, count: 3_000)
        let repository = SQLiteCustomerRepository(database: database)
        for (label, query, expected) in Self.cases {
            for scope in [OwnerScope.all, .owner("usr_rep")] {
                let plan = try repository.queryPlan(query, scope: scope)
                if ProcessInfo.processInfo.environment["PRINT_PLANS"] != nil { print(label, scope, plan) }
                #expect(!plan.contains { $0.hasPrefix("SCAN customers") }, "\(label) (\(scope)) scans customers: \(plan)")
                let usesExpected = plan.contains { $0.contains(expected) }
                let usesOwner = scope != .all && plan.contains { $0.contains("customers_owner") }
                #expect(usesExpected || usesOwner, "\(label) (\(scope)) does not use \(expected): \(plan)")
            }
        }
    }

    /// Customers spread over tiers, stages, regions, industries, sources, tags, attributes
    /// and owners, then ANALYZE.
    static func seed(_ database: KehuDatabase, count: Int) throws {
        let regions = ["广东省/深圳市", "广东省/广州市", "浙江省/杭州市", "北京市/朝阳区", "上海市/浦东新区", "江苏省/南京市", "四川省/成都市", "湖北省/武汉市"]
        let industries = ["制造", "零售", "教育", "金融", "医疗", "物流", "餐饮", "通信", "地产", "能源"]
        let sources = ["展会", "官网", "转介绍", "微信", "电话营销", "广告"]
        try database.write { db in
            try db.execute("INSERT INTO users (id, name, email, role, active, created_at, updated_at, version) VALUES ('usr_rep', 'r', 'r@x.com', 'rep', 1, 0, 0, 1)")
            for index in 0..<count {
                var customer = Customer(id: "cus_\(index)", type: .individual, name: ["张", "王", "李", "赵"][index % 4] + "客户\(index)",
                                        createdAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 600))
                customer.region = regions[index % regions.count]
                customer.industry = industries[index % industries.count]
                customer.source = sources[index % sources.count]
                customer.tier = Tier.allCases[index % 3]
                customer.stage = LifecycleStage.allCases[index % 5]
                customer.ownerID = index % 20 == 0 ? "usr_rep" : nil
                customer.tags = ["标签\(index % 40)"] + (index % 50 == 0 ? ["重点"] : [])
                customer.attributes = ["级别": .string(["A", "B", "C", "D", "E"][index % 5]), "编号": .number(Double(index))]
                customer.company = index % 3 == 0 ? "深圳华为技术有限公司" : "公司\(index)"
                let seq = try SQLiteCustomerRepository.insertRow(customer, in: db)
                try CustomerIndex.sync(customer, seq: seq, in: db)
            }
            try db.execute("ANALYZE")
        }
    }
}
