import Model
import Simulator

/// Renders a `SimulationReport` for a person: the verdict first, then what limits it, then per step.
public enum SimulationTextEmitter {
    /// - Parameter brief: only the verdict lines (the scenario, the verdict or the first failure, the verdict over a
    ///   static DRAM interval and the Python heap), without the per-step table, notes or advisories.
    public static func render(_ r: SimulationReport, brief: Bool = false) -> String {
        var out: [String] = []
        let result = r.result
        out.append("\(r.board) (\(r.chip)) on \(r.system.isEmpty ? "ESP-IDF \(r.idf)" : r.system) · \(r.firmware) · workload \(r.workload)")
        if let f = result.firstFailure {
            let lines = FailureText.verdictLines(f)
            // Brief: the verdict and the allocation, without the heaps' blocks and their holders.
            out.append(contentsOf: brief ? Array(lines.prefix(2)) : lines)
        } else if let field = r.fieldFailure {
            out.append("Verdict: FAILS IN THE FIELD — field report \(field.standsInForModel ?? "") saw this setting fail "
                       + "(advisory \(field.id)); the model alone fits, with \(Bytes.text(result.minimumInternalFree)) of internal IDF "
                       + "memory left after \"\(result.minimumInternalFreeStep)\": it does not reproduce that report yet.")
        } else if r.nonOSNotes != nil {
            out.append("Verdict: FITS in the Python heap (at most \(Bytes.text(result.gcPeakUsed)) of \(Bytes.text(result.gcAtStart.total)) "
                       + "used). The SDK heap (Wi-Fi, lwIP) is not modelled step by step: it stays at \(Bytes.text(result.minimumInternalFree)) "
                       + "free after boot here (see the notes below).")
        } else {
            let memory = "internal IDF memory"
            out.append("Verdict: FITS — lowest free \(memory) \(Bytes.text(result.minimumInternalFree)) "
                       + "(after \"\(result.minimumInternalFreeStep)\"); smallest largest internal block "
                       + "\(Bytes.text(result.minimumInternalLargest)) (after \"\(result.minimumInternalLargestStep)\").")
        }
        if let b = r.staticDRAMBounds {
            out.append("Static DRAM: no published figure; the catalogue's interval is \(b.lower)–\(b.upper) B "
                       + "(\(b.confidence): \(b.source)). The replay shown is at "
                       + (r.staticDRAM?.value == b.upper ? "the upper end, the worst case." : "the lower end (the firmware does not start at the upper end)."))
            out.append("Over the interval: " + b.sentence(holds: "fits", fails: "does not fit") + ".")
        }
        out.append("Python heap: \(Bytes.text(result.gcAtStart.total)) at start, \(Bytes.text(result.gcAtEnd.total)) "
                   + "at the end in \(result.gcAtEnd.areas) area\(result.gcAtEnd.areas == 1 ? "" : "s")."
                   + (brief ? "" : " \(r.heapPolicy)."))
        if brief { return out.joined(separator: "\n") + "\n" }
        if let notes = r.nonOSNotes {
            out.append("SDK: system_get_free_heap_size() low-water mark = \(Bytes.text(result.idfMinimumFree)). Allocator: \(r.allocator).")
            out.append(contentsOf: notes)
        } else {
            out.append("IDF: esp_get_minimum_free_heap_size() = \(Bytes.text(result.idfMinimumFree)). Allocator: \(r.allocator).")
        }
        if !r.changedKnobs.isEmpty {
            out.append("Knobs changed from their defaults: "
                       + r.changedKnobs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        out.append("")
        let label = r.systemHeapLabel
        out.append(r.nonOSNotes == nil ? "Per step (internal IDF memory = DEFAULT|INTERNAL heaps):" : "Per step (the SDK columns are the heap after boot: not modelled step by step):")
        var table = TextTable(header: ["#", "step", "\(label) free", "\(label) largest", "\(label) low-water", "GC total", "GC used", "areas"],
                              leftAligned: [1])
        for s in result.steps {
            table.add(["\(s.step + 1)", s.label, "\(s.idfInternalFree)", "\(s.idfInternalLargest)", "\(s.idfInternalLowWater)",
                       "\(s.gc.total)", "\(s.gc.used)", "\(s.gc.areas)"])
        }
        out.append(contentsOf: table.lines)
        out.append("Workload source: \(r.workloadSource)")
        out.append(contentsOf: AdvisoryText.lines(r.advisories))
        return out.joined(separator: "\n") + "\n"
    }
}
