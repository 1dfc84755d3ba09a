import Foundation
/// The exhaustive answer: every knob combination × every initial heap size in 1 KiB steps is
/// replayed (no assumption that a smaller heap is safer), and the best candidate every scenario
/// accepts wins. Slow by design; tests and benchmarks hold the optimiser to it.
import Model
import Simulator

public enum Oracle {
    public struct Answer: Sendable {
        public var best: Candidate?
        public var value: Double
        public var replays: Int
    }

    /// Throws what a scenario throws other than "does not start" (see `ScenarioEvaluator`).
    public static func solve(_ problem: RecommendationProblem) throws(Diagnostic) -> Answer {
        var best: Candidate?
        var bestValue = -Double.infinity
        var replays = 0
        for combo in problem.combinations {
            for heap in problem.heapRange.reversed() {
                let candidate = Candidate(heapKiB: heap, knobs: combo)
                var accepted = true
                for scenario in problem.scenarios {
                    replays += 1
                    if !problem.acceptable(try scenario.replay(heapKiB: heap, knobs: combo)) {
                        accepted = false
                        break
                    }
                }
                if accepted {
                    let v = problem.value(candidate)
                    if v > bestValue || (v == bestValue && best.map { candidate.description < $0.description } ?? true) {
                        bestValue = v
                        best = candidate
                    }
                }
            }
        }
        return Answer(best: best, value: bestValue, replays: replays)
    }
}

extension Oracle {
    /// The exhaustive answer without replaying what cannot win: every candidate (each combination ×
    /// each heap size) is put in order of value, best first, and replayed in that order on `jobs`
    /// threads until one is accepted; every candidate of the same value is replayed too, and the
    /// smallest description wins as in `solve`. Everything better than the answer is replayed and
    /// refused, so the answer is `solve`'s without any assumption on the heap (not even that
    /// acceptance is a window); the full space of a TLS workload (441,774 replays) is then minutes,
    /// not half an hour.
    public static func solveInValueOrder(_ problem: RecommendationProblem, jobs: Int = 1) throws(Diagnostic) -> Answer {
        var candidates: [(value: Double, candidate: Candidate)] = []
        for combo in problem.combinations {
            for heap in problem.heapRange {
                let c = Candidate(heapKiB: heap, knobs: combo)
                candidates.append((problem.value(c), c))
            }
        }
        candidates.sort { $0.value != $1.value ? $0.value > $1.value : $0.candidate.description < $1.candidate.description }
        let batch = max(jobs, 1) * 8
        var replays = 0
        var start = 0
        while start < candidates.count {
            let end = min(start + batch, candidates.count)
            let slice = Array(candidates[start..<end])
            let outcomes = ParallelMap.map(slice.count, jobs: jobs) { i -> Result<(accepted: Bool, replays: Int), Diagnostic> in
                var n = 0
                do throws(Diagnostic) {
                    for scenario in problem.scenarios {
                        n += 1
                        let c = slice[i].candidate
                        if !problem.acceptable(try scenario.replay(heapKiB: c.heapKiB, knobs: c.knobs)) { return .success((false, n)) }
                    }
                } catch {
                    return .failure(error)
                }
                return .success((true, n))
            }
            var verdicts: [(accepted: Bool, replays: Int)] = []
            for outcome in outcomes {
                switch outcome {
                case .success(let v): verdicts.append(v)
                case .failure(let d): throw d
                }
            }
            replays += verdicts.reduce(0) { $0 + $1.replays }
            // The first accepted in order wins (ties are already in description order); the rest of the
            // batch was replayed only to keep the threads busy.
            if let i = verdicts.firstIndex(where: { $0.accepted }) {
                return Answer(best: slice[i].candidate, value: slice[i].value, replays: replays)
            }
            start = end
        }
        return Answer(best: nil, value: -.infinity, replays: replays)
    }
}

/// Runs `count` independent pieces of work on up to `jobs` threads; results in index order.
enum ParallelMap {
    static func map<T: Sendable>(_ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        guard jobs > 1, count > 1 else { return (0..<count).map(body) }
        let results = ResultBox<T>(count)
        let next = Counter()
        let threads = min(jobs, count)
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                while let i = next.take(below: count) { results.set(i, body(i)) }
                group.leave()
            }
        }
        group.wait()
        return results.values()
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }

    final class ResultBox<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]
        init(_ count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ v: T) {
            lock.lock()
            slots[i] = v
            lock.unlock()
        }
        func values() -> [T] { slots.compactMap { $0 } }
    }
}

extension Oracle {
    /// The margin objective's exhaustive answer (`RecommendationObjective.leastKnobCostThenIDFFree`): every combination
    /// of the least knob cost with an accepted heap, every heap of the range, ranked by the worst free internal IDF
    /// memory at the peak over the heaps within `marginRadius` (a refused one counts as none), then the larger heap.
    /// `value` is that worst free memory in bytes. Unlike the optimiser it compares every least-cost combination.
    public static func solveForMargin(_ problem: RecommendationProblem) throws(Diagnostic) -> Answer {
        var replays = 0
        func cost(_ combo: [String: Int]) -> Double { -problem.value(Candidate(heapKiB: 0, knobs: combo)) }
        var free: [Candidate: Int] = [:]
        var accepted: [[String: Int]] = []
        for combo in problem.combinations {
            var any = false
            for heap in problem.heapRange {
                var worst = Int.max
                for scenario in problem.scenarios {
                    replays += 1
                    let r = try scenario.replay(heapKiB: heap, knobs: combo)
                    guard let r, problem.acceptable(r) else { worst = .min; break }
                    worst = min(worst, r.minimumInternalFree)
                }
                free[Candidate(heapKiB: heap, knobs: combo)] = worst
                if worst != .min { any = true }
            }
            if any { accepted.append(combo) }
        }
        guard let least = accepted.map(cost).min() else { return Answer(best: nil, value: -.infinity, replays: replays) }
        var best: (candidate: Candidate, worst: Int)?
        for combo in accepted where cost(combo) == least {
            for heap in problem.heapRange {
                var worst = Int.max
                for near in (heap - problem.marginRadius)...(heap + problem.marginRadius) where problem.heapRange.contains(near) {
                    worst = min(worst, free[Candidate(heapKiB: near, knobs: combo)] ?? .min)
                }
                guard worst != .min else { continue }
                let c = Candidate(heapKiB: heap, knobs: combo)
                if let b = best, b.worst > worst || (b.worst == worst && b.candidate.heapKiB >= heap) { continue }
                best = (c, worst)
            }
        }
        return Answer(best: best?.candidate, value: best.map { Double($0.worst) } ?? -.infinity, replays: replays)
    }
}
