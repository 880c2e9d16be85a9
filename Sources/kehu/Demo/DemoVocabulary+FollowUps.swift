import KehuCore

/// The words of follow-up plans and tasks: goals, purposes, what came of them, and why a
/// task was skipped or withdrawn. `%@` is a product name.
extension DemoVocabulary {
    /// A plan's goal by the customer's tier; churned customers get a win-back goal instead.
    static let planGoals: [Tier: [String]] = [
        .vip: ["VIP客户定期维护", "年度续约沟通", "季度业务回顾，挖掘增购需求", "重点客户关系维护"],
        .normal: ["定期回访，维护客户关系", "推荐新品，提升复购", "了解使用情况，收集反馈", "推动会员升级"],
        .potential: ["促成首单", "了解采购需求，推动试用", "跟进报价，争取成交", "培育意向客户"],
    ]
    static let winBackGoals = ["挽回流失客户", "了解流失原因，争取回流"]

    /// Kinds of task a plan makes, and of one-off tasks (care ones are mostly made by the sweep).
    static let planKinds: [(FollowUpKind, Int)] = [(.call, 50), (.message, 30), (.visit, 10), (.email, 10)]
    static let oneOffKinds: [(FollowUpKind, Int)] = [(.call, 45), (.message, 25), (.visit, 12), (.email, 10), (.care, 8)]
    /// An explicit plan cadence in days (a plan without one follows the tier).
    static let planCadences: [(Int, Int)] = [(7, 2), (14, 3), (30, 3)]

    /// What a one-off task is for, by kind.
    static let purposes: [FollowUpKind: [String]] = [
        .call: ["确认%@到货情况", "回访%@使用体验", "跟进报价反馈", "提醒会员续费", "电话确认付款进度"],
        .message: ["微信发送%@新品资料", "提醒客户领取优惠券", "微信确认发票信息", "发送%@使用教程"],
        .visit: ["上门演示%@", "拜访采购负责人", "送达合同并盖章", "陪同安装%@"],
        .email: ["发送%@报价单", "发送合同草案", "邮件发送年度合作方案"],
        .care: ["生日祝福", "节日问候", "新年问候，寄送台历", "寄送中秋月饼礼盒"],
    ]

    /// What a completed task recorded, by kind (the interaction's summary).
    static let completionSummaries: [FollowUpKind: [String]] = [
        .call: ["电话回访，客户对%@的使用情况表示满意", "电话沟通续费事宜，客户表示下月再定", "电话跟进报价，客户在内部审批中", "电话确认%@的交付时间"],
        .message: ["微信发送%@新品资料，客户已读", "微信沟通%@优惠方案", "微信提醒续费，客户已回复", "微信问候并了解近期需求"],
        .visit: ["上门拜访，现场演示%@", "到客户公司做季度回顾", "拜访采购负责人，确认年度预算"],
        .email: ["发送%@报价单及合同草案", "邮件发送年度合作方案", "邮件确认%@的交付计划"],
        .care: ["送上生日祝福，客户表示感谢", "节日问候并寄送礼品", "寄送%@作为节日礼物"],
    ]
    static let followUpOutcomes = ["已成交", "有意向", "待跟进", "暂无需求", "约定下次联系", "客户满意", "需要报价", "已续费"]

    /// Why a plan's task was skipped; a churned customer's are the second list.
    static let skipReasons = ["客户出差，改期再联系", "客户要求下月再联系", "节假日顺延", "已在其他渠道沟通过"]
    static let unreachableReasons = ["客户电话无人接听", "多次联系未回复", "客户暂停合作"]
    /// Why a one-off task was withdrawn.
    static let cancelReasons = ["客户已下单，无需跟进", "重复任务", "客户联系人变更", "客户已明确暂无需求"]
    /// Why a plan ended (stored as `plan ended: …`, as `POST …/end` does).
    static let endReasons = ["客户已签约年度合同", "客户转由渠道代理服务", "客户明确不再合作"]
}
