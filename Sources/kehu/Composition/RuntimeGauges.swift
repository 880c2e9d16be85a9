import CSystemShims
import Foundation
import HTTPServer
import KehuAPI
import KehuPersistence

/// Scrape-time gauges: connections and workers from the server, pool use from the
/// database, the heap from malloc, resident memory from /proc.
final class RuntimeGauges: MetricsGauges {
    private let server = Locked<Server?>(nil)
    private let database: KehuDatabase

    init(database: KehuDatabase) { self.database = database }

    /// The server is made after the router that serves these gauges, so it is attached late.
    func attach(_ server: Server) { self.server.withLock { $0 = server } }

    func render() -> String {
        var out = ""
        func gauge(_ name: String, _ help: String, _ value: some Numeric, type: String = "gauge") {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        if let server = server.withLock({ $0 }) {
            gauge("kehu_open_connections", "Open HTTP connections.", server.openConnections)
            let load = server.workerLoad
            gauge("kehu_worker_jobs_queued", "Requests waiting for a worker thread.", load.queued)
            gauge("kehu_worker_jobs_busy", "Worker threads running a request.", load.busy)
        }
        let pool = database.pool.statistics
        gauge("kehu_db_readers_open", "Reader connections open.", pool.readersOpen)
        gauge("kehu_db_readers_busy", "Reader connections in use.", pool.readersBusy)
        gauge("kehu_db_readers_limit", "Most reader connections.", pool.readerLimit)
        gauge("kehu_db_writer_busy", "Whether the writer connection is in use (0 or 1).", pool.writerBusy ? 1 : 0)
        gauge("kehu_db_reads_total", "Read transactions run.", pool.totalReads, type: "counter")
        gauge("kehu_db_writes_total", "Write transactions run.", pool.totalWrites, type: "counter")
        gauge("kehu_db_reader_waits_total", "Reads that waited for a free reader.", pool.readerWaits, type: "counter")
        gauge("kehu_db_writer_waits_total", "Writes that waited for the writer.", pool.writerWaits, type: "counter")
        gauge("kehu_db_checkpoints_background_total", "WAL checkpoints run on the checkpoint thread.", pool.backgroundCheckpoints, type: "counter")
        gauge("kehu_db_checkpoints_inline_total", "WAL checkpoints run by the writer inside a commit, while other writes waited.", pool.inlineCheckpoints, type: "counter")
        gauge("kehu_db_page_cache_bytes", "Heap held by the connections' page caches (each bounded by --cache-mib).", pool.pageCacheBytes)
        var heapInUse = 0
        var heapFree = 0
        kehu_heap_bytes(&heapInUse, &heapFree)
        gauge("kehu_process_heap_in_use_bytes", "malloc's heap in use, page caches included.", heapInUse)
        gauge("kehu_process_heap_free_bytes", "malloc's heap freed but kept by the allocator.", heapFree)
        if let rss = Self.residentBytes() {
            gauge("kehu_process_resident_memory_bytes", "Resident memory of the process.", rss)
        }
        return out
    }

    /// Resident set size from /proc/self/statm (second field, in pages).
    private static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
