import Foundation
import Model
import Advisor
import Solver

/// Wall time of `binary arguments` as a process, in seconds (output discarded); nil if it cannot run.
func runProcess(_ binary: URL, _ arguments: [String]) -> (seconds: Double, status: Int32)? {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let start = ContinuousClock.now
    do { try process.run() } catch { return nil }
    process.waitUntilExit()
    return (seconds(ContinuousClock.now - start), process.terminationStatus)
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

/// The `heapfit` release binary next to this benchmark, or nil (with a line saying so).
func heapfitBinary(_ what: String) -> URL? {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("heapfit")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        print("\(what): \(binary.path) not built; run `swift build -c release --product heapfit` first")
        return nil
    }
    return binary
}

let benchmarkRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Target 2 (issue 16): `heapfit recommend` on every shipped workload on every catalogue board with known
/// static sizes (its default release), each as a process, at most 300 ms; prints the slowest five.
/// Pairs that answer "no setting" or cannot run count too (a user waits for those as well).
func benchmarkRecommendEveryPair() -> Bool {
    guard let binary = heapfitBinary("recommend (process)"),
          let catalogue = try? CatalogueLoader.load(path: benchmarkRoot.appendingPathComponent("boards.yaml").path) else { return false }
    let workloads = WorkloadLoader(library: benchmarkRoot.appendingPathComponent("workloads").path).shippedWorkloads()
    var times: [(Double, String)] = []
    for board in catalogue.boards.sorted(by: { $0.name < $1.name }) {
        guard (try? FirmwareResolution.defaultIDF(board: board, catalogue: catalogue)) != nil else { continue }
        for workload in workloads {
            guard let (t, status) = runProcess(binary, ["recommend", "--board", board.name, "--workload", workload]) else { continue }
            times.append((t, "\(board.name) · \(workload) (exit \(status))"))
        }
    }
    times.sort { $0.0 > $1.0 }
    let worst = times.first?.0 ?? 0
    print(String(format: "recommend, every board with known sizes × every shipped workload (%d processes): slowest %.0f ms  %@",
                 times.count, worst * 1000, worst <= 0.3 ? "ok" : "over the 300 ms target"))
    for (t, label) in times.prefix(5) { print(String(format: "  %6.0f ms  %@", t * 1000, label)) }
    return worst <= 0.3
}

/// `heapfit recommend` with no arguments, end to end as a process, median of 9 runs.
func benchmarkRecommendProcess() {
    guard let binary = heapfitBinary("recommend (process)") else { return }
    var samples: [Double] = []
    for _ in 0..<9 {
        guard let (t, _) = runProcess(binary, ["recommend"]) else { print("recommend (process): cannot run \(binary.path)"); return }
        samples.append(t * 1000)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    print(String(format: "recommend, default case, as a process: median %.0f ms (min %.0f, max %.0f)  %@", median,
                 samples[0], samples[samples.count - 1], median <= 300 ? "ok" : "over the 300 ms target"))
}

/// The optimiser against the exhaustive oracle (in value order, `Oracle.solveInValueOrder`, on `jobs`
/// threads) on the full knob space `recommend` searches for `workload` on `board`: same answer, and how
/// many times faster. Returns whether the answers agree, and the wall time spent.
@discardableResult
func benchmarkRecommenderAgainstOracle(workload: String, board: String = "ESP32_GENERIC", jobs: Int) -> (same: Bool, seconds: Double) {
    let clock = ContinuousClock()
    let begin = clock.now
    do {
        let catalogue = try CatalogueLoader.load(path: benchmarkRoot.appendingPathComponent("boards.yaml").path)
        let prepared = try RecommendCommand.prepare(RecommendationRequest(board: board, workloads: [workload]), catalogue: catalogue,
                                                    library: benchmarkRoot.appendingPathComponent("workloads").path)
        let problem = prepared.problem
        let t0 = clock.now
        let optimiser = Recommender(problem: problem).recommend()
        let t1 = clock.now
        let oracle = try Oracle.solveInValueOrder(problem, jobs: jobs)
        let t2 = clock.now
        let fast = seconds(t1 - t0), slow = seconds(t2 - t1)
        let space = problem.combinations.count * problem.heapRange.count
        let label = "\(board) · \(workload): \(problem.combinations.count) combinations × \(problem.heapRange.count) sizes"
        switch optimiser {
        case .success(let answer):
            let same = oracle.best != nil && abs(answer.value - oracle.value) < 1e-6
            print(String(format: "  %@: optimiser %.3f s (%d replays), oracle %.2f s (%d of %d replays): %.0f× faster, %@", label as NSString,
                         fast, answer.replays, slow, oracle.replays, space, slow / fast,
                         (same ? "same answer (\(answer.best))" : "DIFFERENT: optimiser \(answer.best) (\(answer.value)), oracle "
                            + "\(oracle.best.map(String.init(describing:)) ?? "none") (\(oracle.value))") as NSString))
            return (same, seconds(clock.now - begin))
        case .failure(.infeasible):
            let same = oracle.best == nil
            print(String(format: "  %@: no setting; oracle %@ (%.2f s, %d replays)", label as NSString,
                         (oracle.best.map { "found \($0)" } ?? "agrees") as NSString, slow, oracle.replays))
            return (same, seconds(clock.now - begin))
        case .failure(let f):
            print("  \(label): solver failure \(f)")
            return (false, seconds(clock.now - begin))
        }
    } catch {
        print("  \(board) · \(workload): cannot run: \(error)")
        return (true, seconds(clock.now - begin))
    }
}

/// Target 3 (issue 16): every shipped workload on ESP32_GENERIC, full knob space, optimiser = oracle, all
/// within 10 minutes on `jobs` threads.
func benchmarkOracleEveryWorkload(jobs: Int) -> Bool {
    let workloads = WorkloadLoader(library: benchmarkRoot.appendingPathComponent("workloads").path).shippedWorkloads()
    print("optimiser vs exhaustive oracle, ESP32_GENERIC, every shipped workload's full knob space, --jobs \(jobs):")
    var total = 0.0, allSame = true
    for w in workloads {
        let (same, t) = benchmarkRecommenderAgainstOracle(workload: w, jobs: jobs)
        total += t
        allSame = allSame && same
    }
    let ok = allSame && total <= 600
    print(String(format: "  %d workloads in %.0f s: %@  %@", workloads.count, total, allSame ? "every answer the oracle's" : "SOME DIFFER",
                 ok ? "ok" : (allSame ? "over the 10 min target" : "not ok")))
    return ok
}
