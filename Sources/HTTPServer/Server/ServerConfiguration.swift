import Foundation

/// Every limit and timeout of the server, in one place (STYLE §8: limits are configuration).
///
/// Times are in seconds.
public struct ServerConfiguration: Sendable {
    /// Address to bind: a numeric IPv4/IPv6 address or a host name.
    public var host: String
    /// Port to bind; 0 picks a free one (tests).
    public var port: Int
    /// Listen backlog handed to the kernel.
    public var backlog: Int32
    /// Most open connections; further ones get a 503 and are closed.
    public var maxConnections: Int
    /// Request size limits.
    public var parserLimits: HTTPParserLimits
    /// A request's header section must arrive within this time (slow-loris: 408 and close).
    public var headerTimeout: Double
    /// An idle keep-alive connection is closed after this time.
    public var idleTimeout: Double
    /// A request body that makes no progress for this long is dropped (408 and close).
    public var bodyTimeout: Double
    /// A client that accepts none of our output for this long is disconnected.
    public var writeTimeout: Double
    /// How long shutdown waits for in-flight requests before closing everything.
    public var shutdownGracePeriod: Double
    /// Threads running handlers of safe requests (GET, HEAD, OPTIONS); bounds concurrent
    /// handler work.
    public var workerCount: Int
    /// Threads running handlers of requests with other methods. Writes mostly wait (for
    /// the database's single writer, for a shared commit's fsync), so more of them in
    /// flight make bigger group commits without crowding the CPU-bound reads.
    public var writeWorkerCount: Int
    /// Threads running handlers of long reads (`WorkLane.long`), apart from the others so
    /// that they never take every thread the short reads need.
    public var longWorkerCount: Int
    /// Bytes read from a socket per read call.
    public var readChunkBytes: Int
    /// Most pipelined requests taken from the buffer into one worker job; their
    /// responses leave in one write.
    public var maxPipelinedBatch: Int
    /// Unread input (beyond the current request) above which the server stops reading
    /// from the socket until the current request is answered.
    public var maxBufferedInputBytes: Int
    /// Unsent output above which streamed bodies wait and pipelined work pauses.
    public var outputHighWaterBytes: Int

    /// Kehu's defaults: 127.0.0.1:8080, 1024 connections, 10 s header, 60 s idle, 30 s body
    /// and write timeouts, 10 s shutdown grace.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        backlog: Int32 = 1024,
        maxConnections: Int = 1024,
        parserLimits: HTTPParserLimits = HTTPParserLimits(),
        headerTimeout: Double = 10,
        idleTimeout: Double = 60,
        bodyTimeout: Double = 30,
        writeTimeout: Double = 30,
        shutdownGracePeriod: Double = 10,
        workerCount: Int = ServerConfiguration.defaultWorkerCount,
        writeWorkerCount: Int = ServerConfiguration.defaultWriteWorkerCount,
        longWorkerCount: Int = ServerConfiguration.defaultLongWorkerCount,
        readChunkBytes: Int = 16 * 1024,
        maxPipelinedBatch: Int = 16,
        maxBufferedInputBytes: Int = 256 * 1024,
        outputHighWaterBytes: Int = 256 * 1024
    ) {
        self.host = host
        self.port = port
        self.backlog = backlog
        self.maxConnections = maxConnections
        self.parserLimits = parserLimits
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.writeTimeout = writeTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        self.workerCount = workerCount
        self.writeWorkerCount = writeWorkerCount
        self.longWorkerCount = longWorkerCount
        self.readChunkBytes = readChunkBytes
        self.maxPipelinedBatch = maxPipelinedBatch
        self.maxBufferedInputBytes = maxBufferedInputBytes
        self.outputHighWaterBytes = outputHighWaterBytes
    }

    /// Two threads per core, at least four: measured on 2 cores, 16 workers lost ~15% of
    /// throughput to thread switching against 4, while a few spare threads keep requests
    /// moving when some block on SQLite.
    public static var defaultWorkerCount: Int { max(4, 2 * ProcessInfo.processInfo.activeProcessorCount) }

    /// Measured on 2 cores (POST /v1/customers, 64 connections, 100,000 customers), since
    /// concurrent writes join one commit: 48 write threads 2,655 req/s, 64 3,456, 128 3,641.
    /// Each waiting write costs a thread and nothing else.
    public static let defaultWriteWorkerCount = 64

    /// As many as the reads have. Measured on 2 cores at 1,000 req/s over 167,000
    /// customers: 8 threads instead of 4 kept the same overall p99 (7.6 ms against 7.8)
    /// and a lower one for analytics (49 ms against 68), for 120 MiB more heap, since more
    /// analytics then run at once, each with its rows in memory.
    public static var defaultLongWorkerCount: Int { defaultWorkerCount }

    /// How often deadlines are checked: a quarter of the shortest timeout, between 50 ms and 1 s.
    var sweepInterval: Double {
        let shortest = min(headerTimeout, idleTimeout, bodyTimeout, writeTimeout)
        return min(1, max(0.05, shortest / 4))
    }
}
