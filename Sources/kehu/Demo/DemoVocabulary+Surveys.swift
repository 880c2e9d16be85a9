import KehuCore

/// The demo's satisfaction survey and how customers answer it: their overall mood skewed
/// positive, each question a little above or below it, and short comments in their words.
extension DemoVocabulary {
    /// The survey `kehu seed-demo` runs (and finds again on a later seed by name and questions).
    static let surveyName = "客户满意度调查"
    static let surveyDescription = "每季度通过微信、短信和电话回访发放：产品、服务、响应速度与性价比的满意度，以及推荐意愿。"
    /// Weights add up to 100, so each reads as the question's percent of the CSI.
    static let surveyQuestions: [QuestionInput] = [
        QuestionInput(id: "quality", text: "您对我们产品质量的满意程度如何？", type: .likert5, weight: 30),
        QuestionInput(id: "service", text: "您对我们服务人员的服务态度是否满意？", type: .likert5, weight: 25),
        QuestionInput(id: "speed", text: "您对我们响应和处理问题的速度是否满意？", type: .likert5, weight: 20),
        QuestionInput(id: "value", text: "您认为我们产品的性价比如何？", type: .likert5, weight: 15),
        QuestionInput(id: "recommend", text: "您向朋友推荐我们的可能性有多大？", type: .nps, weight: 10),
        QuestionInput(id: "comment", text: "您还有什么意见或建议？", type: .text),
    ]

    /// A respondent's overall mood, 1 (very unhappy) to 5 (delighted), before any complaint.
    static let surveyMoods: [(Int, Int)] = [(1, 3), (2, 7), (3, 18), (4, 40), (5, 32)]
    /// How a likert question strays from the mood: one point down or up, in percent. Speed
    /// and value for money disappoint more often than quality and manners.
    static let surveyLeanings: [String: (down: Int, up: Int)] = [
        "quality": (15, 15), "service": (12, 18), "speed": (22, 12), "value": (28, 8),
    ]
    /// The 0-10 recommendation by mood: the delighted promote, the content are mostly passive.
    static let recommendationsByMood: [Int: [(Int, Int)]] = [
        1: [(0, 30), (1, 25), (2, 20), (3, 15), (4, 10)],
        2: [(2, 10), (3, 20), (4, 25), (5, 25), (6, 20)],
        3: [(5, 15), (6, 30), (7, 35), (8, 20)],
        4: [(7, 30), (8, 40), (9, 22), (10, 8)],
        5: [(8, 12), (9, 38), (10, 50)],
    ]
    /// How often a respondent writes a comment, by mood: the unhappy have more to say.
    static let commentChance: [Int: Double] = [1: 0.6, 2: 0.55, 3: 0.3, 4: 0.3, 5: 0.35]

    static let surveyComments: [Int: [String]] = [
        1: ["产品质量太差，用了没多久就坏了", "客服一直推脱，问题始终没解决", "非常失望，不会再买了", "价格贵，质量却跟不上"],
        2: ["发货太慢了，等了一个多星期", "售后电话很难打通", "价格偏高，希望多一些优惠", "产品一般，和宣传的有差距"],
        3: ["总体还行，物流可以再快一点", "产品还可以，希望包装更结实", "服务一般，没有特别的感受", "性价比一般，有活动再考虑"],
        4: ["整体比较满意，希望继续保持", "客服态度很好，回复也及时", "产品质量不错，价格再实惠点就更好了", "用了一段时间，挺好用的"],
        5: ["非常满意，已经推荐给朋友了", "服务很贴心，谢谢你们的销售顾问", "质量很好，会继续回购", "发货快，包装好，五星好评"],
    ]
    /// What someone surveyed after a complaint says about its handling.
    static let complaintFollowUpComments: [Bool: [String]] = [
        true: ["投诉处理得很及时，态度也好", "问题解决了，感谢客服的跟进", "虽然出了问题，但售后处理让人放心"],
        false: ["投诉拖了很久才处理", "问题解决得太慢，体验不好", "希望以后出问题能更快响应"],
    ]
}
