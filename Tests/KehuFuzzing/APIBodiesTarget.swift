import HTTPServer

/// Every request body the API reads, through the real router, services and database: the
/// input's first byte picks a POST, PUT or PATCH route (and its media type), the rest is
/// the body. Any answer below 500 is the API doing its job; a 5xx or a thrown error is a bug.
///
/// Each accepted body adds rows, and over 1.5 million runs the target fell from 5,500 runs
/// a second to 1,000; the growing tables are the likely cause (not measured), so the
/// fixture is made anew every `runsPerFixture` runs, which leaves that many runs for state
/// to build up in.
struct APIBodiesTarget: FuzzTarget {
    static let runsPerFixture = 50_000
    private static let mediaTypes = ["application/json", "application/merge-patch+json", "text/csv; charset=utf-8", "application/json; charset=utf-8"]
    private let current: Locked<(fixture: APIFixture, routes: [(method: HTTPMethod, path: String)], runs: Int)>

    init(fixture: APIFixture) {
        current = Locked((fixture, Self.routes(fixture), 0))
    }

    private static func routes(_ fixture: APIFixture) -> [(method: HTTPMethod, path: String)] {
        fixture.templates(["POST", "PUT", "PATCH"]).map { ($0.method, fixture.path(for: $0.template)) }
    }

    func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let (fixture, routes) = current.withLock { current in
            current.runs += 1
            if current.runs > Self.runsPerFixture {
                do { current.fixture = try APIFixture() } catch { FuzzFailure.report("a new fixture could not be made: \(error)") }
                current.routes = Self.routes(current.fixture)
                current.runs = 1
            }
            return (current.fixture, current.routes)
        }
        let route = routes[Int(selector) % routes.count]
        let mediaType = Self.mediaTypes[Int(selector) / routes.count % Self.mediaTypes.count]
        fixture.send(Request(method: route.method, target: route.path, headers: ["Content-Type": mediaType], body: Array(input.dropFirst())))
    }
}

/// Query strings and filters of every GET route, through the real parser and router: the
/// first byte picks the route, the rest is its query. Bytes a request target may not hold
/// are refused by the parser (400), which is also checked not to crash.
struct QueryTarget: FuzzTarget {
    let fixture: APIFixture
    private let paths: [String]

    init(fixture: APIFixture) {
        self.fixture = fixture
        paths = fixture.templates(["GET"]).map { fixture.path(for: $0.template) }
    }

    func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let head = Array("GET \(paths[Int(selector) % paths.count])?".utf8) + input.dropFirst() + Array(" HTTP/1.1\r\nHost: fuzz\r\n\r\n".utf8)
        let stream = ParsedStream(head, cuts: [])
        guard stream.error == nil, let message = stream.messages.first else { return }
        fixture.send(Request(method: HTTPMethod(message.method), target: message.target, headers: HTTPHeaders(message.headers.map { ($0.name, $0.value) })))
    }
}
