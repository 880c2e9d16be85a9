import Foundation
import KehuCore
import Testing

@Suite struct AddressPolicyTests {
    @Test(arguments: [
        [127, 0, 0, 1], [10, 1, 2, 3], [172, 16, 0, 1], [172, 31, 255, 255], [192, 168, 0, 1], [169, 254, 169, 254],
        [100, 64, 0, 1], [0, 0, 0, 0], [255, 255, 255, 255], [224, 0, 0, 1],
    ] as [[UInt8]])
    func internalIPv4_isRefused(_ address: [UInt8]) {
        #expect(AddressPolicy.isInternal(ipv4: address))
    }

    @Test(arguments: [[8, 8, 8, 8], [172, 32, 0, 1], [100, 128, 0, 1], [203, 0, 113, 9], [1, 1, 1, 1]] as [[UInt8]])
    func publicIPv4_isAllowed(_ address: [UInt8]) {
        #expect(!AddressPolicy.isInternal(ipv4: address))
    }

    @Test func ipv6_loopbackLinkLocalUniqueLocalAndMappedPrivate_areRefused() {
        var loopback = [UInt8](repeating: 0, count: 16); loopback[15] = 1
        #expect(AddressPolicy.isInternal(ipv6: loopback))
        #expect(AddressPolicy.isInternal(ipv6: [UInt8](repeating: 0, count: 16)))
        #expect(AddressPolicy.isInternal(ipv6: [0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1]))
        #expect(AddressPolicy.isInternal(ipv6: [0xFD, 0x12] + [UInt8](repeating: 0, count: 14)))
        let mapped = [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, 10, 0, 0, 1]
        #expect(AddressPolicy.isInternal(ipv6: mapped))
        let mappedPublic = [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, 8, 8, 8, 8]
        #expect(!AddressPolicy.isInternal(ipv6: mappedPublic))
        #expect(!AddressPolicy.isInternal(ipv6: [0x24, 0x04, 0x68, 0x00] + [UInt8](repeating: 0, count: 11) + [0x0E]))
    }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(base: 30, maxAttempts: 4)
    let now = Date(timeIntervalSince1970: 1_000_000)

    @Test func success_andGone() {
        #expect(policy.outcome(statusCode: 204, attemptNumber: 1, now: now) == .succeeded)
        #expect(policy.outcome(statusCode: 410, attemptNumber: 1, now: now) == .failed(disableReason: "the receiver answered 410 Gone"))
    }

    @Test func backoff_doubles_thenGivesUp() {
        #expect(policy.outcome(statusCode: 500, attemptNumber: 1, now: now) == .retry(at: now.addingTimeInterval(30)))
        #expect(policy.outcome(statusCode: nil, attemptNumber: 2, now: now) == .retry(at: now.addingTimeInterval(60)))
        #expect(policy.outcome(statusCode: 429, attemptNumber: 3, now: now) == .retry(at: now.addingTimeInterval(120)))
        #expect(policy.outcome(statusCode: 500, attemptNumber: 4, now: now) == .failed(disableReason: nil))
    }

    @Test func backoff_isCappedAtAnHour() {
        let long = RetryPolicy(base: 30, maxAttempts: 100)
        #expect(long.outcome(statusCode: 500, attemptNumber: 20, now: now) == .retry(at: now.addingTimeInterval(3600)))
    }
}

@Suite struct AccessPolicyTests {
    @Test func roleMatrix_forTrustPermissions() {
        #expect(AccessPolicy.roles(holding: .manageUsers) == [.admin])
        #expect(AccessPolicy.roles(holding: .manageWebhooks) == [.admin])
        #expect(AccessPolicy.roles(holding: .readAudit) == [.admin, .manager])
        #expect(AccessPolicy.roles(holding: .writeCustomers) == [.admin, .manager, .rep])
        #expect(AccessPolicy.roles(holding: .readCustomers) == Set(Role.allCases))
    }

    @Test func scopes_confineRepsToTheirOwn() {
        let rep = Principal(userID: "u1", role: .rep, keyID: nil)
        #expect(AccessPolicy.customerScope(for: rep) == .owner("u1"))
        #expect(AccessPolicy.customerScope(for: Principal(userID: "u2", role: .viewer, keyID: nil)) == .all)
        #expect(AccessPolicy.userScope(for: Principal(userID: "u2", role: .viewer, keyID: nil)) == .owner("u2"))
        #expect(AccessPolicy.userScope(for: Principal(userID: "u3", role: .manager, keyID: nil)) == .all)
        #expect(OwnerScope.owner("u1").permits(ownerID: "u1") && !OwnerScope.owner("u1").permits(ownerID: "u2"))
        #expect(throws: KehuError.self) { try AccessPolicy.check(rep, .readAudit) }
    }
}

@Suite struct ValueTests {
    @Test(arguments: ["ZhangWei@Example.COM", " a.b+c@sub.example.cn "])
    func validEmail_isNormalised(_ text: String) {
        let normalised = EmailAddress.normalize(text)
        #expect(normalised == text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    @Test(arguments: ["", "a", "a@b", "@b.cn", "a@@b.cn", "a b@c.cn", "a@-b.cn", "a@b..cn"])
    func invalidEmail_isRefused(_ text: String) {
        #expect(EmailAddress.normalize(text) == nil)
    }

    @Test func base32Tokens_areURLSafeAndUnambiguous() {
        let token = Token.base32([0xFF, 0x00, 0x12, 0x34, 0x56])
        #expect(token.count == 8)
        #expect(token.allSatisfy { "abcdefghijkmnpqrstuvwxyz23456789".contains($0) })
        #expect(Set((0..<200).map { _ in Environment.live.makeID("x") }).count == 200)
    }

    @Test func pageRequest_limitsAreEnforced() {
        #expect(throws: KehuError.self) { try PageRequest(limit: 0) }
        #expect(throws: KehuError.self) { try PageRequest(limit: 501) }
        #expect((try? PageRequest(limit: nil))?.limit == 50)
    }
}
