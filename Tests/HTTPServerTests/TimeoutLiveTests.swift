import HTTPServer
import KehuTestSupport
import Testing

extension LiveServerTests {
    /// Header, idle and body timeouts, with short settings (sweep every 125 ms).
    @Suite struct Timeouts {
        /// Expects a 408 problem response with `Connection: close`, then the close.
        private func expectTimeoutAnswer(_ client: RawHTTPClient, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let response = try client.readResponse(timeout: 3)
            #expect(response.status == 408, sourceLocation: sourceLocation)
            #expect(response.header("Connection") == "close", sourceLocation: sourceLocation)
            #expect(response.header("Content-Type") == "application/problem+json", sourceLocation: sourceLocation)
            #expect(response.bodyText.contains("\"status\":408"), sourceLocation: sourceLocation)
            #expect(client.waitForPeerClose(timeout: 1).state == .closed, sourceLocation: sourceLocation)
        }

        @Test func slowLoris_partialHeadThenSilence_gets408AndClose_whileOthersAreServed() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(configuration: .testing(headerTimeout: 0.5), LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let loris = try server.makeClient()
            let start = ContinuousClock.now
            try loris.send("GET /slow HTTP/1.1\r\nHost: t\r\nX-Partial: ")
            // Another client keeps being served meanwhile.
            let other = try server.makeClient()
            for index in 0..<3 {
                #expect(try other.exchange(RawHTTPRequest.get("/other\(index)")).bodyText == "/other\(index)")
                RawHTTPClient.sleep(0.1)
            }
            try expectTimeoutAnswer(loris)
            let elapsed = seconds(since: start)
            #expect(elapsed >= 0.45, "closed after \(elapsed) s, before the header timeout")
            #expect(elapsed < 2, "closed after \(elapsed) s; timeout 0.5 s + sweep 0.125 s")
            #expect(calls.value == 3)
            #expect(try other.exchange(RawHTTPRequest.get("/after")).status == 200)
        }

        @Test func slowLoris_oneByteEvery100ms_gets408AndClose() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(configuration: .testing(headerTimeout: 0.5), LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let loris = try server.makeClient()
            let other = try server.makeClient()
            let start = ContinuousClock.now
            try loris.send("GET / HTTP/1.1\r\n")
            var answered = false
            for _ in 0..<25 where !answered {
                try? loris.send("X")
                #expect(try other.exchange(RawHTTPRequest.get("/ok")).status == 200)
                // Peek for the server's answer (waits up to 100 ms).
                let arrived = loris.receiveBytes(minimum: 1, timeout: 0.1)
                if !arrived.isEmpty {
                    answered = true
                    let parsed = try RawHTTPResponseParser.parse(arrived[...])
                    let response = try #require(parsed?.response, "partial answer: \(String(decoding: arrived, as: UTF8.self))")
                    #expect(response.status == 408)
                    #expect(response.header("Connection") == "close")
                }
            }
            let elapsed = seconds(since: start)
            #expect(answered, "no 408 within 2.5 s of dribbling")
            #expect(elapsed >= 0.45 && elapsed < 2, "answered after \(elapsed) s")
            #expect(loris.waitForPeerClose(timeout: 1).state != .open)
            #expect(calls.value >= 4, "only the other client's requests ran")
        }

        @Test func emptyLinesForever_countAsAnUnfinishedHead() throws {
            let server = try TestHTTPServer(configuration: .testing(headerTimeout: 0.5), LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let start = ContinuousClock.now
            var closed = false
            for _ in 0..<20 where !closed {
                if (try? client.send("\r\n")) == nil { break }
                closed = client.waitForPeerClose(timeout: 0.1).state != .open
            }
            #expect(closed || client.waitForPeerClose(timeout: 1).state != .open)
            #expect(seconds(since: start) < 2)
        }

        @Test func idleKeepAliveConnection_isClosedAfterIdleTimeout_butNotBefore() throws {
            let server = try TestHTTPServer(configuration: .testing(idleTimeout: 0.5), LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            // Requests 0.3 s apart keep resetting the idle clock.
            for index in 0..<4 {
                #expect(try client.exchange(RawHTTPRequest.get("/busy\(index)")).status == 200)
                RawHTTPClient.sleep(0.3)
            }
            let idleStart = ContinuousClock.now
            let (state, bytes) = client.waitForPeerClose(timeout: 3)
            let elapsed = seconds(since: idleStart)
            #expect(state == .closed)
            #expect(bytes.isEmpty, "an idle connection is closed silently")
            #expect(elapsed >= 0.15 && elapsed < 2, "idle close after \(elapsed) s (+0.3 s already idle)")
            #expect(server.waitForOpenConnections { $0 == 0 })
        }

        @Test func idleConnectionThatNeverSentAByte_isClosedAfterIdleTimeout() throws {
            let server = try TestHTTPServer(configuration: .testing(idleTimeout: 0.5), LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let start = ContinuousClock.now
            #expect(client.waitForPeerClose(timeout: 3).state == .closed)
            #expect(seconds(since: start) < 2)
        }

        /// Connecting and never sending a byte must not hold a connection slot for the whole
        /// idle timeout (a slow-loris that costs the attacker nothing): the header timeout
        /// applies until the first request. Closed silently, as there is nothing to answer.
        @Test func newConnectionThatNeverSendsARequest_isClosedAfterTheHeaderTimeout() throws {
            let server = try TestHTTPServer(configuration: .testing(headerTimeout: 0.5, idleTimeout: 30), LiveHandlers.echo())
            defer { server.shutdown() }
            let silent = try server.makeClient()
            let start = ContinuousClock.now
            let (state, bytes) = silent.waitForPeerClose(timeout: 5)
            #expect(state == .closed)
            #expect(bytes.isEmpty, "closed silently")
            let elapsed = seconds(since: start)
            #expect(elapsed >= 0.45 && elapsed < 2, "closed after \(elapsed) s; header timeout 0.5 s, idle 30 s")
            // After a request, the keep-alive idle timeout (30 s) applies instead.
            let client = try server.makeClient()
            #expect(try client.exchange(RawHTTPRequest.get("/one")).status == 200)
            #expect(client.waitForPeerClose(timeout: 1.5).state == .open)
        }

        @Test func bodyThatStopsArriving_gets408AndClose_withoutRunningHandler() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(configuration: .testing(bodyTimeout: 0.5), LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let client = try server.makeClient()
            let start = ContinuousClock.now
            try client.send(RawHTTPRequest.make("POST", "/upload", headers: [("Content-Length", "10")]) + Array("abc".utf8))
            RawHTTPClient.sleep(0.2)
            try client.send("de") // progress resets the body clock
            try expectTimeoutAnswer(client)
            let elapsed = seconds(since: start)
            #expect(elapsed >= 0.6 && elapsed < 2.2, "408 after \(elapsed) s")
            #expect(calls.value == 0)
        }

        @Test func chunkedBodyThatStopsArriving_gets408() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(configuration: .testing(bodyTimeout: 0.5), LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
            try expectTimeoutAnswer(client)
            #expect(calls.value == 0)
        }

        @Test func slowHandler_isNotCutOffByTheHeaderOrIdleTimeout() throws {
            let server = try TestHTTPServer(configuration: .testing(headerTimeout: 0.3, idleTimeout: 0.3, bodyTimeout: 0.3)) { _ in
                RawHTTPClient.sleep(0.8)
                return .text("finally")
            }
            defer { server.shutdown() }
            let client = try server.makeClient()
            let response = try client.exchange(RawHTTPRequest.get("/slow"), timeout: 3)
            #expect(response.status == 200)
            #expect(response.bodyText == "finally")
        }
    }
}
