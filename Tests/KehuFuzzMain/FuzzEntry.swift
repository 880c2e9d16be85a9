import Foundation
import KehuFuzzing

// Built two ways (scripts/fuzz): with -DFUZZING and -sanitize=fuzzer,address, libFuzzer's
// driver runs the target named by KEHU_FUZZ_TARGET;
// in a plain build, `kehu-fuzz TARGET FILE...` runs files through a target once each (to
// replay a crash or a corpus).

#if FUZZING
/// Set up on first use: a global `let` is initialized once, thread-safely, and the API
/// targets need their database for the whole run.
let selectedTarget: any FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["KEHU_FUZZ_TARGET"] ?? ""
    do {
        if let target = try FuzzTargets.make(name) { return target }
        fatalError("KEHU_FUZZ_TARGET must name a target: one of \(FuzzTargets.names.joined(separator: ", "))")
    } catch {
        fatalError("target \(name) could not be set up: \(error)")
    }
}()

/// libFuzzer's driver (compiler-rt's FuzzerInterface.h). SwiftPM links an executable
/// target's entry point under its own name, so libFuzzer's `main` cannot be used; this
/// `main` hands the command line to the driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = Optional(CommandLine.unsafeArgv)
        let status = runFuzzerDriver(&argc, &argv) { data, size in
            selectedTarget.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        }
        exit(status)
    }
}
#else
@main
struct ReplayFuzzInputs {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = try FuzzTargets.make(name) else {
            print("usage: kehu-fuzz TARGET FILE...   (targets: \(FuzzTargets.names.joined(separator: ", ")))")
            exit(2)
        }
        for path in arguments.dropFirst() {
            target.run(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        print("\(name): \(arguments.count - 1) inputs, no invariant broken")
    }
}
#endif
