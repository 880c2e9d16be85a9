import Foundation
import KehuCore

/// Customer profiles: who they are, where, owned by whom, and how active.
extension DemoDataGenerator {
    typealias Words = DemoVocabulary

    mutating func makeProfile(index: Int) -> DemoProfile {
        let region = random.pick(regions)
        // The same person entered twice now and then: what the duplicates list is for.
        let duplicateOf = index % Self.duplicateEvery == 37 && !recentPeople.isEmpty ? random.pick(recentPeople) : nil
        let isCompany = duplicateOf == nil && random.chance(0.25)
        // Customers arrive in order over the last two years, as through the API (seq follows
        // created_at, which also keeps index inserts close together).
        let start = nowMillis - 730 * Self.dayMillis, span = 729 * Self.dayMillis
        let slot = span / Int64(max(plan.customers, 1))
        let createdAt = start + span * Int64(index) / Int64(max(plan.customers, 1)) + Int64(random.next() % UInt64(max(slot, 1)))
        var activeUntil = nowMillis
        // About one in eight went quiet months ago: churned once they have bought.
        if createdAt < nowMillis - 182 * Self.dayMillis, random.chance(0.16) {
            activeUntil = DemoTime.wholeMillis(moment(from: max(createdAt + Self.dayMillis, nowMillis - 330 * Self.dayMillis),
                                                      until: nowMillis - 181 * Self.dayMillis))
        }
        var customer = Customer(id: random.id("cus"), type: isCompany ? .company : .individual, name: "", createdAt: DemoTime.date(millis: createdAt))
        if isCompany { fillCompany(&customer, region: region) } else { fillPerson(&customer, region: region, duplicateOf: duplicateOf) }
        customer.region = region.path
        customer.source = random.pick(sources)
        customer.ownerID = owner()
        customer.tags = makeTags()
        customer.attributes = makeAttributes()
        if random.chance(0.15) { customer.notes = random.pick(Words.notes) }
        // Few buyers are big: weights from a heavy-tailed draw, a third never buy.
        let purchaseWeight = random.chance(0.33) ? 0 : min(pow(1 - random.unit(), -0.8), 150) * (isCompany ? 2 : 1)
        let interactionWeight = random.chance(0.15) ? 0 : 0.5 + random.unit() + purchaseWeight / 4
        return DemoProfile(customer: customer, activeFrom: max(createdAt, nowMillis - 365 * Self.dayMillis), activeUntil: activeUntil,
                           purchaseWeight: purchaseWeight, interactionWeight: interactionWeight)
    }

    private mutating func fillCompany(_ customer: inout Customer, region: DemoVocabulary.Region) {
        let company = companyName(city: region.city)
        customer.name = company
        customer.company = company
        customer.industry = random.pick(industries)
        customer.companySize = random.pick(Words.companySizes)
        if random.chance(0.85) { customer.phone = mobile() }
        if random.chance(0.5) { customer.email = "service\(random.digits(4))@\(random.pick(Words.emailDomains))" }
        if random.chance(0.6) { customer.address = address(region) }
    }

    private mutating func fillPerson(_ customer: inout Customer, region: DemoVocabulary.Region, duplicateOf: (name: String, phone: String)?) {
        let english = random.chance(0.15)
        if english {
            let first = random.pick(Words.englishFirst), last = random.pick(Words.englishLast)
            customer.name = "\(first) \(last)"
            customer.gender = Words.maleEnglish.contains(first) ? .male : .female
            if random.chance(0.6) { customer.email = "\(first.lowercased()).\(last.lowercased())\(random.digits(2))@\(random.pick(["gmail.com", "outlook.com"]))" }
        } else {
            let male = random.chance(0.5)
            let surname = random.chance(0.5) ? random.pick(Array(Words.surnames.prefix(10))) : random.pick(Words.surnames)
            let given = male ? Words.maleGiven : Words.femaleGiven
            customer.name = surname + random.pick(given) + (random.chance(0.6) ? random.pick(given) : "")
            customer.gender = random.chance(0.9) ? (male ? .male : .female) : nil
            if random.chance(0.4) {
                customer.email = random.chance(0.5) ? "\(random.int(1...9))\(random.digits(random.int(7...9)))@qq.com"
                    : "\(random.pick(["sunny", "happy", "lucky", "star", "cloud", "tiger", "ocean"]))\(random.digits(5))@\(random.pick(Words.emailDomains))"
            }
        }
        if random.chance(0.6) {
            customer.birthday = "\(random.int(1960...2004))-\(twoDigits(random.int(1...12)))-\(twoDigits(random.int(1...28)))"
            // Many people keep their lunar birthday (农历生日): a fifth of those known, about 9% of customers.
            if random.chance(0.2) { customer.birthdayCalendar = .chinese }
        }
        if random.chance(0.6) { customer.occupation = random.pick(Words.occupations) }
        if random.chance(0.4) { customer.company = companyName(city: region.city) }
        if random.chance(0.5) { customer.industry = random.pick(industries) }
        if random.chance(0.35) { customer.wechat = "wxid_" + random.id("x").dropFirst(2).prefix(10) }
        if random.chance(0.4) { customer.address = address(region) }
        if let earlier = duplicateOf {
            customer.name = earlier.name
            customer.phone = earlier.phone
            return
        }
        if random.chance(0.92) {
            customer.phone = mobile()
            recentPeople.append((customer.name, customer.phone!))
            if recentPeople.count > 200 { recentPeople.removeFirst(100) }
        }
    }

    /// A company name not used before: `深圳市华达科技有限公司`, now and then an English one.
    private mutating func companyName(city: String) -> String {
        for _ in 0..<8 {
            let name: String
            if random.chance(0.08) {
                name = "\(random.pick(Words.englishBrands)) \(random.pick(Words.englishBusinesses)) \(random.pick(Words.englishForms))"
            } else {
                let place = city + (random.chance(0.5) ? "市" : "")
                name = place + random.pick(Words.brandFirst) + random.pick(Words.brandSecond) + random.pick(Words.businesses) + random.pick(companyForms)
            }
            if usedCompanies.insert(name).inserted { return name }
        }
        let name = "\(city)\(random.pick(Words.brandFirst))\(random.pick(Words.brandSecond))\(random.pick(Words.businesses))第\(usedCompanies.count)分公司"
        usedCompanies.insert(name)
        return name
    }

    /// A Chinese mobile number in E.164: +86 1, a real block, eight digits.
    private mutating func mobile() -> String { "+861" + random.pick(Words.mobileBlocks) + random.digits(8) }

    private mutating func address(_ region: DemoVocabulary.Region) -> String {
        let city = region.path.split(separator: "/").last.map(String.init) ?? region.city
        return city + random.pick(region.districts) + random.pick(Words.streets) + "\(random.int(1...999))号"
    }

    private mutating func owner() -> String? {
        let draw = random.unit()
        if draw < 0.05 { return nil }
        if draw < 0.15 || staff.repIDs.isEmpty { return staff.managerID }
        return random.pick(staff.repIDs)
    }

    private mutating func makeTags() -> [String] {
        let count = random.pick(weighted: [(0, 30), (1, 35), (2, 25), (3, 10)])
        var tags: [String] = []
        while tags.count < count {
            let tag = random.pick(Words.tags)
            if !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }

    private mutating func makeAttributes() -> [String: AttributeValue] {
        var attributes: [String: AttributeValue] = [:]
        if random.chance(0.4) { attributes["会员等级"] = .string(random.pick(Words.memberLevels)) }
        if random.chance(0.3) { attributes["积分"] = .number(Double(random.int(0...50_000))) }
        if random.chance(0.3) { attributes["接受营销"] = .bool(random.chance(0.7)) }
        if random.chance(0.2) { attributes["首选联系时间"] = .string(random.pick(Words.contactTimes)) }
        return attributes
    }

    private func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
