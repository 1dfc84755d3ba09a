import Model
import Simulator

/// The optional chart under a heap map: free bytes (solid) and largest free block (dashed) of
/// each heap at the end of every top-level step, and where the map's moment falls.
enum HeapMapTimelineChart {
    /// Line colours per heap (matplotlib's tab10 without its red, which marks the moment).
    static let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]
    static let plotHeight = 220.0
    /// Room on the left for the axis labels and for the first step's label, written at 45°.
    static let left = 170.0
    /// Step labels are written at an angle when there are few enough steps to read them.
    static let maximumLabelledSteps = 40

    struct Series {
        var start: Int
        var type: String
        var free: [Int]
        var largest: [Int]
    }

    /// Heaps whose free memory moves during the workload, in address order; a heap that never
    /// changes would only draw flat lines over the others. `failing`: the heaps when the failing
    /// step stopped, one more point after the last step that ended.
    static func series(_ steps: [StepRecord], failing: HeapSnapshot?) -> [Series] {
        var columns = steps.map { $0.heaps.map { ($0.start, $0.type, $0.free, $0.largestFreeBlock) } }
        if let failing { columns.append(failing.heaps.map { ($0.start, $0.typeName, $0.freeBytes, $0.largestFreeBlock) }) }
        var byStart: [Int: Series] = [:]
        for (i, column) in columns.enumerated() {
            for (start, type, free, largest) in column {
                var s = byStart[start] ?? Series(start: start, type: type, free: Array(repeating: 0, count: columns.count),
                                                 largest: Array(repeating: 0, count: columns.count))
                s.free[i] = free
                s.largest[i] = largest
                byStart[start] = s
            }
        }
        return byStart.values.filter { Set($0.free).count > 1 || Set($0.largest).count > 1 }.sorted { $0.start < $1.start }
    }

    static func draw(_ doc: inout SVGDocument, _ r: HeapMapReport, top: Double) -> Double {
        let steps = r.result.steps
        let failed: Bool = if case .failure = r.moment { true } else { false }
        let all = series(steps, failing: failed ? r.snapshot : nil)
        let right = HeapMapSVGEmitter.width - HeapMapSVGEmitter.margin
        doc.open("g", [("id", .text("timeline"))])
        doc.text("Free memory per heap at the end of each step" + (failed ? " and at the failing allocation (✗)" : "")
                    + " (solid: free bytes; dashed: largest free block)",
                 x: HeapMapSVGEmitter.margin, y: top + 14, size: 14, extra: [("font-weight", .text("bold")), ("fill", .text(HeapMapPalette.text))])
        let plotTop = top + 34
        let bottom = plotTop + plotHeight
        // A failing step never ends: it gets one more slot, after the last step that did.
        let slots = steps.count + (failed ? 1 : 0)
        guard slots > 0, !all.isEmpty else {
            doc.text("No heap's free memory changes between steps.", x: HeapMapSVGEmitter.margin, y: plotTop + 14, size: 12)
            doc.close("g")
            return plotTop + 30
        }
        let peak = all.flatMap(\.free).max() ?? 1
        // The axis goes to the next multiple of 16 KiB, with a grid line every 16·k KiB.
        let unit = 16 * 1024
        let top = max((peak + unit - 1) / unit * unit, unit)
        let gridStep = max(top / 4 / unit, 1) * unit
        func y(_ v: Int) -> Double { bottom - Double(v) / Double(top) * plotHeight }
        func x(_ i: Int) -> Double { slots == 1 ? (left + right) / 2 : left + Double(i) * (right - left) / Double(slots - 1) }
        var g = 0
        while g <= top {
            doc.line(x1: left, y1: y(g), x2: right, y2: y(g), stroke: g == 0 ? "#555555" : "#dddddd", width: g == 0 ? 1 : 0.8)
            doc.text("\(g / 1024) KiB", x: left - 8, y: y(g) + 4, size: 11,
                     extra: [("text-anchor", .text("end")), ("fill", .text(HeapMapPalette.muted))])
            g += gridStep
        }
        for (n, s) in all.enumerated() {
            let colour = colours[n % colours.count]
            let free = s.free.enumerated().map { "\(SVGDocument.number(x($0.offset))),\(SVGDocument.number(y($0.element)))" }
            let largest = s.largest.enumerated().map { "\(SVGDocument.number(x($0.offset))),\(SVGDocument.number(y($0.element)))" }
            doc.element("polyline", [("points", .text(free.joined(separator: " "))), ("fill", .text("none")), ("stroke", .text(colour)),
                                     ("stroke-width", .number(2)), ("class", .text("timeline-free"))],
                        tooltip: "\(s.type) \(Hex.address(s.start)): free bytes")
            doc.element("polyline", [("points", .text(largest.joined(separator: " "))), ("fill", .text("none")), ("stroke", .text(colour)),
                                     ("stroke-width", .number(1.5)), ("stroke-dasharray", .text("6 4")), ("class", .text("timeline-largest"))],
                        tooltip: "\(s.type) \(Hex.address(s.start)): largest free block")
        }
        momentMarker(&doc, r, slot: failed ? steps.count : r.stepNumber.flatMap { n in steps.firstIndex { $0.step == n - 1 } },
                     x: x, top: plotTop, bottom: bottom, right: right)
        var labelsBottom = stepLabels(&doc, steps: steps, failed: failed, failure: r.moment, x: x, axis: bottom, slots: slots)
        labelsBottom = seriesLegend(&doc, all, top: labelsBottom + 8)
        doc.close("g")
        return labelsBottom
    }

    /// A dashed line at the slot of the map's moment (the failure, or the step the peak falls in), labelled.
    static func momentMarker(_ doc: inout SVGDocument, _ r: HeapMapReport, slot: Int?, x: (Int) -> Double,
                             top plotTop: Double, bottom: Double, right: Double) {
        guard let m = slot else { return }
        doc.line(x1: x(m), y1: plotTop - 6, x2: x(m), y2: bottom, stroke: HeapMapPalette.failure, width: 1.5,
                 extra: [("stroke-dasharray", .text("3 3")), ("class", .text("timeline-moment"))])
        // The peak falls inside a step (a handshake's transient buffers), lower than that step's end shows.
        let label: String = switch r.moment {
        case .peak: "map: during step \(r.stepNumber.map(String.init) ?? "")"
        case .failure: "map: failure"
        case .stepEnd: "map"
        }
        let nearRight = x(m) > right - 120
        doc.text(label, x: nearRight ? x(m) - 4 : x(m) + 4, y: plotTop + 2, size: 11,
                 extra: [("fill", .text(HeapMapPalette.failure)), ("text-anchor", .text(nearRight ? "end" : "start"))])
    }

    /// Step numbers under the axis, and (when few enough) the labels at an angle.
    static func stepLabels(_ doc: inout SVGDocument, steps: [StepRecord], failed: Bool, failure: HeapMapReport.Moment,
                           x: (Int) -> Double, axis: Double, slots: Int) -> Double {
        var names = steps.map { ("\($0.step + 1)", $0.label) }
        if failed, case .failure(let f) = failure { names.append(("✗", f.label)) }
        let every = max(1, (slots + 29) / 30)
        let angled = slots <= maximumLabelledSteps
        for (i, (number, label)) in names.enumerated() where i % every == 0 || i == names.count - 1 {
            doc.text(number, x: x(i), y: axis + 15, size: 11, extra: [("text-anchor", .text("middle")), ("fill", .text(HeapMapPalette.text))])
            guard angled else { continue }
            let short = label.count > 30 ? String(label.prefix(29)) + "…" : label
            let lx = x(i), ly = axis + 26
            doc.text(short, x: lx, y: ly, size: 10.5,
                     extra: [("text-anchor", .text("end")), ("fill", .text(HeapMapPalette.muted)),
                             ("transform", .text("rotate(-45 \(SVGDocument.number(lx)) \(SVGDocument.number(ly)))"))])
        }
        // A 30-character label at 10.5 px (~190 px long), turned 45°, reaches ~135 px below and left of its anchor.
        return axis + (angled ? 26 + 138 : 24)
    }

    static func seriesLegend(_ doc: inout SVGDocument, _ all: [Series], top: Double) -> Double {
        var x = HeapMapSVGEmitter.margin, y = top
        for (n, s) in all.enumerated() {
            let label = "\(s.type) \(Hex.address(s.start))"
            let w = 30 + 8 + Double(label.count) * 7 + 24
            if x + w > HeapMapSVGEmitter.width - HeapMapSVGEmitter.margin && x > HeapMapSVGEmitter.margin {
                x = HeapMapSVGEmitter.margin
                y += 20
            }
            doc.line(x1: x, y1: y + 6, x2: x + 30, y2: y + 6, stroke: colours[n % colours.count], width: 2)
            doc.text(label, x: x + 38, y: y + 10, size: 12, extra: [("fill", .text(HeapMapPalette.text))])
            x += w
        }
        return y + 24
    }
}
