import Foundation
import HTTPServer
import KehuCore

/// `/v1/settings/cadence` and `/v1/settings/holidays`.
struct FollowUpSettingsHandlers {
    let settings: SettingsService

    func register(on routes: inout V1Routes) {
        routes.add(.get, "/v1/settings/cadence", .readSettings) { _, _ in try cadence() }
        routes.add(.put, "/v1/settings/cadence", .manageSettings) { request, context in try setCadence(request, context) }
        routes.add(.get, "/v1/settings/holidays", .readSettings) { _, _ in try holidays() }
        routes.add(.put, "/v1/settings/holidays", .manageSettings) { request, context in try setHolidays(request, context) }
    }

    func cadence() throws -> Response {
        let (value, version) = try settings.get(SettingsService.cadenceKey, as: CadenceSettings.self, fallback: .default)
        return try .json(value, headers: .etag(version: version))
    }

    func setCadence(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: CadenceBody.self)
        let value = try CadenceSettings(vip: body.vip, normal: body.normal, potential: body.potential).validated()
        let version = try settings.put(SettingsService.cadenceKey, value, expectedVersion: request.expectedVersion(), context: context)
        return try .json(value, headers: .etag(version: version))
    }

    func holidays() throws -> Response {
        let (value, version) = try settings.get(SettingsService.careKey, as: CareSettings.self, fallback: .default)
        return try .json(value, headers: .etag(version: version))
    }

    func setHolidays(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeBody(as: HolidaysBody.self)
        let value = try CareSettings(holidays: body.holidays, reminderDays: body.reminderDays ?? CareSettings.default.reminderDays,
                                     vipCareDaysAhead: body.vipCareDaysAhead).validated()
        let version = try settings.put(SettingsService.careKey, value, expectedVersion: request.expectedVersion(), context: context)
        return try .json(value, headers: .etag(version: version))
    }
}

struct CadenceBody: RequestInput {
    static let acceptedFields: Set<String> = ["vip", "normal", "potential"]
    var vip: Int
    var normal: Int
    var potential: Int
}

struct HolidaysBody: RequestInput {
    static let acceptedFields: Set<String> = ["holidays", "reminderDays", "vipCareDaysAhead"]
    var holidays: [HolidayRule]
    var reminderDays: Int?
    var vipCareDaysAhead: Int?
}
