import KehuCore

/// The words and odds of deals: what is sold, why deals are lost, the notes kept with a
/// move, and what usually happens when a deal has spent its time in a stage.
extension DemoVocabulary {
    /// A kind of deal and its usual size in yuan.
    struct DealKind {
        let title: String
        let minYuan: Int
        let maxYuan: Int
        let weight: Int
    }

    static let dealKinds: [DealKind] = [
        DealKind(title: "门店收银系统升级", minYuan: 20_000, maxYuan: 200_000, weight: 3),
        DealKind(title: "年度办公用品集中采购", minYuan: 10_000, maxYuan: 120_000, weight: 4),
        DealKind(title: "企业微信SCRM部署", minYuan: 30_000, maxYuan: 300_000, weight: 2),
        DealKind(title: "员工节日福利礼盒团购", minYuan: 5_000, maxYuan: 80_000, weight: 4),
        DealKind(title: "会议室智能化改造", minYuan: 50_000, maxYuan: 400_000, weight: 1),
        DealKind(title: "全员笔记本电脑换新", minYuan: 100_000, maxYuan: 1_200_000, weight: 1),
        DealKind(title: "中秋客户礼品定制", minYuan: 8_000, maxYuan: 150_000, weight: 3),
        DealKind(title: "云服务器年度续费", minYuan: 12_000, maxYuan: 180_000, weight: 3),
        DealKind(title: "仓储管理系统实施", minYuan: 80_000, maxYuan: 600_000, weight: 1),
        DealKind(title: "新店开业设备采购", minYuan: 30_000, maxYuan: 350_000, weight: 2),
        DealKind(title: "售后维保服务合同", minYuan: 10_000, maxYuan: 90_000, weight: 3),
        DealKind(title: "茶叶礼品年度供货协议", minYuan: 20_000, maxYuan: 200_000, weight: 2),
        DealKind(title: "办公家具整体采购", minYuan: 40_000, maxYuan: 500_000, weight: 2),
        DealKind(title: "家庭智能家居套装", minYuan: 3_000, maxYuan: 30_000, weight: 3),
    ]

    /// The stage a deal is opened in: most start as leads, some come in already qualified.
    static let dealStartStages: [(DealStage, Int)] = [(.lead, 80), (.qualified, 15), (.proposal, 5)]

    /// What happens when a stint in an open stage ends: the next step, a skip, a step back,
    /// or the deal is lost. About one deal in five that runs its course is won.
    static let dealOutcomes: [DealStage: [(DealStage, Int)]] = [
        .lead: [(.qualified, 62), (.proposal, 6), (.lost, 32)],
        .qualified: [(.proposal, 64), (.negotiation, 5), (.lead, 5), (.lost, 26)],
        .proposal: [(.negotiation, 62), (.won, 8), (.qualified, 6), (.lost, 24)],
        .negotiation: [(.won, 68), (.proposal, 6), (.lost, 26)],
    ]

    /// How many days a deal usually spends in an open stage before something happens.
    static let dealDwellDays: [DealStage: ClosedRange<Int>] = [
        .lead: 1...14, .qualified: 3...21, .proposal: 5...30, .negotiation: 3...25,
    ]

    static let dealLostReasons: [(String, Int)] = [
        ("客户预算不足", 22), ("选择了竞争对手", 20), ("价格高于客户预期", 18), ("项目延期，明年再议", 12),
        ("客户需求发生变化", 10), ("联系不上决策人", 8), ("客户内部审批未通过", 6), ("交付周期太长", 4),
    ]

    /// Notes kept with a move into a stage, now and then.
    static let dealNotes: [DealStage: [String]] = [
        .lead: ["客户重新联系我们", "需求需要重新梳理"],
        .qualified: ["已确认预算和决策人", "客户有明确的采购计划", "完成需求调研"],
        .proposal: ["已发送报价单", "方案已提交客户评审", "已按客户要求调整报价"],
        .negotiation: ["客户要求再降价5%", "正在商谈付款方式", "合同条款法务审核中"],
        .won: ["合同已签署", "客户已支付首款", "签约完成，安排交付"],
        .lost: ["客户已明确拒绝", "多次跟进无回应"],
    ]

    static let dealDescriptions = ["客户由老客户介绍", "展会上获取的线索", "官网咨询转化", "年底预算集中释放", "需要分两期交付"]
}
