import Foundation
import HTTPServer
import KehuTestSupport
import Testing

/// Which API routes run on the long lane, apart from the short reads' threads.
@Suite struct WorkLaneRoutesTests {
    @Test func analyticsAndTheExport_areLong_everyOtherReadIsNot() throws {
        let app = try TestApplication()
        let routes = app.router.routes
        #expect(routes.count > 60)
        for route in routes {
            // A concrete path for the template: any id will do, the lane comes from the route.
            let path = route.template.replacingOccurrences(of: #"\{[^}]+\}"#, with: "x", options: .regularExpression)
            let lane = app.router.lane(for: .make(route.method, path))
            let long = route.method == .get && (route.template.hasPrefix("/v1/analytics/") || route.template == "/v1/customers/export")
            #expect((lane == .long) == long, "\(route.method) \(route.template) runs on \(lane)")
        }
    }
}
