#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import HTTPServer
import KehuTestSupport
import Testing

extension LiveServerTests {
    /// Graceful shutdown (STYLE §5): stop accepting, close idle connections, let
    /// in-flight requests finish with `Connection: close`, give up after the grace period.
    @Suite struct Shutdown {
        @Test func shutdown_letsInFlightRequestFinish_closesIdle_refusesNew() throws {
            let started = DispatchSemaphore(value: 0)
            let server = try TestHTTPServer(configuration: .testing(shutdownGracePeriod: 3)) { request in
                if request.path == "/slow" {
                    started.signal()
                    RawHTTPClient.sleep(0.8)
                }
                return .text("done \(request.path)")
            }
            defer { server.shutdown() }
            let idle = try server.makeClient()
            #expect(try idle.exchange(RawHTTPRequest.get("/warm-up")).status == 200)
            let busy = try server.makeClient()
            try busy.send(RawHTTPRequest.get("/slow"))
            try #require(started.wait(timeout: .now() + 2) == .success, "the slow handler never started")

            let shutdownStart = ContinuousClock.now
            let finished = ConcurrentThreads.start { server.shutdown() }

            // The idle keep-alive connection is closed at once, without a response.
            let (idleState, idleBytes) = idle.waitForPeerClose(timeout: 0.6)
            #expect(idleState == .closed)
            #expect(idleBytes.isEmpty)
            // New connections are refused.
            #expect(throws: RawHTTPClientError.system(call: "connect", errno: ECONNREFUSED)) { _ = try server.makeClient() }
            #expect(finished.wait(timeout: .now() + 0.1) == .timedOut, "shutdown waits for the in-flight request")

            let response = try busy.readResponse(timeout: 3)
            #expect(response.status == 200)
            #expect(response.bodyText == "done /slow")
            #expect(response.header("Connection") == "close", "the in-flight response announces the close")
            #expect(busy.waitForPeerClose(timeout: 1).state == .closed)

            #expect(finished.wait(timeout: .now() + 3) == .success, "shutdown() did not return")
            let elapsed = seconds(since: shutdownStart)
            #expect(elapsed >= 0.5 && elapsed < 2.5, "shutdown took \(elapsed) s")
            #expect(server.server.openConnections == 0)
        }

        @Test func shutdown_doesNotStartPipelinedRequestQueuedBehindTheInFlightOne() throws {
            let started = DispatchSemaphore(value: 0)
            let calls = EventLog()
            let server = try TestHTTPServer(configuration: .testing(shutdownGracePeriod: 3)) { request in
                calls.append(request.target)
                if request.path == "/slow" {
                    started.signal()
                    RawHTTPClient.sleep(0.4)
                }
                return .text("done \(request.path)")
            }
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/slow") + RawHTTPRequest.get("/queued"))
            try #require(started.wait(timeout: .now() + 2) == .success)
            let finished = ConcurrentThreads.start { server.shutdown() }
            let result = try client.readResponses(2, timeout: 3)
            #expect(result.responses.map(\.bodyText) == ["done /slow"])
            #expect(result.responses.first?.header("Connection") == "close")
            #expect(result.ending == .closed)
            #expect(calls.all == ["/slow"], "no new request starts once shutdown has begun")
            #expect(finished.wait(timeout: .now() + 3) == .success)
        }

        @Test func shutdown_waitsForARequestBodyInProgress_andAnswersItWithClose() throws {
            let server = try TestHTTPServer(configuration: .testing(shutdownGracePeriod: 3), LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.make("POST", "/upload", headers: [("Content-Length", "5")]) + Array("he".utf8))
            #expect(server.waitForOpenConnections { $0 == 1 })
            RawHTTPClient.sleep(0.05)
            let finished = ConcurrentThreads.start { server.shutdown() }
            RawHTTPClient.sleep(0.2)
            #expect(client.waitForPeerClose(timeout: 0.05).state == .open, "a request whose body is arriving is not idle")
            try client.send("llo")
            let response = try client.readResponse(timeout: 2)
            #expect(response.bodyText == "POST hello")
            #expect(response.header("Connection") == "close")
            #expect(finished.wait(timeout: .now() + 3) == .success)
        }

        @Test func shutdown_afterGracePeriod_closesConnectionsStillBusy() throws {
            let release = DispatchSemaphore(value: 0)
            let started = DispatchSemaphore(value: 0)
            let server = try TestHTTPServer { _ in
                started.signal()
                _ = release.wait(timeout: .now() + 5)
                return .text("late")
            }
            defer {
                release.signal()
                server.shutdown()
            }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/stuck"))
            try #require(started.wait(timeout: .now() + 2) == .success)
            let start = ContinuousClock.now
            server.shutdown(gracePeriod: 0.3)
            let elapsed = seconds(since: start)
            #expect(elapsed >= 0.25 && elapsed < 2, "shutdown took \(elapsed) s with a 0.3 s grace period")
            #expect(client.waitForPeerClose(timeout: 1).state != .open)
            #expect(server.server.openConnections == 0)
        }

        @Test func shutdown_withoutConnections_returnsPromptly_andIsIdempotent() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            let start = ContinuousClock.now
            server.shutdown()
            server.shutdown()
            #expect(seconds(since: start) < 0.5)
        }

        @Test func shutdown_closesTheListeningSocketBeforeReturning() throws {
            // Once shutdown() returns, the port must refuse connections and be free to bind
            // again (a restart on the same port must not fail with EADDRINUSE). The window is
            // small, so try several times.
            var acceptedAfterShutdown = 0
            var rebindFailures: [String] = []
            for _ in 0..<30 {
                let first = try TestHTTPServer(configuration: .testing(workerCount: 1), LiveHandlers.echo())
                let port = first.port
                first.shutdown()
                if let client = try? RawHTTPClient(port: port) {
                    acceptedAfterShutdown += 1
                    client.close()
                }
                var configuration = ServerConfiguration.testing(workerCount: 1)
                configuration.port = port
                let second = Server(configuration: configuration, handler: ClosureHandler { _ in Response() }, logger: TestHTTPServer.silentLogger)
                do {
                    try second.start()
                } catch {
                    rebindFailures.append("\(error)")
                }
                second.shutdown()
            }
            #expect(acceptedAfterShutdown == 0, "connections completed after shutdown() returned")
            #expect(rebindFailures == [], "rebinding the port right after shutdown() failed")
        }

        @Test func shutdown_closesConnectionWithHalfAHead() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            let client = try server.makeClient()
            try client.send("GET / HTTP/1.1\r\nHo")
            #expect(server.waitForOpenConnections { $0 == 1 })
            server.shutdown()
            #expect(client.waitForPeerClose(timeout: 1).state != .open)
        }
    }
}
