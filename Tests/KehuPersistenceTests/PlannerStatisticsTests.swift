import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// The sweep's statistics refresh analyzes a table again only when its row count drifted.
@Suite struct PlannerStatisticsTests {
    @Test func drift_needsBothAFactorOfFourAndAThousandRows() {
        #expect(StatisticsDrift.hasDrifted(from: nil, to: 0))
        #expect(!StatisticsDrift.hasDrifted(from: 0, to: 999))
        #expect(StatisticsDrift.hasDrifted(from: 0, to: 1_000))
        #expect(!StatisticsDrift.hasDrifted(from: 300, to: 1_200))
        #expect(!StatisticsDrift.hasDrifted(from: 5_000, to: 19_999))
        #expect(StatisticsDrift.hasDrifted(from: 5_000, to: 20_000))
        #expect(StatisticsDrift.hasDrifted(from: 20_000, to: 5_000))
        #expect(!StatisticsDrift.hasDrifted(from: 20_000, to: 5_001))
    }

    @Test func refresh_analyzesEveryTableFirst_thenOnlyTheTablesThatDrifted() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        let statistics = PlannerStatistics(database: database)

        let first = try statistics.refreshDrifted()
        #expect(first.contains("customers") && first.contains("purchases"), "\(first)")
        #expect(try Self.statisticsRows(of: "customers", in: database) == 0, "an empty table gets no statistics")
        #expect(try statistics.refreshDrifted() == [])

        try database.write { db in
            for index in 0..<1_200 {
                _ = try SQLiteCustomerRepository.insertRow(Customer(id: "cus_\(index)", type: .individual, name: "客户\(index)", createdAt: Date()), in: db)
            }
        }
        let second = try statistics.refreshDrifted()
        #expect(second.contains("customers"), "\(second)")
        #expect(!second.contains("purchases"), "\(second)")
        #expect(try Self.statisticsRows(of: "customers", in: database) > 0)
        #expect(try statistics.refreshDrifted() == [])
    }

    static func statisticsRows(of table: String, in database: KehuDatabase) throws -> Int {
        try database.read { db in
            try db.scalar("SELECT count(*) FROM sqlite_stat1 WHERE tbl = ?", [table])?.int64Value.map(Int.init) ?? -1
        }
    }
}
