import Foundation
import Model
import Advisor
import Solver

/// `heapfit recommend` with no arguments, end to end as a process (release build next to this
/// benchmark), median of 9 runs. Target (issue 5): median under 300 ms.
func benchmarkRecommendProcess() {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("heapfit")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        print("recommend (process): \(binary.path) not built; run `swift build -c release --product heapfit` first")
        return
    }
    var samples: [Double] = []
    for _ in 0..<9 {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["recommend"]
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        do { try process.run() } catch { print("recommend (process): cannot run \(binary.path): \(error)"); return }
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.attoseconds) * 1e-15 + Double(elapsed.components.seconds) * 1000)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    print(String(format: "recommend, default case, as a process: median %.0f ms (min %.0f, max %.0f)  %@", median,
                 samples.first!, samples.last!, median <= 300 ? "ok" : "over the 300 ms target"))
}

/// The optimiser against the exhaustive oracle on the full knob space of a workload: same answer,
/// and how many times faster. Target (issue 5): ≥ 20×.
func benchmarkRecommenderAgainstOracle(workload: String, limit: Int = 20_000) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    do {
        let catalogue = try CatalogueLoader.load(path: root.appendingPathComponent("boards.yaml").path)
        let prepared = try RecommendCommand.prepare(RecommendationRequest(workloads: [workload]), catalogue: catalogue,
                                                    library: root.appendingPathComponent("workloads").path)
        let space = prepared.problem.combinations.count * prepared.problem.heapRange.count
        guard space <= limit else {
            print("\(workload): full knob space is \(prepared.problem.combinations.count) combinations × "
                  + "\(prepared.problem.heapRange.count) sizes = \(space) replays for the oracle: skipped (too long for make bench; "
                  + "run `HeapfitBenchmarks --oracle \(workload)` to measure it)")
            return
        }
        let clock = ContinuousClock()
        let t0 = clock.now
        let answer = try Recommender(problem: prepared.problem).recommend().get()
        let t1 = clock.now
        let oracle = try Oracle.solve(prepared.problem)
        let t2 = clock.now
        let fast = Double((t1 - t0).components.attoseconds) * 1e-18 + Double((t1 - t0).components.seconds)
        let slow = Double((t2 - t1).components.attoseconds) * 1e-18 + Double((t2 - t1).components.seconds)
        let same = abs(answer.value - oracle.value) <= 1
        print(String(format: "%@: optimiser %.3f s (%d replays), oracle %.3f s (%d replays, %d combinations): %.1f× faster, %@",
                     workload as NSString, fast, answer.replays, slow, oracle.replays, prepared.problem.combinations.count,
                     slow / fast, (same ? "same answer" : "DIFFERENT answer: \(answer.best) vs \(oracle.best.map(String.init(describing:)) ?? "none")") as NSString))
    } catch {
        print("\(workload): \(error)")
    }
}
