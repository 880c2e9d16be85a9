#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT, taken synchronously by the main thread with `sigwait`.
///
/// Not a Dispatch signal source, and no `dispatchMain()`: on Linux a signal source reads a
/// signalfd, which only sees a signal every thread blocks, and `dispatchMain()` parks the
/// main thread in `sigsuspend` with an empty mask, so SIGTERM would take its default action
/// there (exit 143, no drain). Blocking both signals before any thread exists makes every
/// later thread inherit the mask; the main thread then waits for them.
enum ShutdownSignals {
    /// Blocks SIGTERM and SIGINT in the calling thread; call before any thread starts.
    static func block() {
        var set = signals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks the calling thread until SIGTERM or SIGINT arrives; returns which.
    static func wait() -> Int32 {
        var set = signals()
        var number: Int32 = 0
        while sigwait(&set, &number) != 0 {}
        return number
    }

    private static func signals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }
}
