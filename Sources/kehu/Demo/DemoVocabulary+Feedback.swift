import KehuCore

/// The words of feedback and complaints: what customers write by kind and category, how
/// the team settled it, and what customers said afterwards. `%@` is a product name.
extension DemoVocabulary {
    /// A subject and body that go together, in a category, and how such an item is
    /// settled (none: the kind's general answers).
    struct FeedbackTemplate {
        let category: String
        let subject: String
        let body: String
        var resolutions: [String] = []
    }

    static let feedbackKinds: [(FeedbackKind, Int)] = [(.complaint, 45), (.inquiry, 25), (.suggestion, 20), (.praise, 10)]
    static let feedbackChannels: [(FeedbackChannel, Int)] = [
        (.phone, 26), (.wechat, 28), (.email, 10), (.webForm, 11), (.socialMedia, 7), (.inPerson, 8), (.survey, 6), (.other, 4),
    ]
    /// Urgency by kind: complaints are pressing more often, praise never. Over the kind mix
    /// about low 20 %, normal 50 %, high 22 %, critical 8 %.
    static let feedbackUrgencies: [FeedbackKind: [(Urgency, Int)]] = [
        .complaint: [(.low, 6), (.normal, 41), (.high, 37), (.critical, 16)],
        .inquiry: [(.low, 24), (.normal, 58), (.high, 14), (.critical, 4)],
        .suggestion: [(.low, 40), (.normal, 52), (.high, 8)],
        .praise: [(.low, 45), (.normal, 55)],
    ]

    static let feedbackTemplates: [FeedbackKind: [FeedbackTemplate]] = [
        .complaint: [
            FeedbackTemplate(category: "物流", subject: "%@配送延迟，超过承诺时间未到货", body: "下单一周了%@还没有收到，物流信息三天没有更新，请尽快核实。",
                             resolutions: ["已联系物流公司加急派送，客户已签收", "已核实为物流延误，向客户致歉并赠送优惠券"]),
            FeedbackTemplate(category: "物流", subject: "快递包装破损", body: "收到的%@外包装严重破损，担心里面有损坏，要求换货。",
                             resolutions: ["已为客户办理换货，新品已签收", "已为客户补发商品并承担运费"]),
            FeedbackTemplate(category: "物流", subject: "快递未送货上门", body: "快递员没有联系就把%@放在了驿站，家里老人取件很不方便。",
                             resolutions: ["已向快递公司投诉，并约定之后送货上门", "已安排重新派送到家，并向客户致歉"]),
            FeedbackTemplate(category: "质量", subject: "%@使用不到一个月就出现故障", body: "购买的%@用了不到一个月就无法正常使用，要求退换。",
                             resolutions: ["已为客户办理换货，新品已签收", "已安排技术人员上门检测并维修"]),
            FeedbackTemplate(category: "质量", subject: "收到的%@与描述不符", body: "实物的颜色和型号与页面描述不一致，要求退货退款。",
                             resolutions: ["已安排退货退款", "已为客户更换为正确型号"]),
            FeedbackTemplate(category: "质量", subject: "%@表面有明显划痕", body: "开箱发现%@表面有多处划痕，怀疑是退回的二手商品。",
                             resolutions: ["已为客户办理换货并赠送优惠券", "已安排退货退款，并核查仓库出库流程"]),
            FeedbackTemplate(category: "售后", subject: "售后维修周期太长", body: "%@送修已经两周，还没有维修结果，客服也说不清进度。",
                             resolutions: ["已督促维修中心加急处理，维修完成并寄回", "已为客户提供备用机，维修后寄回"]),
            FeedbackTemplate(category: "售后", subject: "退款迟迟未到账", body: "退货已经签收十天了，退款还没有到账，请尽快处理。",
                             resolutions: ["已加急处理退款，款项已原路退回"]),
            FeedbackTemplate(category: "售后", subject: "安装师傅爽约", body: "预约了%@的上门安装，师傅没有按时到，也没有提前通知。",
                             resolutions: ["已重新预约上门安装并向客户致歉", "已安排主管带队上门完成安装"]),
            FeedbackTemplate(category: "价格", subject: "刚购买就降价，要求补差价", body: "三天前买的%@今天降价了两百元，希望能补差价。",
                             resolutions: ["已按价保政策为客户补差价", "已补发等额优惠券，客户表示接受"]),
            FeedbackTemplate(category: "价格", subject: "优惠券无法使用", body: "结算时优惠券显示不可用，但活动页面写的是全场通用。",
                             resolutions: ["已补发可用的优惠券", "已向客户解释活动规则，客户表示理解"]),
            FeedbackTemplate(category: "服务态度", subject: "客服态度差", body: "电话咨询%@的问题时客服语气很不耐烦，没解决问题就挂断了。",
                             resolutions: ["已向客户致歉，并对相关员工进行服务培训", "已安排客服主管回电致歉并解决问题"]),
            FeedbackTemplate(category: "服务态度", subject: "多次联系无人回复", body: "连续三天打客服电话都没人接，微信留言也没有回复。",
                             resolutions: ["已安排专人回电跟进，问题已解决", "已向客户致歉，并增加了高峰期客服人手"]),
            FeedbackTemplate(category: "账单", subject: "同一订单重复扣款", body: "购买%@的订单被扣了两次款，请核实并退还多扣的金额。",
                             resolutions: ["已核实并退还重复扣款"]),
            FeedbackTemplate(category: "账单", subject: "发票信息开错", body: "增值税专用发票上的税号开错了，需要重新开具。",
                             resolutions: ["已重新开具发票并快递寄出"]),
            FeedbackTemplate(category: "账单", subject: "自动续费前未收到提醒", body: "年度会员自动续费之前没有收到任何提醒，要求退款。",
                             resolutions: ["已取消自动续费并办理退款", "已为客户保留会员并延长一个月作为补偿"]),
        ],
        .inquiry: [
            FeedbackTemplate(category: "功能咨询", subject: "%@如何连接手机", body: "请问%@怎么和手机配对？说明书上的步骤找不到对应的选项。",
                             resolutions: ["已电话指导客户完成配对", "已发送图文教程，客户已自行完成设置"]),
            FeedbackTemplate(category: "功能咨询", subject: "%@的使用方法", body: "第一次使用%@，想了解日常保养和正确的使用方法。",
                             resolutions: ["已发送使用和保养指南", "已电话讲解使用方法"]),
            FeedbackTemplate(category: "功能咨询", subject: "%@能否升级", body: "手上的%@是去年买的，请问能不能升级到新版本？",
                             resolutions: ["已告知升级方式，并协助客户完成升级", "已说明该型号不支持升级，并推荐以旧换新活动"]),
            FeedbackTemplate(category: "物流", subject: "能否指定送货时间", body: "工作日白天家里没人，请问%@能否安排周末送货？",
                             resolutions: ["已为客户备注周末送货"]),
            FeedbackTemplate(category: "账单", subject: "如何开具增值税专用发票", body: "公司采购%@需要增值税专用发票，请问需要提供哪些资料？",
                             resolutions: ["已告知开票所需资料，发票已开具寄出"]),
            FeedbackTemplate(category: "价格", subject: "企业采购是否有批量优惠", body: "公司计划采购一批%@，请问有没有企业价或者批量折扣？",
                             resolutions: ["已提供企业报价单，转销售跟进", "已说明批量采购折扣政策"]),
            FeedbackTemplate(category: "售后", subject: "%@的保修期多久", body: "请问%@的保修期是多久，保修范围包括哪些？",
                             resolutions: ["已告知保修期和保修范围"]),
            FeedbackTemplate(category: "会员权益", subject: "会员积分如何兑换", body: "账户里有不少积分，请问可以兑换哪些商品，会不会过期？",
                             resolutions: ["已向客户说明积分规则，并协助完成兑换"]),
        ],
        .suggestion: [
            FeedbackTemplate(category: "产品建议", subject: "希望%@推出更多颜色", body: "%@很好用，但颜色选择太少，希望增加几款浅色。"),
            FeedbackTemplate(category: "产品建议", subject: "建议%@推出小包装", body: "一个人用的话%@的包装太大，建议推出小规格装。"),
            FeedbackTemplate(category: "产品建议", subject: "希望小程序能查看物流详情", body: "建议在微信小程序里直接显示物流轨迹，不用再跳转到快递公司。"),
            FeedbackTemplate(category: "物流", subject: "建议增加顺丰配送选项", body: "贵重商品希望可以选择顺丰，愿意自己补运费。"),
            FeedbackTemplate(category: "售后", subject: "建议售后进度可以在线查询", body: "送修的%@希望能在网上查到维修进度，不用每次打电话问。"),
            FeedbackTemplate(category: "价格", subject: "建议推出老客户专属优惠", body: "在贵公司买了好几年了，希望老客户能有专属折扣或者积分加倍。"),
            FeedbackTemplate(category: "会员权益", subject: "建议积分可以抵扣运费", body: "积分平时用不上，建议可以直接抵扣运费。"),
        ],
        .praise: [
            FeedbackTemplate(category: "服务态度", subject: "感谢客服耐心解答", body: "客服非常耐心，一步步帮我解决了%@的设置问题，点赞！"),
            FeedbackTemplate(category: "服务态度", subject: "销售顾问服务专业", body: "销售顾问很专业，根据我们的需求推荐了合适的%@，合作很愉快。"),
            FeedbackTemplate(category: "物流", subject: "发货速度很快", body: "昨天下单今天就收到了%@，包装也很仔细，非常满意。"),
            FeedbackTemplate(category: "质量", subject: "%@质量很好", body: "用了半年%@依然很好用，已经推荐给身边的朋友了。"),
            FeedbackTemplate(category: "售后", subject: "售后处理非常及时", body: "%@出了点小问题，售后第二天就上门处理好了，服务到位。"),
        ],
    ]

    /// How suggestions and praise are settled.
    static let suggestionResolutions = ["已记录建议并提交相关部门评估", "已感谢客户建议，将在后续版本中考虑", "建议已采纳，计划下季度上线"]
    static let praiseResolutions = ["已感谢客户，表扬已转达相关同事", "已回复感谢，并赠送会员积分"]
    /// Why an item was reopened by hand (a satisfaction of 2 or less reopens it by itself).
    static let reopenNotes = ["客户反馈问题仍未解决", "客户来电表示同样的问题再次出现", "补发的商品仍有问题"]

    /// Satisfaction scores, skewed positive (one verdict in ten is 2 or less).
    static let satisfactionScores: [(Int, Int)] = [(1, 4), (2, 6), (3, 15), (4, 35), (5, 40)]
    static let satisfactionComments: [Int: [String]] = [
        1: ["问题根本没有解决", "处理太慢，非常失望"],
        2: ["处理结果不满意，希望给出补偿方案", "等了太久才有回复"],
        3: ["问题解决了，但是速度一般", "还可以"],
        4: ["处理比较及时，满意", "客服态度不错"],
        5: ["处理非常及时，很满意", "服务很好，谢谢", "超出预期，点赞"],
    ]
}
