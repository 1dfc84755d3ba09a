import Foundation
import Model
import Advisor
import Solver

/// `HeapfitBenchmarks --catalogue [LIMIT]`: the optimiser against the exhaustive oracle on every
/// catalogue board (its default IDF release) × every shipped workload. Each pair uses the knob
/// space `heapfit recommend` would search; where that space × the heap range exceeds LIMIT replays
/// (default 40000: a full TLS space is 7776 combinations × ~100 sizes, about 40 minutes of oracle
/// per pair), the space is cut to the knobs listed first until it fits, and the line says so.
/// Prints one line per pair and a summary; exits 1 if any pair differs.
func catalogueOracle(limit: Int) -> Bool {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let library = root.appendingPathComponent("workloads").path
    guard let catalogue = try? CatalogueLoader.load(path: root.appendingPathComponent("boards.yaml").path) else {
        print("catalogue: boards.yaml does not load")
        return false
    }
    let workloads = WorkloadLoader(library: library).shippedWorkloads()
    var same = 0, differ = 0, bothNone = 0, skipped = 0
    for board in catalogue.boards.sorted(by: { $0.name < $1.name }) {
        for workload in workloads {
            let request = RecommendationRequest(board: board.name, workloads: [workload])
            guard let prepared = try? RecommendCommand.prepare(request, catalogue: catalogue, library: library) else {
                skipped += 1
                continue
            }
            var problem = prepared.problem
            var cut = ""
            while problem.combinations.count * problem.heapRange.count > limit, !problem.knobs.isEmpty {
                cut = " (space cut to \(problem.knobs.count - 1) knobs)"
                problem.knobs.removeLast()
            }
            let oracle: Oracle.Answer
            do {
                oracle = try Oracle.solve(problem)
            } catch {
                differ += 1
                print("\(board.name) · \(workload): the oracle could not replay: \(error)")
                continue
            }
            let label = "\(board.name) · \(workload): \(problem.combinations.count) combinations × \(problem.heapRange.count) sizes\(cut)"
            switch Recommender(problem: problem).recommend() {
            case .success(let answer):
                if let best = oracle.best, abs(answer.value - oracle.value) <= 1 {
                    same += 1
                    print("\(label): same answer (\(best.heapKiB) KiB; optimiser \(answer.replays) replays, oracle \(oracle.replays))")
                } else {
                    differ += 1
                    print("\(label): DIFFERENT — optimiser \(answer.best), oracle \(oracle.best.map(String.init(describing:)) ?? "none")")
                }
            case .failure(.infeasible):
                if oracle.best == nil { bothNone += 1; print("\(label): no setting, the oracle agrees") } else {
                    differ += 1
                    print("\(label): DIFFERENT — optimiser found none, oracle \(String(describing: oracle.best))")
                }
            case .failure(let f):
                differ += 1
                print("\(label): solver failure \(f)")
            }
        }
    }
    print("catalogue: \(same) same answer, \(bothNone) no setting on both, \(differ) different, \(skipped) pairs that cannot run")
    return differ == 0
}
