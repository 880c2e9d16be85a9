#if canImport(Glibc)
import Glibc
#endif

/// Raises the soft limit on open files so that `--max-connections` is reachable: each
/// connection is a descriptor, and the database, log and listener need a few more.
enum DescriptorLimit {
    /// Raises the soft limit to cover `connections` plus headroom, up to the hard limit.
    /// Returns the soft limit now in force.
    @discardableResult
    static func raise(toServe connections: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return -1 }
        let wanted = rlim_t(connections + 64)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(wanted, limit.rlim_max)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }
}
