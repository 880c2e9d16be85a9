import CSystemShims
import Foundation

/// Caps glibc's malloc arenas at the number of cores (at least two) unless the operator
/// set `MALLOC_ARENA_MAX`.
///
/// glibc gives threads up to eight arenas per core, and each keeps what its threads free
/// for their next allocations. With a few dozen worker threads that kept memory is most of
/// the heap's growth: in 10-minute soaks on two cores (docs/reliability.md, Soak), the heap
/// in use stayed at 51 MiB while the kept memory grew from 28 to 50 MiB; with two arenas it
/// grew from 11 to 25 MiB, the process ended 24 MiB smaller, and p99 was the same. Only as
/// many threads as there are cores allocate at once, so more arenas than cores buy little.
enum MallocArenas {
    /// Call before the server starts its threads.
    static func limit(_ environment: ProcessEnvironment) {
        guard environment.values["MALLOC_ARENA_MAX"] == nil else { return }
        _ = kehu_limit_malloc_arenas(Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
    }
}
