import Foundation
import Model

extension CalibrateCommand {
    /// The workload as YAML with calibrated sizes: each top-level `open` of a component whose instances hold
    /// more opens a `measured` instance with it (in a one-time `repeat`, so the steps keep their numbers and
    /// labels), its `close` closes both, and each top-level Python step has its calibrated size. With no
    /// change it describes the same timeline as the original (a test replays both).
    public static func calibratedYAML(_ workload: Workload, sizes: CalibrationSizes, log: String, notes: [String]) -> String {
        var out: [String] = []
        let logName = (log as NSString).lastPathComponent
        out.append("# Calibrated by `heapfit calibrate \(logName) --workload \(workload.name)`; recalibrate rather than edit.")
        out.append("workload: " + quoted(workload.name + "-calibrated"))
        out.append("description: " + quoted(workload.description.trimmingCharacters(in: .whitespacesAndNewlines)))
        out.append("source: " + quoted("\(logName): the checkpoints a heapfit probe script printed on the board, fitted by heapfit "
                                       + "calibrate to workload \(workload.name) (\(workload.file))"))
        var calibration: [String] = []
        for c in sizes.componentExtra.keys.sorted() {
            calibration.append("\(c) instances hold \(sizes.componentExtra[c] ?? 0) B more IDF heap than shipped")
        }
        for (i, s) in workload.steps.enumerated() {
            guard let bytes = sizes.pythonBytes[i], case .python(let shipped, _, _) = s.action else { continue }
            calibration.append("step \(i + 1) objects \(bytes) B each (shipped \(shipped))")
        }
        calibration += notes
        out.append("calibration: " + quoted(calibration.isEmpty ? "the shipped sizes fit the log" : calibration.joined(separator: "; ")))
        if !workload.knobs.isEmpty {
            out.append("knobs:")
            for k in workload.knobs.keys.sorted() { out.append("  \(k): \(workload.knobs[k] ?? 0)") }
        }
        out.append("steps:")
        var instances: [String: String] = [:]
        for (i, s) in workload.steps.enumerated() {
            var step = s
            if case .python(_, let count, let keep) = s.action, let bytes = sizes.pythonBytes[i] {
                step.action = .python(bytes: .number(bytes), count: count, keep: keep)
            }
            switch s.action {
            case .open(let c, let instance, _):
                instances[instance] = c
                if let extra = sizes.componentExtra[c], extra > 0 {
                    out.append("  - repeat:  # calibrated: \(instance) holds \(extra) B more than \(c) ships")
                    out.append("      times: 1")
                    out.append("      steps:")
                    out += lines(step.action, indent: "        ")
                    out.append("        - open: {component: \(measuredComponent), as: \(quoted(instance + "+measured")), with: {idf_bytes: \(extra)}}")
                    if let label = s.label { out.append("    label: " + quoted(label)) }
                    continue
                }
            case .close(let instance):
                if let c = instances[instance], let extra = sizes.componentExtra[c], extra > 0 {
                    out.append("  - repeat:")
                    out.append("      times: 1")
                    out.append("      steps:")
                    out.append("        - close: " + quoted(instance + "+measured"))
                    out += lines(step.action, indent: "        ")
                    if let label = s.label { out.append("    label: " + quoted(label)) }
                    continue
                }
            default: break
            }
            out += lines(step.action, indent: "  ")
            if let label = s.label { out.append("    label: " + quoted(label)) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One step as YAML list item lines at `indent` (its `label:` is the caller's).
    static func lines(_ action: WorkloadStep.Action, indent: String) -> [String] {
        switch action {
        case .open(let c, let i, let parameters):
            var fields = ["component: " + quoted(c), "as: " + quoted(i)]
            if !parameters.isEmpty {
                fields.append("with: {" + parameters.keys.sorted().map { "\($0): \(parameters[$0] ?? 0)" }.joined(separator: ", ") + "}")
            }
            return [indent + "- open: {" + fields.joined(separator: ", ") + "}"]
        case .close(let i):
            return [indent + "- close: " + quoted(i)]
        case .python(let bytes, let count, let keep):
            var fields = ["bytes: " + quoted(bytes.description), "count: \(count)"]
            if let keep { fields.append("keep: " + quoted(keep)) }
            return [indent + "- python: {" + fields.joined(separator: ", ") + "}"]
        case .release(let n):
            return [indent + "- release: " + quoted(n)]
        case .collect:
            return [indent + "- collect"]
        case .repeat(let times, let steps):
            var out = [indent + "- repeat:", indent + "    times: \(times)", indent + "    steps:"]
            for s in steps { out += lines(s.action, indent: indent + "      ") + label(s, indent + "        ") }
            return out
        case .parallel(let branches):
            var out = [indent + "- parallel:"]
            for b in branches {
                out.append(indent + "    - steps:")
                for s in b { out += lines(s.action, indent: indent + "        ") + label(s, indent + "          ") }
            }
            return out
        case .gcAllocDuringCollection(let bytes):
            return [indent + "- gc-alloc-during-collection: " + quoted(bytes.description)]
        }
    }

    static func label(_ s: WorkloadStep, _ indent: String) -> [String] {
        s.label.map { [indent + "label: " + quoted($0)] } ?? []
    }

    /// A YAML double-quoted scalar (JSON-style escapes, which YAML 1.2 reads).
    static func quoted(_ s: String) -> String { ProbeScript.pythonString(s) }
}
