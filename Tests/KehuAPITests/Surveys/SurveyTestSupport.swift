import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// 2026-11-23T02:00:00Z, on whole seconds: "now" in survey tests.
let surveyEpoch = Date(timeIntervalSince1970: 1_795_399_200)

/// A survey of three questions: `service` (likert5, weight 2), `recommend` (nps, weight 6)
/// and `comment` (text).
let standardSurvey = """
    {"name":"年度满意度调查","description":"每年一次","questions":[
     {"id":"service","text":"您对我们的服务满意吗？","type":"likert5","weight":2},
     {"id":"recommend","text":"您有多大可能向朋友推荐我们？","type":"nps","weight":6},
     {"id":"comment","text":"还有什么建议？","type":"text"}]}
    """

extension TestApplication {
    /// A survey from a JSON body (expects 201); returns it.
    @discardableResult
    func createSurvey(_ json: String = standardSurvey, as role: Role = .admin) throws -> [String: Any] {
        let response = try call(.post, "/v1/surveys", as: role, json: json)
        #expect(response.status == .created, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// Posts a response; returns the raw answer.
    func postResponse(_ survey: String, _ json: String, as role: Role = .admin, key: String? = nil) throws -> Response {
        try call(.post, "/v1/surveys/\(survey)/responses", as: role, key: key, json: json)
    }

    /// Records a response for `customer` (expects 201); returns it.
    @discardableResult
    func recordResponse(_ survey: String, customer: String, answers: String, respondedAt: Date? = nil, as role: Role = .admin,
                        key: String? = nil) throws -> [String: Any] {
        let at = respondedAt.map { #","respondedAt":"\#(iso($0))""# } ?? ""
        let response = try postResponse(survey, #"{"customerId":"\#(customer)","answers":\#(answers)\#(at)}"#, as: role, key: key)
        #expect(response.status == .created, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// The results of a survey (expects 200).
    func results(_ survey: String, _ query: String = "", as role: Role = .admin, key: String? = nil) throws -> SurveyResultsView {
        let response = try call(.get, "/v1/surveys/\(survey)/results" + query, as: role, key: key)
        #expect(response.status == .ok, "\(response.bodyText)")
        return SurveyResultsView(json: response.jsonObject ?? [:])
    }

    /// Event types and entity ids on the change feed.
    func eventList() throws -> [String] {
        let events = try call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [[String: Any]] ?? []
        return events.map { "\($0["type"]!) \($0["entityId"]!)" }
    }
}

/// Results JSON with typed access for assertions.
struct SurveyResultsView {
    let json: [String: Any]

    var responses: Int? { json["responses"] as? Int }
    var csi: Double? { number(json["csi"]) }
    var nps: [String: Any] { json["nps"] as? [String: Any] ?? [:] }
    var npsScore: Double? { number(nps["score"]) }

    func question(_ id: String) -> [String: Any] {
        (json["questions"] as? [[String: Any]] ?? []).first { $0["id"] as? String == id } ?? [:]
    }

    func count(_ id: String) -> Int? { question(id)["count"] as? Int }
    func mean(_ id: String) -> Double? { number(question(id)["mean"]) }
    func scaledMean(_ id: String) -> Double? { number(question(id)["scaledMean"]) }
    func csiWeight(_ id: String) -> Double? { number(question(id)["csiWeight"]) }

    /// The distribution as counts in score order.
    func distribution(_ id: String) -> [Int]? {
        guard let buckets = question(id)["distribution"] as? [String: Any] else { return nil }
        return buckets.keys.compactMap(Int.init).sorted().map { buckets[String($0)] as? Int ?? -1 }
    }

    private func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
}

func days(ago count: Double) -> Date { surveyEpoch.addingTimeInterval(-count * 86_400) }
