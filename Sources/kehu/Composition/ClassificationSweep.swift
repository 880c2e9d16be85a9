import Dispatch
import Foundation
import HTTPServer
import KehuCore
import Logging

/// Re-evaluates, at start and then every `interval`, the lifecycle stages that change
/// with time alone (a buyer falls silent and churns, 12-month spend lapses): writes keep
/// stages correct, but nothing is written when a customer simply goes quiet. It also
/// refreshes the query planner's statistics where they have drifted (`maintenance`, which
/// returns the tables it analyzed) and makes the VIP care tasks due soon
/// (`AgendaService.makeCareTasks`, a no-op unless configured).
final class ClassificationSweep: Sendable {
    private let customers: CustomerService
    private let agenda: AgendaService?
    private let maintenance: @Sendable () throws -> [String]
    private let interval: TimeInterval
    private let logger: Logger
    private let queue = DispatchQueue(label: "kehu.classification-sweep", qos: .utility)
    private let timer = Locked<(any DispatchSourceTimer)?>(nil)

    /// `interval` 0 turns the sweep off.
    init(customers: CustomerService, agenda: AgendaService? = nil, interval: TimeInterval, logger: Logger,
         maintenance: @escaping @Sendable () throws -> [String]) {
        self.customers = customers
        self.agenda = agenda
        self.maintenance = maintenance
        self.interval = interval
        self.logger = logger
    }

    func start() {
        guard interval > 0 else { return }
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now() + 1, repeating: interval, leeway: .seconds(5))
        source.setEventHandler { [self] in run() }
        timer.withLock { $0 = source }
        source.resume()
    }

    /// Stops the timer and waits for a sweep in progress (before the database closes).
    func stop() {
        timer.withLock { timer in
            timer?.cancel()
            timer = nil
        }
        queue.sync {}
    }

    /// Logs one line with what it changed and how long each part took: each part holds
    /// the one writer while it runs, so its time is a stall for the writes meanwhile.
    private func run() {
        let context = RequestContext(principal: .system, requestID: "classification-sweep", now: Date())
        let clock = ContinuousClock()
        do {
            var analyzed: [String] = []
            let statistics = try clock.measure { analyzed = try maintenance() }
            var changed = 0
            let reclassification = try clock.measure { changed = try customers.reclassify(all: false, context: context) }
            var made = 0
            let care = try clock.measure { made = try agenda?.makeCareTasks(context: context) ?? 0 }
            logger.info("classification sweep", metadata: [
                "customers.changed": "\(changed)", "followUps.created": "\(made)",
                "statistics.tables": "\(analyzed.count)", "sweep.statistics.ms": "\(statistics.milliseconds)", "sweep.reclassify.ms": "\(reclassification.milliseconds)",
                "sweep.care.ms": "\(care.milliseconds)",
            ])
        } catch {
            logger.warning("classification sweep failed", metadata: ["error": "\(error)"])
        }
    }
}

private extension Duration {
    var milliseconds: Int64 { Int64(self / .milliseconds(1)) }
}
