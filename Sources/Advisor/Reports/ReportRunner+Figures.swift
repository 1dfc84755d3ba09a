import Model
import Simulator

extension ReportRunner {
    /// A printed figure against the model's state at the end of the step it was printed after.
    func compareFigure(_ f: FieldReport.Figure, _ sim: SimulationReport, replays: ReplayCache, into row: inout ObservationScore) {
        if f.after == FieldReport.Figure.heapCreation {
            let c = sim.result.atHeapCreation
            let value = f.kind == .idfFree ? c.internalFree : c.largestBlock
            row.predicted = "\(value)"
            row.errorBytes = value - f.numbers[0]
            row.verdict = abs(value - f.numbers[0]) <= f.tolerance ? .reproduced : .notReproduced
            if row.verdict == .notReproduced { row.why = "off by more than the \(f.tolerance) B tolerance" }
            return
        }
        guard let step = sim.result.steps.first(where: { $0.label == f.after }) else {
            if let failure = sim.result.firstFailure {
                row.verdict = .notReproduced
                row.predicted = "fails at \"\(failure.label)\" before \"\(f.after)\""
                row.why = "the model does not get to where the board printed it"
            } else {
                row.why = "the replay keeps no state after \"\(f.after)\" (a step inside repeat or parallel)"
            }
            return
        }
        let pairs = figurePairs(f, step: step, sim, replays: replays, into: &row)
        let worst = pairs.max { abs($0.predicted - $0.seen) < abs($1.predicted - $1.seen) }
        row.errorBytes = worst.map { $0.predicted - $0.seen }
        let within = row.why == nil && !pairs.isEmpty && pairs.allSatisfy { abs($0.predicted - $0.seen) <= f.tolerance }
        row.verdict = within ? .reproduced : .notReproduced
        if !within, row.why == nil { row.why = "off by more than the \(f.tolerance) B tolerance" }
    }

    /// The figure's numbers paired with the model's at `step` (each kind of figure read off the step's heaps and GC
    /// state); the model's figure is written into `row.predicted`, and a count that does not match into `row.why`.
    private func figurePairs(_ f: FieldReport.Figure, step: StepRecord, _ sim: SimulationReport, replays: ReplayCache,
                             into row: inout ObservationScore) -> [(seen: Int, predicted: Int)] {
        let heaps = replays.heapsByStart
        let data = step.heaps.compactMap { h -> (sample: HeapSample, size: Int)? in
            guard let info = heaps[h.start], info.caps.contains(.bits8) else { return nil }
            return (h, info.size)
        }
        let defaultLargest = step.heaps.filter { heaps[$0.start]?.caps.contains(.default) ?? false }
            .map(\.largestFreeBlock).max() ?? 0
        var pairs: [(seen: Int, predicted: Int)] = []
        switch f.kind {
        case .memInfo:
            let predicted = [step.gc.total, step.gc.used, step.gc.total - step.gc.used, defaultLargest]
            let all: [FieldReport.MemInfoField] = [.total, .used, .free, .maxNewSplit]
            row.predicted = "GC: total: \(predicted[0]), used: \(predicted[1]), free: \(predicted[2]), max new split: \(predicted[3])"
            for field in f.fields {
                guard let i = all.firstIndex(of: field), i < f.numbers.count else { continue }
                pairs.append((f.numbers[i], predicted[i]))
            }
        case .gcMemFree:
            let split = sim.firmware.heapPolicy(chip: sim.chip, spiram: replays.scenario.device.board.features.spiram).growth != .none
            let value = step.gc.total - step.gc.used + (split ? defaultLargest : 0)
            row.predicted = "\(value)" + (split ? " (GC free + max new split)" : "")
            pairs = [(f.numbers[0], value)]
        case .idfFree:
            let value = data.reduce(0) { $0 + $1.sample.free }
            row.predicted = "\(value)"
            pairs = [(f.numbers[0], value)]
        case .idfLargest:
            let value = data.map(\.sample.largestFreeBlock).max() ?? 0
            row.predicted = "\(value)"
            pairs = [(f.numbers[0], value)]
        case .idfLargestBlocks:
            let blocks = Array(data.map(\.sample.largestFreeBlock).sorted(by: >).prefix(f.numbers.count))
            row.predicted = "(" + blocks.map(String.init).joined(separator: ", ") + ")"
            pairs = zip(f.numbers.sorted(by: >), blocks).map { ($0, $1) }
            if blocks.count < f.numbers.count { row.why = "the model has \(blocks.count) heaps, the board printed \(f.numbers.count) blocks" }
        case .idfHeapInfo:
            let tuples = data.map { [$0.size, $0.sample.free, $0.sample.largestFreeBlock, $0.sample.minimumFree] }
            row.predicted = "[" + tuples.map { "(" + $0.map(String.init).joined(separator: ", ") + ")" }.joined(separator: ", ") + "]"
            let matched = Self.pair(f.tuples, tuples)
            if matched.count < f.tuples.count { row.why = "the board listed \(f.tuples.count) heaps, the model has \(tuples.count)" }
            for (seen, predicted) in matched { pairs += zip(seen, predicted).map { ($0, $1) } }
        }
        return pairs
    }

    /// idf_heap_info tuples: the whole list in order when the counts agree; otherwise each seen tuple
    /// with the first model heap of the same total (a single printed tuple, or a list that lost a heap).
    static func pair(_ seen: [[Int]], _ model: [[Int]]) -> [([Int], [Int])] {
        if seen.count == model.count { return Array(zip(seen, model)) }
        var used = Set<Int>()
        var out: [([Int], [Int])] = []
        for s in seen {
            guard let j = model.indices.first(where: { !used.contains($0) && model[$0][0] == s[0] }) else { continue }
            used.insert(j)
            out.append((s, model[j]))
        }
        return out
    }
}
