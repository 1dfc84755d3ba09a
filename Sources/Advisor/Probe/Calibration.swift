import Foundation
import Model
import Simulator
import Solver

/// What `heapfit calibrate` is asked: a probe log, the workload it ran and the scenario to simulate it on.
public struct CalibrationRequest: Sendable {
    public var board: String
    public var idf: IDFVersion
    public var firmware: String?
    public var workload: String
    public var staticDRAM: Int?
    /// The log as the user named it, and its text.
    public var logFile: String
    public var log: String
    /// Where the calibrated workload will be written (its `components/` and includes resolve from there).
    public var output: String

    public init(board: String, idf: IDFVersion, firmware: String?, workload: String, staticDRAM: Int?, logFile: String,
                log: String, output: String) {
        self.board = board; self.idf = idf; self.firmware = firmware; self.workload = workload; self.staticDRAM = staticDRAM
        self.logFile = logFile; self.log = log; self.output = output
    }
}

/// The sizes calibration may change: bytes a component's instances hold beyond the shipped component,
/// and the size of each top-level Python step's objects.
public struct CalibrationSizes: Hashable, Sendable {
    /// Component name → extra IDF bytes each open instance holds (≥ 0).
    public var componentExtra: [String: Int] = [:]
    /// Top-level step index (0-based) → bytes per object.
    public var pythonBytes: [Int: Int] = [:]

    public init(componentExtra: [String: Int] = [:], pythonBytes: [Int: Int] = [:]) {
        self.componentExtra = componentExtra
        self.pythonBytes = pythonBytes
    }
}

/// The outcome of `heapfit calibrate`.
public struct CalibrationReport: Sendable {
    /// One checkpoint of the log next to the simulation, before (shipped sizes) and after calibration.
    public struct Point: Sendable, Hashable {
        public var index: Int
        public var label: String
        public var measuredFree: Int?
        public var measuredLargest: Int?
        public var measuredGC: Int?
        public var before: Figures?
        public var after: Figures?
        /// Whether the fit used it (a failed step's checkpoint and checkpoint 0 are shown, not fitted).
        public var fitted: Bool
    }

    /// Simulated figures; checkpoint 0 (before the first step) has only the GC heap's.
    public struct Figures: Sendable, Hashable {
        public var free: Int?
        public var largest: Int?
        public var gcUsed: Int
    }

    public struct Change: Sendable, Hashable {
        /// `tls-session` (a component) or `step 1 "import …"` (a Python step).
        public var what: String
        public var shipped: Int
        public var calibrated: Int
        public var unit: String
    }

    public var scenario: String
    public var log: String
    public var workload: String
    public var points: [Point]
    public var changes: [Change]
    /// The constant the fit found between the board and the simulation: free IDF memory (board − simulation,
    /// before the steps' sizes) and GC bytes in use (the probe script's own objects).
    public var idfOffset: Int
    public var gcOffset: Int
    public var sizes: CalibrationSizes
    public var yaml: String
    public var notes: [String]

    /// Σ |measured − simulated| over the fitted checkpoints' free IDF and GC figures.
    public var deviationBefore: Int { points.filter(\.fitted).reduce(0) { $0 + Self.deviation($1, $1.before, offsets: (0, 0)) } }
    public var deviationAfter: Int {
        points.filter(\.fitted).reduce(0) { $0 + Self.deviation($1, $1.after, offsets: (idfOffset, gcOffset)) }
    }

    static func deviation(_ p: Point, _ f: Figures?, offsets: (Int, Int)) -> Int {
        guard let f else { return 0 }
        var d = 0
        if let m = p.measuredFree, let free = f.free { d += abs(m - (free + offsets.0)) }
        if let m = p.measuredGC { d += abs(m - (f.gcUsed + offsets.1)) }
        return d
    }
}

/// The `calibrate` use case: fit the sizes of a workload's components and Python steps to what a
/// board printed at the checkpoints of a `heapfit probe` script, as a linear program (least absolute
/// deviation) solved by GLPK, re-linearised around each solution by replaying the calibrated workload.
public enum CalibrateCommand {
    /// Bounds around the shipped values: a component's instances may hold up to this much more…
    public static let componentExtraLimit = 32 * 1024
    /// …and a Python step's objects may be this much smaller or larger each.
    public static let pythonDeltaLimit = 16 * 1024
    /// The board's constant offsets may be at most this large.
    static let offsetLimit = 256 * 1024
    /// Rounds of fit → replay → fit.
    static let rounds = 4

    public static func run(_ request: CalibrationRequest, catalogue: Catalogue, library: String) throws(Diagnostic) -> CalibrationReport {
        let log = try probeLog(request)
        let loader = WorkloadLoader(library: library)
        let workload = try loader.workload(request.workload)
        let device = try DeviceBoot.boot(catalogue: catalogue, boardName: request.board, idf: request.idf,
                                         staticDRAM: request.staticDRAM)
        let firmware = request.firmware ?? (Firmware(parsing: log.firmware) != nil ? log.firmware : nil)
        // The release the board ran is a fact, listed in the support table or not (a user's own build).
        let base = try PreparedScenario(device: device, firmware: firmware, workload: workload, loader: loader, catalogue: catalogue,
                                        firmwareMustBeListed: false)
        let steps = workload.steps
        let matches = try align(log, workload: workload, file: request.logFile)
        var notes: [String] = []
        if log.workload != workload.name {
            notes.append("The log ran workload \(log.workload); its checkpoints are matched with \(workload.name)'s steps by label.")
        }
        if let f = log.failure, let e = f.error {
            notes.append("Step \(f.index) ('\(f.label)') failed on the board: \(e.type): \(e.text). Its checkpoint is shown, not fitted.")
        }

        let (components, shippedPython) = variables(steps)
        let open = openCounts(steps, components: components)
        let live = liveness(steps)

        func simulate(_ sizes: CalibrationSizes) throws(Diagnostic) -> (yaml: String, result: ReplayResult) {
            let yaml = calibratedYAML(workload, sizes: sizes, log: request.logFile, notes: [])
            let calibrated = try loader.workload(text: yaml, file: request.output)
            let scenario = try PreparedScenario(device: device, firmware: firmware, workload: calibrated, loader: loader,
                                                catalogue: catalogue, firmwareMustBeListed: false)
            let (result, _) = try scenario.run(initialHeap: nil, overrides: [:])
            return (yaml, result)
        }

        let (_, shippedRecords) = try simulate(CalibrationSizes())
        var sizes = CalibrationSizes()
        var records = shippedRecords
        var offsets = (idf: 0, gc: 0)
        let fitted = matches.filter { $0.point.error == nil }
        guard fitted.contains(where: { $0.point.index > 0 && ($0.point.idfFree != nil || $0.point.gcUsed != nil) }) else {
            throw Diagnostic("\(request.logFile) has no checkpoint after a step that succeeded, with heap figures", file: request.logFile,
                             expected: "checkpoints 1, 2, … each with idf_heap_info / mem_info / gc figures",
                             fix: "Check that the script ran past its first step (the log shows the exception of a failing step)")
        }
        for _ in 0..<rounds {
            guard let solution = try fit(fitted, records: records, sizes: sizes, components: components, shippedPython: shippedPython,
                                         open: open, live: live) else { break }
            let changed = solution.sizes != sizes
            sizes = solution.sizes
            offsets = solution.offsets
            records = try simulate(sizes).result
            if !changed { break }
        }
        let yaml = calibratedYAML(workload, sizes: sizes, log: request.logFile,
                                  notes: ["IDF offset \(offsets.idf) B and GC offset \(offsets.gc) B (board − simulation, not written)"])
        let points = matches.map { m in point(m, shipped: shippedRecords, calibrated: records) }
        let changes = self.changes(sizes, components: components, shippedPython: shippedPython, workload: workload, knobs: base.knobs)
        notes.append("The largest-block figures are shown, not fitted: how a heap fragments is not linear in the sizes.")
        return CalibrationReport(scenario: base.name, log: request.logFile, workload: workload.name, points: points, changes: changes,
                                 idfOffset: offsets.idf, gcOffset: offsets.gc, sizes: sizes, yaml: yaml, notes: notes)
    }

    /// The last probe run in the log.
    static func probeLog(_ request: CalibrationRequest) throws(Diagnostic) -> ProbeLog {
        let text = ImportText(file: request.logFile, contents: request.log)
        guard ProbeLogParser.recognises(text), let log = try ProbeLogParser.parse(text).last else {
            throw Diagnostic("\(request.logFile) is not the output of a heapfit probe script", file: request.logFile,
                             expected: "a `heapfit-probe: begin workload … firmware … steps …` line and checkpoints after it",
                             fix: "Run the script `heapfit probe` writes (mpremote run probe.py > probe.log) and pass its output")
        }
        return log
    }

    /// The fit's variables: every component opened at top level, and every top-level Python step of literal size
    /// (its bytes and count as shipped, by step index).
    static func variables(_ steps: [WorkloadStep]) -> (components: [String], python: [Int: (bytes: Int, count: Int)]) {
        let components = Array(Set(steps.compactMap { s -> String? in
            if case .open(let c, _, _) = s.action, c != measuredComponent { return c }
            return nil
        })).sorted()
        var python: [Int: (bytes: Int, count: Int)] = [:]
        for (i, s) in steps.enumerated() {
            if case .python(let bytes, let count, _) = s.action, case .success(let b) = bytes.evaluate([:]) { python[i] = (b, count) }
        }
        return (components, python)
    }

    /// A checkpoint as measured, as the shipped workload replays it and as the calibrated one does.
    static func point(_ m: Match, shipped: ReplayResult, calibrated: ReplayResult) -> CalibrationReport.Point {
        let before = m.point.index == 0 ? start(shipped) : m.step.flatMap { figures(shipped, $0) }
        let after = m.point.index == 0 ? start(calibrated) : m.step.flatMap { figures(calibrated, $0) }
        return .init(index: m.point.index, label: m.point.label, measuredFree: m.point.idfFree,
                     measuredLargest: m.point.idfLargest, measuredGC: m.point.gcUsed, before: before, after: after,
                     fitted: m.point.error == nil && (m.point.index == 0 || m.step != nil))
    }

    /// What calibration changed: per component the bytes each open instance holds, per Python step the bytes an object.
    static func changes(_ sizes: CalibrationSizes, components: [String], shippedPython: [Int: (bytes: Int, count: Int)],
                        workload: Workload, knobs: [String: Int]) -> [CalibrationReport.Change] {
        var changes: [CalibrationReport.Change] = []
        for c in components where (sizes.componentExtra[c] ?? 0) != 0 {
            let held = shippedHeld(c, workload: workload, knobs: knobs)
            changes.append(.init(what: c, shipped: held, calibrated: held + (sizes.componentExtra[c] ?? 0),
                                 unit: "B of IDF heap held by each open instance"))
        }
        let steps = workload.steps
        for i in shippedPython.keys.sorted() where sizes.pythonBytes[i] != nil && sizes.pythonBytes[i] != shippedPython[i]?.bytes {
            changes.append(.init(what: "step \(i + 1) \"\(steps[i].label ?? ProbeScript.describe(steps[i].action))\"",
                                 shipped: shippedPython[i]?.bytes ?? 0, calibrated: sizes.pythonBytes[i] ?? 0,
                                 unit: "B per Python object"))
        }
        return changes
    }

    /// The shipped component the calibrated workload opens next to one whose instances hold more.
    public static let measuredComponent = "measured"

    struct Match {
        var point: ProbeCheckpoint
        /// The workload's top-level step (0-based), nil for checkpoint 0 and unmatched labels.
        var step: Int?
    }

    /// Checkpoint n ↔ the workload's n-th top-level step when the log ran this workload; else by label, in order.
    static func align(_ log: ProbeLog, workload: Workload, file: String) throws(Diagnostic) -> [Match] {
        let labels = workload.steps.map { $0.label ?? ProbeScript.describe($0.action) }
        if log.workload == workload.name, log.steps == workload.steps.count {
            return log.checkpoints.map { Match(point: $0, step: $0.index >= 1 && $0.index <= labels.count ? $0.index - 1 : nil) }
        }
        var next = 0
        var out: [Match] = []
        for p in log.checkpoints {
            if p.index > 0, let i = labels[next...].firstIndex(of: p.label) {
                out.append(Match(point: p, step: i))
                next = i + 1
            } else {
                out.append(Match(point: p, step: nil))
            }
        }
        guard out.contains(where: { $0.step != nil }) else {
            throw Diagnostic("No checkpoint of \(file) has the label of a step of workload \(workload.name)", file: file,
                             expected: "checkpoint labels among: " + labels.prefix(12).joined(separator: "; "),
                             fix: "Call checkpoint(\"label\") in your program with the labels of the workload's steps, or pass the workload the log ran")
        }
        return out
    }

    /// Figures of the record of top-level step `step` (records are per top-level step, in order).
    static func figures(_ result: ReplayResult, _ step: Int) -> CalibrationReport.Figures? {
        guard step < result.steps.count else { return nil }
        let r = result.steps[step]
        return .init(free: r.idfInternalFree, largest: r.idfInternalLargest, gcUsed: r.gc.used)
    }

    /// Checkpoint 0, before the first step: the GC heap after start-up (the replay keeps no IDF figures there).
    static func start(_ result: ReplayResult) -> CalibrationReport.Figures {
        .init(free: nil, largest: nil, gcUsed: result.gcAtStart.used)
    }

    /// For each top-level step (0-based), how many instances of each component are open after it.
    static func openCounts(_ steps: [WorkloadStep], components: [String]) -> [[String: Int]] {
        var instances: [String: String] = [:]
        var counts: [String: Int] = [:]
        var out: [[String: Int]] = []
        for s in steps {
            switch s.action {
            case .open(let c, let i, _) where components.contains(c):
                instances[i] = c
                counts[c, default: 0] += 1
            case .close(let i):
                if let c = instances.removeValue(forKey: i) { counts[c, default: 0] -= 1 }
            default: break
            }
            out.append(counts)
        }
        return out
    }

    /// live[j][k]: the objects of top-level Python step j still count as GC bytes in use after step k
    /// (kept, or garbage not yet collected).
    static func liveness(_ steps: [WorkloadStep]) -> [Int: [Bool]] {
        var out: [Int: [Bool]] = [:]
        for (j, s) in steps.enumerated() {
            guard case .python(_, _, let keep) = s.action else { continue }
            var alive = true
            var garbage = keep == nil
            var row = [Bool](repeating: false, count: steps.count)
            for k in j..<steps.count {
                if k > j {
                    switch steps[k].action {
                    case .release(let name) where name == keep: garbage = true
                    case .collect where garbage: alive = false
                    default: break
                    }
                }
                row[k] = alive
            }
            out[j] = row
        }
        return out
    }

    /// Bytes the component's open operations leave allocated (its allocations minus those it frees), at `knobs`
    /// and its default parameters: what "held by each instance" is measured against.
    static func shippedHeld(_ name: String, workload: Workload, knobs: [String: Int]) -> Int {
        guard let c = workload.components[name] else { return 0 }
        var held: [String: Int] = [:]
        let bindings = knobs.merging(c.parameters) { _, p in p }
        for op in c.open {
            switch op.kind {
            case .alloc(let n, let size, let target, let count):
                guard target != .gc, case .success(let s) = size.evaluate(bindings),
                      case .success(let k) = count.evaluate(bindings) else { continue }
                held[n, default: 0] += s * k
            case .free(let n): held[n] = nil
            case .recording(let r):
                guard r.target != .gc else { continue }
                held[r.name + "#", default: 0] += r.heldBytes(bindings: bindings, choices: c.choices)
            }
        }
        return held.values.reduce(0, +)
    }

    struct Solution {
        var sizes: CalibrationSizes
        var offsets: (idf: Int, gc: Int)
    }

    /// One least-absolute-deviation fit, linearised around `sizes` (whose replay gave `records`).
    static func fit(_ matches: [Match], records: ReplayResult, sizes: CalibrationSizes, components: [String],
                    shippedPython: [Int: (bytes: Int, count: Int)], open: [[String: Int]], live: [Int: [Bool]])
        throws(Diagnostic) -> Solution? {
        var model = MIPModel()
        model.maximize = false
        var extra: [String: MIPModel.Variable] = [:]
        for c in components {
            let current = Double(sizes.componentExtra[c] ?? 0)
            extra[c] = model.addVariable("extra[\(c)]", lower: -current, upper: Double(componentExtraLimit) - current)
            // Toward the shipped size where the checkpoints do not decide.
            let size = model.addVariable("size[\(c)]", lower: 0)
            if let v = extra[c] { model.addConstraint("size[\(c)]", [(size, 1), (v, -1)], lower: current) }
            model.setObjective(size, 0.01)
        }
        var python: [Int: MIPModel.Variable] = [:]
        for (j, shipped) in shippedPython {
            let current = Double(sizes.pythonBytes[j] ?? shipped.bytes)
            let low = Double(max(16, shipped.bytes - pythonDeltaLimit)), high = Double(shipped.bytes + pythonDeltaLimit)
            let v = model.addVariable("python[\(j)]", lower: low - current, upper: high - current)
            python[j] = v
            let away = model.addVariable("away[\(j)]", lower: 0)
            let shift = current - Double(shipped.bytes)
            model.addConstraint("away+[\(j)]", [(away, 1), (v, -1)], lower: shift)
            model.addConstraint("away-[\(j)]", [(away, 1), (v, 1)], lower: -shift)
            model.setObjective(away, 0.01 * Double(shipped.count))
        }
        let idfOffset = model.addVariable("offset[idf]", lower: -Double(offsetLimit), upper: Double(offsetLimit))
        let gcOffset = model.addVariable("offset[gc]", lower: -Double(offsetLimit), upper: Double(offsetLimit))
        var terms = 0
        for m in matches {
            // Checkpoint 0: the GC bytes before any step (the script's own objects), which sets the GC offset.
            if m.point.index == 0, let measured = m.point.gcUsed {
                let gap = Double(measured - records.gcAtStart.used)
                let t = model.addVariable("dev[gc start]", lower: 0)
                model.addConstraint("gc+[start]", [(t, 1), (gcOffset, 1)], lower: gap)
                model.addConstraint("gc-[start]", [(t, 1), (gcOffset, -1)], lower: -gap)
                model.setObjective(t, 1)
                terms += 1
            }
            guard let k = m.step, let simulated = figures(records, k), let simulatedFree = simulated.free else { continue }
            if let measured = m.point.idfFree {
                // measured − (simulated − Σ n·extra − offset) = gap + Σ n·extra + offset
                let gap = Double(measured - simulatedFree)
                var row: [(MIPModel.Variable, Double)] = [(idfOffset, 1)]
                for c in components where (open[k][c] ?? 0) > 0 {
                    if let v = extra[c] { row.append((v, Double(open[k][c] ?? 0))) }
                }
                let t = model.addVariable("dev[idf \(k)]", lower: 0)
                // t ≥ ±(gap + Σ n·extra + offset)
                model.addConstraint("idf+[\(k)]", [(t, 1)] + row.map { ($0.0, -$0.1) }, lower: gap)
                model.addConstraint("idf-[\(k)]", [(t, 1)] + row, lower: -gap)
                model.setObjective(t, 1)
                terms += 1
            }
            if let measured = m.point.gcUsed {
                // measured − (simulated + Σ live·count·Δbytes + offset)
                let gap = Double(measured - simulated.gcUsed)
                var row: [(MIPModel.Variable, Double)] = [(gcOffset, 1)]
                for (j, v) in python where live[j]?[k] == true { row.append((v, Double(shippedPython[j]?.count ?? 0))) }
                let t = model.addVariable("dev[gc \(k)]", lower: 0)
                // t ≥ ±(gap − Σ live·count·Δ − offset)
                model.addConstraint("gc+[\(k)]", [(t, 1)] + row, lower: gap)
                model.addConstraint("gc-[\(k)]", [(t, 1)] + row.map { ($0.0, -$0.1) }, lower: -gap)
                model.setObjective(t, 1)
                terms += 1
            }
        }
        guard terms > 0 else { return nil }
        switch GLPKBackend().solve(model, timeLimit: 10) {
        case .failure(let f):
            throw Diagnostic("The calibration's linear program did not solve: \(f)",
                             fix: "Report this with the log: the fit is bounded and always has a solution", kind: .internalError)
        case .success(let s):
            var next = sizes
            for c in components {
                guard let v = extra[c] else { continue }
                let value = Int((Double(sizes.componentExtra[c] ?? 0) + s.value(v)).rounded())
                next.componentExtra[c] = value == 0 ? nil : value
            }
            for (j, v) in python {
                let shipped = shippedPython[j]?.bytes ?? 0
                let value = Int((Double(sizes.pythonBytes[j] ?? shipped) + s.value(v)).rounded())
                next.pythonBytes[j] = value == shipped ? nil : value
            }
            // The program's variable is simulation − board for free memory; the report says board − simulation.
            return Solution(sizes: next, offsets: (-Int(s.value(idfOffset).rounded()), Int(s.value(gcOffset).rounded())))
        }
    }
}
