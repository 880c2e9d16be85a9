import HTTPServer
import KehuTestSupport
import Synchronization
import Testing

extension LiveServerTests {
    /// Address families and many simultaneous clients.
    @Suite struct Scale {
        @Test(.enabled(if: TestHTTPServer.hasIPv6Loopback, "this machine has no IPv6 loopback (::1)"))
        func ipv6Loopback_isServed() throws {
            let server = try TestHTTPServer(configuration: .testing(host: "::1")) { request in
                .text("\(request.target) from \(request.remoteAddress ?? "?")")
            }
            defer { server.shutdown() }
            let client = try server.makeClient()
            #expect(server.host == "::1")
            let response = try client.exchange(RawHTTPRequest.get("/six"))
            #expect(response.status == 200)
            #expect(response.bodyText == "/six from ::1")
        }

        @Test func manyConcurrentClients_allGetTheirOwnAnswers() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(configuration: .testing(workerCount: 8)) { request in
                calls.increment()
                return .text("echo \(request.target) \(String(decoding: request.body, as: UTF8.self))")
            }
            defer { server.shutdown() }
            let clients = 50
            let requestsPerClient = 20
            let failures = Mutex<[String]>([])
            let start = ContinuousClock.now
            ConcurrentThreads.run(clients) { clientIndex in
                do {
                    let client = try server.makeClient()
                    for requestIndex in 0..<requestsPerClient {
                        let target = "/c\(clientIndex)/r\(requestIndex)"
                        let request = requestIndex % 2 == 0
                            ? RawHTTPRequest.get(target)
                            : RawHTTPRequest.post(target, body: "body-\(clientIndex)-\(requestIndex)")
                        let response = try client.exchange(request, timeout: 10)
                        let expected = requestIndex % 2 == 0 ? "echo \(target) " : "echo \(target) body-\(clientIndex)-\(requestIndex)"
                        if response.status != 200 || response.bodyText != expected {
                            failures.withLock { $0.append("\(target): \(response.status) \(response.bodyText)") }
                        }
                    }
                } catch {
                    failures.withLock { $0.append("client \(clientIndex): \(error)") }
                }
            }
            let elapsed = seconds(since: start)
            #expect(failures.withLock { $0 } == [])
            #expect(calls.value == clients * requestsPerClient)
            #expect(elapsed < 20, "\(clients * requestsPerClient) requests took \(elapsed) s")
        }
    }
}
