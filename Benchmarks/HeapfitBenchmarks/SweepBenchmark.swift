import Foundation
import Model

/// Target 5 (issue 16): `heapfit sweep` over every board × every release with static sizes × every shipped
/// workload, in recommend mode, as a process on 2 threads: at most 30 s.
func benchmarkSweepProcess() -> Bool {
    guard let binary = heapfitBinary("sweep (process)") else { return false }
    let workloads = WorkloadLoader(library: benchmarkRoot.appendingPathComponent("workloads").path).shippedWorkloads()
    var arguments = ["sweep", "--jobs", "2"]
    for w in workloads { arguments += ["--workload", w] }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    let start = ContinuousClock.now
    do { try process.run() } catch { print("sweep (process): cannot run \(binary.path): \(error)"); return false }
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let elapsed = seconds(ContinuousClock.now - start)
    print(String(format: "sweep, every board × release × %d shipped workloads, --jobs 2, as a process: %.1f s  %@", workloads.count,
                 elapsed, elapsed <= 30 ? "ok" : "over the 30 s target"))
    print("  " + (text.split(separator: "\n").first.map(String.init) ?? ""))
    return elapsed <= 30
}
