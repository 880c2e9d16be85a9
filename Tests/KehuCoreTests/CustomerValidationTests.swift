import Foundation
import KehuCore
import Testing

@Suite struct CustomerValidationTests {
    let today = Date(timeIntervalSince1970: 1_795_392_000) // 2026-11-23

    private func fieldErrors(_ fields: CustomerFields, requireName: Bool = true) -> [String] {
        do {
            _ = try CustomerValidation.normalize(fields, requireName: requireName, today: today)
            return []
        } catch KehuError.validation(let errors) {
            return errors.map(\.field)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func validProfile_isNormalised() throws {
        let fields = try CustomerValidation.normalize(CustomerFields(
            type: .company, name: "  深圳华为技术有限公司 ", birthday: "1990-02-28", phone: "+86 138-0013-8000",
            email: " Contact@HUAWEI.com ", region: " 广东省 / 深圳市 ", company: "华为", tags: [" VIP ", "制造", "VIP", "", "制造"],
            attributes: ["erpId": .string("A-17"), "employees": .number(195_000), "listed": .bool(false)]
        ), requireName: true, today: today)
        #expect(fields.name == "深圳华为技术有限公司")
        #expect(fields.phone == "+8613800138000")
        #expect(fields.email == "contact@huawei.com")
        #expect(fields.region == "广东省/深圳市")
        #expect(fields.tags == ["VIP", "制造"])
    }

    @Test func everyProblem_isReportedAtOnce() {
        let errors = fieldErrors(CustomerFields(
            name: "   ", birthday: "2023-02-29", phone: "12345", email: "not-an-email",
            tags: [String(repeating: "长", count: 51)], attributes: ["bad key": .string("x"), "n": .number(.infinity)],
            notes: String(repeating: "记", count: 10_001)
        ))
        #expect(Set(errors) == ["name", "birthday", "phone", "email", "tags[0]", "attributes.bad key", "attributes.n", "notes"])
    }

    @Test func nameIsRequiredOnCreate_notOnPatch_butCannotBeCleared() {
        #expect(fieldErrors(CustomerFields()) == ["name"])
        #expect(fieldErrors(CustomerFields(), requireName: false).isEmpty)
        #expect(fieldErrors(CustomerFields(cleared: ["name"]), requireName: false) == ["name"])
    }

    @Test func sizes_areBounded() {
        #expect(fieldErrors(CustomerFields(name: String(repeating: "名", count: 200))).isEmpty)
        #expect(fieldErrors(CustomerFields(name: String(repeating: "名", count: 201))) == ["name"])
        #expect(fieldErrors(CustomerFields(name: "a", tags: (0..<50).map { "t\($0)" })).isEmpty)
        #expect(fieldErrors(CustomerFields(name: "a", tags: (0..<51).map { "t\($0)" })) == ["tags"])
        let many = Dictionary(uniqueKeysWithValues: (0..<101).map { ("k\($0)", AttributeValue.bool(true)) })
        #expect(fieldErrors(CustomerFields(name: "a", attributes: many)) == ["attributes"])
    }

    @Test(arguments: ["2024-02-29", "1900-01-01", "2026-11-23"])
    func realPastDates_areAccepted(_ date: String) {
        #expect(fieldErrors(CustomerFields(name: "a", birthday: date)).isEmpty)
    }

    @Test(arguments: ["2025-02-29", "2026-11-24", "1899-12-31", "2026-13-01", "2026-1-1", "20260101", "２０２０-01-01"])
    func impossibleOrFutureDates_areRefused(_ date: String) {
        #expect(fieldErrors(CustomerFields(name: "a", birthday: date)) == ["birthday"])
    }
}
