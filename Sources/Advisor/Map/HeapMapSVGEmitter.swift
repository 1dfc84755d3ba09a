import Model
import Simulator

/// Renders a `HeapMapReport` as a standalone SVG 1.1 picture: one bar per registered IDF heap,
/// addresses to scale, every block coloured by the component that holds it, the Python heap's
/// areas with their used and free blocks, a legend, and optionally the free-memory timeline.
/// Every block carries a `<title>` tooltip (address, size, owner).
public enum HeapMapSVGEmitter {
    static let width = 1400.0
    static let margin = 24.0
    static var barWidth: Double { width - 2 * margin }
    static let barHeight = 30.0
    /// Label line, bar, tick labels, gap.
    static let rowHeight = 78.0
    /// Tick labels at least this far apart: an 8-digit hex label at 10 px is ~60 px wide.
    static let minimumTickSpacing = 110.0

    /// The whole SVG document, byte for byte the same for the same report.
    public static func render(_ r: HeapMapReport) -> String {
        var doc = SVGDocument()
        doc.element("rect", [("width", .text("100%")), ("height", .text("100%")), ("fill", .text("#ffffff"))])
        let owners = OwnerNames(r.instanceComponents)
        let palette = HeapMapPalette(components: r.snapshot.heaps.flatMap { $0.blocks.compactMap { owners.component(of: $0.owner) } })
        let scale = Scale(r.snapshot.heaps)
        var y = header(&doc, r, scale: scale)
        let failure: FirstFailure? = if case .failure(let f) = r.moment { f } else { nil }
        for region in r.snapshot.heaps.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            let gc = r.snapshot.gcAreas.filter { $0.systemAllocation >= region.start && $0.systemAllocation < region.end }
            // The failing request is marked where it looked: the IDF heaps it could use, or the Python heap's areas.
            let marked = failure.map { $0.heap == .idf ? $0.largestAvailable.contains { $0.start == region.start } : !gc.isEmpty } ?? false
            let row = HeapRow(top: y, bytesPerPixel: scale.bytesPerPixel(for: region), owners: owners, palette: palette,
                              nested: r.snapshot.heaps.map(\.start))
            row.draw(region, gcAreas: gc, ownScale: scale.ownScale(region), failure: marked ? failure : nil, into: &doc)
            y += rowHeight
        }
        // A GC area outside every IDF heap (ESP8266's static array) gets a row of its own.
        for area in r.snapshot.gcAreas where !r.snapshot.heaps.contains(where: { area.systemAllocation >= $0.start && area.systemAllocation < $0.end }) {
            let row = HeapRow(top: y, bytesPerPixel: Double(max(area.systemSize, 1)) / barWidth, owners: owners, palette: palette)
            row.drawStatic(area, failure: failure?.heap == .python ? failure : nil, into: &doc)
            y += rowHeight
        }
        y = legend(&doc, r, owners: owners, palette: palette, top: y)
        if r.includeTimeline { y = HeapMapTimelineChart.draw(&doc, r, top: y + 12) }
        return doc.render(width: width, height: y + margin, title: "Heap map: \(contextLine(r)) — \(momentLine(r))")
    }

    // MARK: Header

    static func contextLine(_ r: HeapMapReport) -> String {
        "\(r.board) (\(r.chip)) · \(r.system) · \(r.firmware) · workload \(r.workload)"
    }

    static func stepText(_ r: HeapMapReport) -> String {
        guard let n = r.stepNumber, let label = r.stepLabel else { return "before the workload's first step" }
        return "step \(n) “\(label)”"
    }

    static func momentLine(_ r: HeapMapReport) -> String {
        let event = "after workload event \(r.snapshot.event) of \(r.result.events)"
        switch r.moment {
        case .peak(let free):
            let memory = r.nonOS ? "SDK heap peak: \(Bytes.text(free)) free in the SDK heap" : "IDF peak: \(Bytes.text(free)) free internal memory"
            return "At the \(memory) (the lowest), \(stepText(r)), \(event)"
        case .failure(let f):
            return "At the failing allocation: \(stepText(r)), workload event \(r.snapshot.event): \(f.allocation) asks "
                + "\(Bytes.text(f.size)) (\(f.caps))"
        case .stepEnd:
            return "At the end of \(stepText(r)), \(event)"
        }
    }

    static func header(_ doc: inout SVGDocument, _ r: HeapMapReport, scale: Scale) -> Double {
        doc.text("Heap map · \(contextLine(r))", x: margin, y: 34, size: 20,
                 extra: [("font-weight", .text("bold")), ("fill", .text(HeapMapPalette.text))])
        var y = 58.0
        if case .failure(let f) = r.moment {
            doc.open("g", [("id", .text("failing-request")), ("fill", .text(HeapMapPalette.failure))])
            doc.text("✗ " + momentLine(r), x: margin, y: y, size: 14, extra: [("font-weight", .text("bold"))])
            y += 20
            doc.text(f.reason + ". " + failureDetail(f), x: margin, y: y, size: 13)
            doc.close("g")
        } else {
            doc.text(momentLine(r), x: margin, y: y, size: 14, extra: [("fill", .text(HeapMapPalette.text))])
        }
        y += 20
        var note = "Allocator: \(r.allocator). To scale: 1 px = \(SVGDocument.number(scale.shared)) B"
        if scale.hasOwnScales { note += " (heaps larger than every internal heap at their own scale)" }
        if r.nonOS { note += ". The SDK allocator is closed source: its blocks are drawn packed (sizes modelled, places unknown)" }
        note += ". Hover a block for its address, size and owner."
        doc.text(note, x: margin, y: y, size: 12, extra: [("fill", .text(HeapMapPalette.muted))])
        return y + 28
    }

    static func failureDetail(_ f: FirstFailure) -> String {
        switch f.heap {
        case .idf:
            return "The largest free block of the \(f.largestAvailable.count) heap\(f.largestAvailable.count == 1 ? "" : "s") "
                + "it could use is \(Bytes.text(f.largestUsable)) (outlined in red)."
        case .python:
            return "The longest free run of the Python heap is \(Bytes.text(f.largestUsable)) (outlined in red)."
        }
    }

    // MARK: Legend

    static func legend(_ doc: inout SVGDocument, _ r: HeapMapReport, owners: OwnerNames, palette: HeapMapPalette, top: Double) -> Double {
        // Components by bytes held (block extents), then name: the big holders come first.
        var bytes: [String: Int] = [:], instances: [String: Set<String>] = [:]
        for region in r.snapshot.heaps {
            for b in region.blocks {
                guard let c = owners.component(of: b.owner) else { continue }
                bytes[c, default: 0] += b.block.end - b.block.start
                if let i = owners.instance(of: b.owner), i != c { instances[c, default: []].insert(i) }
            }
        }
        var items: [(String, String)] = bytes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { c, n in
            let names = instances[c].map { " (" + $0.sorted().joined(separator: ", ") + ")" } ?? ""
            return (palette.colour(of: c), "\(c)\(names) \(Bytes.text(n))")
        }
        items += [(HeapMapPalette.gcUsed, "Python objects"), (HeapMapPalette.gcFree, "Python heap, free"),
                  (HeapMapPalette.gcTables, "Python heap tables (ATB, FTB)"), (HeapMapPalette.unattributed, "not from the workload (heap_t array, reserve pool)"),
                  (HeapMapPalette.free, "free"), (HeapMapPalette.overhead, "allocator overhead (heap_t, control, pool end)")]
        doc.open("g", [("id", .text("legend")), ("font-size", .number(12)), ("fill", .text(HeapMapPalette.text))])
        var x = margin, y = top + 6
        for (colour, label) in items {
            // ~7 px per character at 12 px: wrap before the right margin.
            let w = 14 + 6 + Double(label.count) * 7 + 22
            if x + w > width - margin && x > margin {
                x = margin
                y += 22
            }
            doc.rect(x: x, y: y, width: 14, height: 14, fill: colour, extra: [("stroke", .text("#777777")), ("stroke-width", .number(0.5))])
            doc.text(label, x: x + 20, y: y + 11.5, size: 12)
            x += w
        }
        doc.close("g")
        return y + 30
    }
}

/// Owner strings (`tls1/in_buf`, `Python GC heap area`) turned into what the map colours by.
struct OwnerNames {
    let components: [String: String]

    init(_ components: [String: String]) { self.components = components }

    /// Whether the owner is an area of the Python heap (IDFSystem names them so).
    static func isGCArea(_ owner: String?) -> Bool { owner?.hasPrefix("Python GC heap") ?? false }

    /// The instance part of `instance/allocation`.
    func instance(of owner: String?) -> String? {
        guard let owner, !Self.isGCArea(owner) else { return nil }
        return owner.split(separator: "/", maxSplits: 1).first.map(String.init)
    }

    /// The component that holds a block; nil for free blocks, GC areas and unattributed blocks.
    func component(of owner: String?) -> String? {
        guard let i = instance(of: owner) else { return nil }
        return components[i] ?? i
    }
}

/// Bytes per pixel: one shared scale, set by the largest internal heap filling the bar width, so
/// bar lengths compare; a heap larger than that (PSRAM) gets its own scale instead of crushing the rest.
struct Scale {
    let shared: Double
    let largestInternal: Int
    let hasOwnScales: Bool

    init(_ heaps: [HeapSnapshot.Region]) {
        let inside = heaps.filter { $0.caps.contains(.internal) }.map { $0.end - $0.start }.max()
        let largest = inside ?? heaps.map { $0.end - $0.start }.max() ?? 1
        largestInternal = largest
        shared = Double(max(largest, 1)) / HeapMapSVGEmitter.barWidth
        hasOwnScales = heaps.contains { $0.end - $0.start > largest }
    }

    func ownScale(_ region: HeapSnapshot.Region) -> Bool { region.end - region.start > largestInternal }

    func bytesPerPixel(for region: HeapSnapshot.Region) -> Double {
        ownScale(region) ? Double(region.end - region.start) / HeapMapSVGEmitter.barWidth : shared
    }
}
