import KehuCore
import KehuPersistence

/// The demo sales team: one manager and some reps, created through `UserService` like any
/// user (validated, audited). Users that exist already (an earlier seed) are reused.
enum DemoStaff {
    static let managerName = "陈静"
    static let repNames = ["王磊", "李娜", "张伟", "刘洋", "赵敏", "周杰", "吴婷", "黄鹏", "徐丽", "孙强", "马超", "朱琳"]

    /// `count` users in all: `manager@demo.kehu.local` and `rep1…@demo.kehu.local`.
    static func ensure(count: Int, factory: ServiceFactory, context: RequestContext) throws -> DemoDataGenerator.Staff {
        let manager = try user(email: "manager@demo.kehu.local", name: managerName, role: .manager, factory: factory, context: context)
        var reps: [String] = []
        for number in 1..<max(count, 2) {
            let name = number <= repNames.count ? repNames[number - 1] : "销售代表\(number)"
            reps.append(try user(email: "rep\(number)@demo.kehu.local", name: name, role: .rep, factory: factory, context: context).id)
        }
        return DemoDataGenerator.Staff(managerID: manager.id, repIDs: reps)
    }

    private static func user(email: String, name: String, role: Role, factory: ServiceFactory, context: RequestContext) throws -> User {
        if let existing = try factory.userRepository.find(email: email) { return existing }
        return try factory.users.create(NewUser(name: name, email: email, role: role), context: context)
    }
}
