import Foundation
import HTTPServer
import KehuCore

/// `GET /v1/analytics/funnel`: the sales funnel of the deals created in a period.
struct FunnelHandlers {
    let funnel: FunnelService

    /// Without `from`, a year back from `to`: most sales cycles close within it.
    static let defaultDays = 365

    func register(on routes: inout V1Routes) {
        routes.addAnalytic("/v1/analytics/funnel") { request, context in try show(request, context) }
    }

    func show(_ request: Request, _ context: RequestContext) throws -> Response {
        var errors = request.unknownQueryParameters(known: ["from", "to", "ownerId"])
        let period = try request.analyticsPeriod(defaultDays: Self.defaultDays, now: context.now, errors: &errors)
        guard let period, errors.isEmpty else { throw KehuError.validation(errors) }
        let result = try funnel.funnel(period: period, scope: try request.analyticsScope(context), context: context)
        return .json { $0.funnel(result) }
    }
}

extension JSONWriter {
    mutating func funnel(_ funnel: Funnel) {
        beginObject()
        key("amounts"); beginArray()
        for amount in funnel.amounts {
            beginObject()
            key("currency"); string(amount.currency)
            key("deals"); integer(amount.deals)
            key("lost"); integer(amount.lost)
            key("open"); integer(amount.open)
            key("total"); integer(amount.total)
            key("won"); integer(amount.won)
            endObject()
        }
        endArray()
        key("conversions"); beginArray()
        for conversion in funnel.conversions {
            beginObject()
            key("from"); string(conversion.from.rawValue)
            key("rate"); number(orNull: conversion.rate)
            key("to"); string(conversion.to.rawValue)
            endObject()
        }
        endArray()
        key("from"); date(funnel.period.from)
        key("ownerId"); string(funnel.scope.ownerID)
        key("stages"); beginArray()
        for stage in funnel.stages {
            beginObject()
            key("averageDays"); number(orNull: stage.averageDays)
            key("current"); integer(stage.current)
            key("entered"); integer(stage.entered)
            key("reached"); integer(stage.reached)
            key("stage"); string(stage.stage.rawValue)
            endObject()
        }
        endArray()
        key("to"); date(funnel.period.to)
        key("total"); integer(funnel.total)
        key("winRate"); number(orNull: funnel.winRate)
        endObject()
    }
}
