import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KehuCore
import KehuSecurity
import Logging

/// Sends queued webhook deliveries: leases due ones from the database, POSTs each signed
/// event with a timeout, and records the attempt with its outcome (done, retry later with
/// exponential backoff, or give up). Runs on its own thread until `stop()`.
final class WebhookSender: @unchecked Sendable {
    // @unchecked: `stopped` and `running` are only touched under `lock`; everything else is
    // immutable after init (URLSession is thread-safe).
    struct Settings {
        var timeout: TimeInterval = 10
        var retryBase: TimeInterval = 30
        var maxAttempts = 8
        var disableAfter = 5
        var pollInterval: TimeInterval = 0.25
    }

    private let repository: any WebhookRepository
    private let targets: any WebhookTargetCheck
    private let settings: Settings
    private let logger: Logger
    private let session: URLSession
    private let lock = NSCondition()
    private var stopped = false
    private var running = false

    init(repository: any WebhookRepository, targets: any WebhookTargetCheck, settings: Settings, logger: Logger) {
        self.repository = repository
        self.targets = targets
        self.settings = settings
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = settings.timeout
        configuration.timeoutIntervalForResource = settings.timeout
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    func start() {
        lock.withLock { running = true }
        let thread = Thread { [self] in loop() }
        thread.name = "kehu-webhooks"
        thread.start()
    }

    /// Stops after the delivery in progress, if any; waits at most the send timeout.
    func stop() {
        lock.lock()
        stopped = true
        lock.broadcast()
        let deadline = Date().addingTimeInterval(settings.timeout + 1)
        while running && lock.wait(until: deadline) {}
        lock.unlock()
    }

    private func loop() {
        while !lock.withLock({ stopped }) {
            var sent = 0
            // Webhooks disabled during this batch (410, too many failures): their other
            // leased deliveries are left alone and stay pending.
            var disabled = Set<String>()
            do {
                for due in try repository.claimDue(now: Date(), lease: settings.timeout * 2 + 5, limit: 16) {
                    if lock.withLock({ stopped }) { break }
                    if disabled.contains(due.webhookID) { continue }
                    if !deliver(due) { disabled.insert(due.webhookID) }
                    sent += 1
                }
            } catch {
                logger.error("webhook queue unreadable", metadata: ["error": "\(error)"])
            }
            if sent == 0 {
                lock.lock()
                if !stopped { _ = lock.wait(until: Date().addingTimeInterval(settings.pollInterval)) }
                lock.unlock()
            }
        }
        lock.withLock {
            running = false
            lock.broadcast()
        }
    }

    /// Sends one delivery and records the attempt; returns whether its webhook is still active.
    private func deliver(_ due: DueDelivery) -> Bool {
        let number = due.attemptsSoFar + 1
        let started = Date()
        var statusCode: Int?
        var failure: String?
        do {
            guard let url = URL(string: due.url), let host = url.host else { throw KehuError.validation([]) }
            try targets.check(host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")))
            statusCode = try post(Self.body(of: due.event), to: url, delivery: due)
        } catch let error as KehuError {
            failure = error.description
        } catch {
            failure = "\(error)"
        }
        let outcome = decide(statusCode: statusCode, attemptNumber: number, now: Date())
        let attempt = WebhookAttempt(number: number, at: started, statusCode: statusCode, error: failure, durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000))
        do {
            return try repository.record(attempt, deliveryID: due.id, outcome: outcome, disableAfter: settings.disableAfter, now: Date())
        } catch {
            logger.error("webhook attempt not recorded", metadata: ["delivery": "\(due.id)", "error": "\(error)"])
            return true
        }
    }

    func decide(statusCode: Int?, attemptNumber: Int, now: Date) -> DeliveryOutcome {
        RetryPolicy(base: settings.retryBase, maxAttempts: settings.maxAttempts)
            .outcome(statusCode: statusCode, attemptNumber: attemptNumber, now: now, jitter: Double.random(in: 1...1.1))
    }

    private func post(_ body: [UInt8], to url: URL, delivery: DueDelivery) throws -> Int {
        var request = URLRequest(url: url, timeoutInterval: settings.timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Kehu-Webhooks/1", forHTTPHeaderField: "User-Agent")
        request.setValue(delivery.event.type, forHTTPHeaderField: "Kehu-Event")
        request.setValue(String(delivery.id), forHTTPHeaderField: "Kehu-Delivery")
        request.setValue(WebhookSignature.header(body: body, secret: delivery.secret, timestamp: Int(Date().timeIntervalSince1970)), forHTTPHeaderField: "Kehu-Signature")
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        session.dataTask(with: request) { _, response, error in
            result.set((response as? HTTPURLResponse)?.statusCode, error)
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + settings.timeout + 2) == .success else { throw KehuError.unavailable("timed out") }
        let (status, error) = result.get()
        if let status { return status }
        throw KehuError.unavailable(error.map { "\($0.localizedDescription)" } ?? "no response")
    }

    /// `{"id", "type", "occurredAt", "data": {"entityType", "entityId", "changedFields"}}`.
    static func body(of event: ChangeEvent) -> [UInt8] {
        struct Payload: Encodable {
            struct Data: Encodable { let entityType: String; let entityId: String; let changedFields: [String] }
            let id: String; let type: String; let occurredAt: Date; let data: Data
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let payload = Payload(id: String(event.sequence), type: event.type, occurredAt: event.occurredAt,
                              data: .init(entityType: event.entityType, entityId: event.entityID, changedFields: event.changedFields))
        return Array((try? encoder.encode(payload)) ?? Data())
    }

    private final class ResultBox: @unchecked Sendable {
        // @unchecked: written once before the semaphore is signalled, read after the wait.
        private var value: (Int?, (any Error)?) = (nil, nil)
        func set(_ status: Int?, _ error: (any Error)?) { value = (status, error) }
        func get() -> (Int?, (any Error)?) { value }
    }

    /// A redirect is answered as a failure: following it could reach an address the
    /// target check never saw.
    // @unchecked: the delegate has no state at all.
    private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }
}
