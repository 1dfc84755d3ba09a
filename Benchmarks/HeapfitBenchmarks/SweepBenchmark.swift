import Foundation

/// `heapfit sweep` with no filters — the full catalogue (every board × every release with static
/// sizes × https-get-x2, in recommend mode) — end to end as a process on 2 threads, median of 3 runs.
/// Target (issue 7): at most 30 s on 2 cores.
func benchmarkSweepProcess() {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("heapfit")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        print("sweep (process): \(binary.path) not built; run `swift build -c release --product heapfit` first")
        return
    }
    var samples: [Double] = []
    var summary = ""
    for _ in 0..<3 {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["sweep", "--jobs", "2"]
        let out = Pipe()
        process.standardOutput = out
        let start = ContinuousClock.now
        do { try process.run() } catch { print("sweep (process): cannot run \(binary.path): \(error)"); return }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        summary = text.split(separator: "\n").first.map(String.init) ?? ""
    }
    samples.sort()
    let median = samples[samples.count / 2]
    print(String(format: "sweep, full catalogue, --jobs 2, as a process: median %.2f s (min %.2f, max %.2f)  %@", median,
                 samples[0], samples[samples.count - 1], median <= 30 ? "ok" : "over the 30 s target"))
    print("  " + summary)
}
