/// Word lists for demo data: common Chinese surnames and given-name characters, places,
/// company names, products and the phrases of a sales team's day.
enum DemoVocabulary {
    /// The most common surnames first; the first ten are drawn half of the time.
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map(String.init)
        + ["欧阳", "司马", "诸葛", "上官"]
    static let maleGiven = Array("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国志文博毅峰晨睿泽").map(String.init)
    static let femaleGiven = Array("芳娜敏静丽艳娟霞秀玲桂英丹萍红燕洁琳倩雪慧颖婷欣怡佳梅晶雯璐瑶琪薇悦").map(String.init)

    static let englishFirst = ["James", "Michael", "David", "John", "Robert", "Daniel", "Kevin", "Jason", "Tony", "Peter",
                               "Emily", "Sarah", "Jessica", "Emma", "Olivia", "Linda", "Grace", "Amy", "Helen", "Lucy"]
    static let englishLast = ["Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Martin",
                              "Wang", "Chen", "Lee", "Wong", "Zhang", "Liu"]
    static let maleEnglish: Set<String> = ["James", "Michael", "David", "John", "Robert", "Daniel", "Kevin", "Jason", "Tony", "Peter"]

    /// A region path, the short city name used in company names, districts for addresses,
    /// and a weight (Guangdong and the big coastal cities hold most customers).
    struct Region {
        let path: String
        let city: String
        let districts: [String]
        let weight: Int
    }

    static let regions: [Region] = [
        Region(path: "广东省/深圳市", city: "深圳", districts: ["南山区", "福田区", "宝安区", "龙岗区"], weight: 14),
        Region(path: "广东省/广州市", city: "广州", districts: ["天河区", "越秀区", "海珠区", "番禺区"], weight: 11),
        Region(path: "广东省/东莞市", city: "东莞", districts: ["南城街道", "长安镇", "松山湖"], weight: 5),
        Region(path: "广东省/佛山市", city: "佛山", districts: ["禅城区", "顺德区", "南海区"], weight: 4),
        Region(path: "浙江省/杭州市", city: "杭州", districts: ["西湖区", "滨江区", "余杭区", "上城区"], weight: 8),
        Region(path: "浙江省/宁波市", city: "宁波", districts: ["鄞州区", "海曙区", "北仑区"], weight: 3),
        Region(path: "江苏省/南京市", city: "南京", districts: ["鼓楼区", "建邺区", "江宁区"], weight: 4),
        Region(path: "江苏省/苏州市", city: "苏州", districts: ["工业园区", "姑苏区", "吴中区"], weight: 5),
        Region(path: "北京市/朝阳区", city: "北京", districts: ["望京", "国贸", "三里屯"], weight: 6),
        Region(path: "北京市/海淀区", city: "北京", districts: ["中关村", "五道口", "西二旗"], weight: 5),
        Region(path: "上海市/浦东新区", city: "上海", districts: ["陆家嘴", "张江", "金桥"], weight: 7),
        Region(path: "上海市/徐汇区", city: "上海", districts: ["漕河泾", "徐家汇", "田林"], weight: 4),
        Region(path: "四川省/成都市", city: "成都", districts: ["高新区", "锦江区", "武侯区"], weight: 4),
        Region(path: "湖北省/武汉市", city: "武汉", districts: ["江汉区", "洪山区", "武昌区"], weight: 3),
        Region(path: "山东省/青岛市", city: "青岛", districts: ["市南区", "崂山区", "黄岛区"], weight: 2),
        Region(path: "福建省/厦门市", city: "厦门", districts: ["思明区", "湖里区", "集美区"], weight: 2),
        Region(path: "天津市/滨海新区", city: "天津", districts: ["塘沽", "开发区"], weight: 2),
        Region(path: "重庆市/渝中区", city: "重庆", districts: ["解放碑", "大坪"], weight: 2),
        Region(path: "陕西省/西安市", city: "西安", districts: ["雁塔区", "未央区", "碑林区"], weight: 2),
        Region(path: "湖南省/长沙市", city: "长沙", districts: ["岳麓区", "天心区", "开福区"], weight: 2),
        Region(path: "河南省/郑州市", city: "郑州", districts: ["金水区", "郑东新区"], weight: 2),
        Region(path: "安徽省/合肥市", city: "合肥", districts: ["蜀山区", "包河区"], weight: 1),
    ]
    static let streets = ["科技园路", "人民路", "中山路", "解放路", "建设路", "文化路", "创业路", "学府路", "滨江大道", "世纪大道", "长江路", "高新大道"]

    static let brandFirst = Array("华腾阿金鑫瑞恒盛嘉博宏中新天海信达安泰凯永佳美百远东创联云智德福康长国荣和正启源旭").map(String.init)
    static let brandSecond = Array("达通信科源泰宇智联创为讯航光辉锐盈兴邦诚峰合晟图驰麟辰拓川森澜越宸昊鼎尚").map(String.init)
    static let businesses = ["科技", "贸易", "实业", "电子", "网络科技", "信息技术", "生物科技", "医药", "食品", "物流", "文化传媒",
                             "建材", "服饰", "机械", "新能源", "电器", "餐饮管理", "教育咨询"]
    static let companyForms: [(String, Int)] = [("有限公司", 16), ("股份有限公司", 3), ("集团有限公司", 1)]
    static let englishBrands = ["Bright", "Pacific", "Golden", "Apex", "Nova", "Summit", "Vertex", "Harbor", "Silverline", "Orient",
                                "Evergreen", "Bluewave", "Redstone", "Skyline", "Unity"]
    static let englishBusinesses = ["Technologies", "Trading", "Industries", "Logistics", "Foods", "Electronics", "Consulting"]
    static let englishForms = ["Co., Ltd.", "Ltd.", "Inc.", "Limited"]

    static let industries: [(String, Int)] = [
        ("互联网", 6), ("制造业", 7), ("零售", 6), ("金融", 3), ("教育", 3), ("医疗健康", 3), ("房地产", 2), ("物流", 2),
        ("餐饮", 3), ("能源", 1), ("汽车", 2), ("批发贸易", 4),
    ]
    static let sources: [(String, Int)] = [
        ("官网", 6), ("展会", 3), ("转介绍", 5), ("微信", 6), ("电话营销", 3), ("线下门店", 4), ("抖音", 2), ("百度推广", 2), ("合作伙伴", 2),
    ]
    static let occupations = ["工程师", "教师", "医生", "设计师", "销售经理", "会计", "律师", "自由职业", "公务员", "产品经理", "店主", "采购主管"]
    static let companySizes = ["1-49", "50-199", "200-999", "1000+"]
    static let tags = ["高价值", "老客户", "新客户", "价格敏感", "企业采购", "潜在大客户", "需回访", "节日礼品", "会员", "流失风险", "VIP候选", "线上客户"]
    static let memberLevels = ["普通会员", "银卡", "金卡", "钻石卡"]
    static let contactTimes = ["上午", "下午", "晚上", "工作日"]
    static let emailDomains = ["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com", "foxmail.com"]
    static let notes = ["客户偏好下午联系", "年底有大批采购计划", "对价格比较敏感，注意优惠政策", "老板亲自决策", "曾投诉物流慢，已处理",
                        "需要开增值税专用发票", "由老客户介绍，重点维护", "关注售后服务和质保", "每季度集中采购一次"]

    /// A product: name, category, its unit price range in yuan, and how often it sells.
    struct Product {
        let name: String
        let category: String
        let minYuan: Int
        let maxYuan: Int
        let weight: Int
    }

    static let products: [Product] = [
        Product(name: "企业微信SCRM年费", category: "软件服务", minYuan: 3_000, maxYuan: 30_000, weight: 1),
        Product(name: "云服务器套餐", category: "软件服务", minYuan: 500, maxYuan: 8_000, weight: 2),
        Product(name: "智能手机", category: "数码产品", minYuan: 1_500, maxYuan: 8_000, weight: 3),
        Product(name: "笔记本电脑", category: "数码产品", minYuan: 4_000, maxYuan: 15_000, weight: 2),
        Product(name: "蓝牙耳机", category: "数码产品", minYuan: 99, maxYuan: 1_500, weight: 6),
        Product(name: "智能手表", category: "数码产品", minYuan: 500, maxYuan: 4_000, weight: 4),
        Product(name: "西湖龙井礼盒", category: "茶叶", minYuan: 200, maxYuan: 2_000, weight: 6),
        Product(name: "普洱茶饼", category: "茶叶", minYuan: 100, maxYuan: 3_000, weight: 5),
        Product(name: "人体工学办公椅", category: "办公家具", minYuan: 300, maxYuan: 3_000, weight: 4),
        Product(name: "升降办公桌", category: "办公家具", minYuan: 1_000, maxYuan: 6_000, weight: 2),
        Product(name: "打印机耗材", category: "办公用品", minYuan: 50, maxYuan: 800, weight: 8),
        Product(name: "A4打印纸（箱）", category: "办公用品", minYuan: 100, maxYuan: 300, weight: 8),
        Product(name: "空气净化器", category: "家电", minYuan: 800, maxYuan: 5_000, weight: 3),
        Product(name: "扫地机器人", category: "家电", minYuan: 1_000, maxYuan: 5_000, weight: 3),
        Product(name: "护肤套装", category: "美妆个护", minYuan: 200, maxYuan: 2_500, weight: 6),
        Product(name: "年度会员", category: "会员服务", minYuan: 199, maxYuan: 999, weight: 8),
        Product(name: "企业培训课程", category: "培训服务", minYuan: 2_000, maxYuan: 20_000, weight: 1),
        Product(name: "工业传感器", category: "工业品", minYuan: 500, maxYuan: 12_000, weight: 2),
        Product(name: "数控刀具", category: "工业品", minYuan: 300, maxYuan: 8_000, weight: 2),
        Product(name: "中秋月饼礼盒", category: "食品", minYuan: 100, maxYuan: 800, weight: 8),
        Product(name: "进口红酒", category: "酒水", minYuan: 200, maxYuan: 5_000, weight: 5),
    ]
    static let purchaseChannels = ["线上商城", "天猫旗舰店", "京东自营", "微信小程序", "线下门店", "电话订购", "渠道代理", "企业直采"]

    /// What a conversation on each channel was about; `%@` is a product name.
    static let summaries: [String: [String]] = [
        "phone": ["电话回访，客户对%@的使用情况表示满意", "电话沟通续费事宜，客户表示下月再定", "客户来电咨询%@价格", "电话确认发货时间和收货地址"],
        "wechat": ["微信发送%@新品资料，客户已读", "微信沟通%@优惠方案", "客户微信咨询售后问题，已转技术支持", "微信群内解答客户关于发票的问题"],
        "email": ["发送%@报价单及合同草案", "邮件回复客户关于发票的问题", "邮件发送年度合作方案", "邮件确认%@的交付计划"],
        "visit": ["上门拜访，现场演示%@", "到客户公司做年度回顾", "陪同技术人员上门安装%@"],
        "meeting": ["线上会议讨论%@采购需求", "参加客户季度评审会", "与客户采购部开会确认预算"],
        "sms": ["短信通知促销活动", "短信提醒会员即将到期", "短信发送%@物流单号"],
        "social": ["客户在抖音留言咨询%@", "小红书私信回复客户问题", "微博评论区回复客户反馈"],
        "other": ["展会现场交流，客户对%@感兴趣", "客户到店体验%@", "行业沙龙上结识，交换名片"],
    ]
    static let outcomes = ["已成交", "有意向", "待跟进", "暂无需求", "已解决", "约定下次联系"]
    static let channels: [(String, Int)] = [
        ("phone", 30), ("wechat", 30), ("email", 12), ("visit", 8), ("meeting", 8), ("sms", 5), ("social", 4), ("other", 3),
    ]

    /// China's mobile number blocks (the digits after the leading 1). 197 and 199 are left
    /// out on purpose: load tests create customers with +86199… numbers that never collide.
    static let mobileBlocks = ["30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "50", "51", "52", "53", "55", "56", "57",
                               "58", "59", "66", "77", "80", "81", "82", "83", "84", "85", "86", "87", "88", "89", "91", "93", "95", "98"]
}
