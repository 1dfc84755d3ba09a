/// `heapfit calibrate`'s text: the checkpoints before and after, the sizes changed, the offsets.
public enum CalibrationTextEmitter {
    public static func render(_ r: CalibrationReport, written path: String) -> String {
        var out = "heapfit calibrate \(r.log) — \(r.scenario)\n"
        out += "Residual = board − simulation. Before: the shipped sizes; after: the calibrated sizes and the board's offsets.\n\n"
        var table = TextTable(header: ["#", "checkpoint", "IDF free (board)", "before", "after", "GC used (board)", "before", "after",
                                       "largest (board)", "before", "after"], leftAligned: [1])
        func residual(_ measured: Int?, _ simulated: Int?, _ offset: Int) -> String {
            guard let measured, let simulated else { return "—" }
            let d = measured - simulated - offset
            return d > 0 ? "+\(d)" : "\(d)"
        }
        for p in r.points {
            let mark = p.fitted ? "" : " (not fitted)"
            table.add(["\(p.index)", p.label + mark, p.measuredFree.map(String.init) ?? "—",
                       residual(p.measuredFree, p.before?.free, 0), residual(p.measuredFree, p.after?.free, r.idfOffset),
                       p.measuredGC.map(String.init) ?? "—",
                       residual(p.measuredGC, p.before?.gcUsed, 0), residual(p.measuredGC, p.after?.gcUsed, r.gcOffset),
                       p.measuredLargest.map(String.init) ?? "—",
                       residual(p.measuredLargest, p.before?.largest, 0), residual(p.measuredLargest, p.after?.largest, 0)])
        }
        out += table.lines.joined(separator: "\n") + "\n"
        out += "\nΣ |residual| of the fitted figures: \(r.deviationBefore) B before, \(r.deviationAfter) B after.\n"
        if r.changes.isEmpty {
            out += "No size changed: the shipped workload fits the log.\n"
        } else {
            out += "Calibrated:\n"
            for c in r.changes {
                let d = c.calibrated - c.shipped
                out += "  \(c.what): \(c.shipped) → \(c.calibrated) \(c.unit) (\(d > 0 ? "+" : "")\(d))\n"
            }
        }
        out += "Board offsets (not written to the workload): IDF free \(r.idfOffset > 0 ? "+" : "")\(r.idfOffset) B "
            + "(another static DRAM or sdkconfig than the catalogue's: pass --static-dram / --sdkconfig to simulate), "
            + "GC used \(r.gcOffset > 0 ? "+" : "")\(r.gcOffset) B (the probe script's own code and objects).\n"
        for n in r.notes { out += "Note: \(n)\n" }
        out += "Wrote \(path): heapfit simulate/recommend/whatif --workload \(path)\n"
        return out
    }
}
