import Model
import Simulator

/// One heap drawn as a bar: a label line, the bar (overhead underneath, then every block, then the
/// Python heap's areas inside the blocks that hold them), hex ticks under it.
struct HeapRow {
    let top: Double
    let bytesPerPixel: Double
    let owners: OwnerNames
    let palette: HeapMapPalette
    /// Start addresses of every registered heap: a used block holding one is that heap's memory.
    var nested: [Int] = []

    var barTop: Double { top + 10 }
    var x0: Double { HeapMapSVGEmitter.margin }
    var height: Double { HeapMapSVGEmitter.barHeight }

    func x(_ address: Int, from start: Int) -> Double { x0 + Double(address - start) / bytesPerPixel }

    /// Width of `bytes`, never below 1 px so a 16 B block still shows at 100 B per pixel.
    func width(_ bytes: Int) -> Double { max(Double(bytes) / bytesPerPixel, 1) }

    func draw(_ region: HeapSnapshot.Region, gcAreas: [HeapSnapshot.GCAreaLayout], ownScale: Bool, failure: FirstFailure?,
              into doc: inout SVGDocument) {
        let size = region.end - region.start
        let id = "heap-\(Hex.padded(region.start))"
        var label = "\(Self.name(region))  \(Hex.address(region.start))–\(Hex.address(region.end))  ·  \(Bytes.text(size))  ·  "
            + "free \(Bytes.text(region.freeBytes))  ·  largest free block \(Bytes.text(region.largestFreeBlock))"
        if ownScale { label += "  ·  own scale: 1 px = \(SVGDocument.number(bytesPerPixel)) B" }
        doc.open("g", [("id", .text(id)), ("class", .text("heap"))])
        labelText(label, failure: failure.map { "  ✗ no \($0.heap == .idf ? "block" : "free run in the Python heap") for \($0.size) B" },
                  into: &doc)
        doc.rect(x: x0, y: barTop, width: width(size), height: height, fill: HeapMapPalette.overhead,
                 extra: [("class", .text("heap-bar"))],
                 tooltip: "\(Self.name(region)) heap \(Hex.address(region.start))–\(Hex.address(region.end)), \(size) B; "
                     + "grey: heap_t, allocator control and the pool's end, outside any block")
        for owned in region.blocks { block(owned, in: region, into: &doc) }
        for area in gcAreas { gcArea(area, from: region.start, into: &doc) }
        if failure?.heap == .idf, let largest = region.blocks.filter({ !$0.block.used }).max(by: { $0.block.size < $1.block.size }) {
            mark(start: largest.block.start, bytes: largest.block.end - largest.block.start, from: region.start,
                 tooltip: "largest free block \(Hex.address(largest.block.address)), \(largest.block.size) B", into: &doc)
        }
        if let f = failure, f.heap == .python {
            for area in gcAreas { markLargestRun(area, from: region.start, into: &doc) }
        }
        outline(width: width(size), into: &doc)
        ticks(start: region.start, end: region.end, into: &doc)
        doc.close("g")
    }

    /// A Python heap area that lives in no IDF heap (ESP8266's static array).
    func drawStatic(_ area: HeapSnapshot.GCAreaLayout, failure: FirstFailure?, into doc: inout SVGDocument) {
        let end = area.systemAllocation + area.systemSize
        doc.open("g", [("id", .text("gc-\(Hex.padded(area.systemAllocation))")), ("class", .text("heap"))])
        labelText("Python heap (static array)  \(Hex.address(area.systemAllocation))–\(Hex.address(end))  ·  \(Bytes.text(area.systemSize))",
                  failure: nil, into: &doc)
        doc.rect(x: x0, y: barTop, width: width(area.systemSize), height: height, fill: HeapMapPalette.overhead,
                 extra: [("class", .text("heap-bar"))], tooltip: "Python heap static array, \(area.systemSize) B")
        gcArea(area, from: area.systemAllocation, into: &doc)
        if failure != nil { markLargestRun(area, from: area.systemAllocation, into: &doc) }
        outline(width: width(area.systemSize), into: &doc)
        ticks(start: area.systemAllocation, end: end, into: &doc)
        doc.close("g")
    }

    /// The heap's type as `heap_init` prints it; a heap added at run time is named by its caps
    /// (PSRAM from esp_psram, the internal DMA reserve pool from esp_psram_extram_reserve_dma_pool).
    static func name(_ region: HeapSnapshot.Region) -> String {
        guard region.typeName == "runtime" else { return region.typeName }
        if region.caps.contains(.spiram) { return "SPIRAM (added at run time)" }
        if region.caps.contains(.dma) && !region.caps.contains(.default) { return "internal DMA reserve pool" }
        return "added at run time"
    }

    func labelText(_ text: String, failure: String?, into doc: inout SVGDocument) {
        var line = "<text x=\"\(SVGDocument.number(x0))\" y=\"\(SVGDocument.number(top + 4))\" font-size=\"13\" "
            + "fill=\"\(HeapMapPalette.text)\">\(SVGDocument.escape(text))"
        if let failure {
            line += "<tspan fill=\"\(HeapMapPalette.failure)\" font-weight=\"bold\">\(SVGDocument.escape(failure))</tspan>"
        }
        doc.raw(line + "</text>")
    }

    func block(_ owned: HeapSnapshot.OwnedBlock, in region: HeapSnapshot.Region, into doc: inout SVGDocument) {
        let b = owned.block
        let extent = b.end - b.start
        let where_ = "\(Hex.address(b.address)), \(b.size) B (+\(b.header) B header)"
        let fill: String, tip: String, kind: String
        if !b.used {
            (fill, tip, kind) = (HeapMapPalette.free, "free block \(where_)", "block free")
        } else if OwnerNames.isGCArea(owned.owner) {
            // The area's own drawing follows; underneath, its IDF block in the tables' colour.
            (fill, tip, kind) = (HeapMapPalette.gcTables, "\(owned.owner ?? "") \(where_)", "block used gc")
        } else if let c = owners.component(of: owned.owner), let owner = owned.owner {
            (fill, tip, kind) = (palette.colour(of: c), "\(owner) [\(c)] \(where_)", "block used")
        } else if let inner = nested.first(where: { $0 >= b.address && $0 < b.end }) {
            (fill, tip, kind) = (HeapMapPalette.unattributed, "block holding the heap registered at \(Hex.address(inner)) \(where_)",
                                 "block used")
        } else {
            (fill, tip, kind) = (HeapMapPalette.unattributed, "used block not from the workload (heap_t array or an internal allocation) \(where_)",
                                 "block used")
        }
        doc.rect(x: x(b.start, from: region.start), y: barTop, width: width(extent), height: height, fill: fill,
                 extra: [("class", .text(kind))] + (b.used ? [("stroke", .text("#ffffff")), ("stroke-width", .number(0.4))] : []),
                 tooltip: tip)
    }

    /// A GC area inside its IDF block: the tables (ATB, gap, FTB) in the block's colour, the pool
    /// inset, its used runs dark and free runs light.
    func gcArea(_ area: HeapSnapshot.GCAreaLayout, from start: Int, into doc: inout SVGDocument) {
        let inset = 4.0
        let pool = area.poolEnd - area.poolStart
        let used = area.runs.filter(\.used).reduce(0) { $0 + $1.bytes }
        doc.rect(x: x(area.poolStart, from: start), y: barTop + inset, width: width(pool), height: height - 2 * inset,
                 fill: HeapMapPalette.gcFree, extra: [("class", .text("gc-pool"))],
                 tooltip: "Python heap area \(Hex.address(area.systemAllocation)) (\(area.systemSize) B): pool "
                     + "\(Hex.address(area.poolStart))–\(Hex.address(area.poolEnd)), \(pool) B, \(used) B used, "
                     + "longest free run \(area.largestFreeRun) B")
        for run in area.runs where run.used {
            doc.rect(x: x(run.start, from: start), y: barTop + inset, width: width(run.bytes), height: height - 2 * inset,
                     fill: HeapMapPalette.gcUsed, extra: [("class", .text("gc-used"))],
                     tooltip: "Python objects \(Hex.address(run.start)), \(run.bytes) B (\(run.bytes / GCArea.bytesPerBlock) blocks)")
        }
    }

    func markLargestRun(_ area: HeapSnapshot.GCAreaLayout, from start: Int, into doc: inout SVGDocument) {
        guard let run = area.runs.filter({ !$0.used }).max(by: { $0.bytes < $1.bytes }) else { return }
        mark(start: run.start, bytes: run.bytes, from: start, tooltip: "longest free run \(Hex.address(run.start)), \(run.bytes) B",
             into: &doc)
    }

    /// The red dashed outline of where the failing request could have gone.
    func mark(start address: Int, bytes: Int, from start: Int, tooltip: String, into doc: inout SVGDocument) {
        doc.rect(x: x(address, from: start) - 1, y: barTop - 3, width: width(bytes) + 2, height: height + 6, fill: "none",
                 extra: [("class", .text("failure-mark")), ("stroke", .text(HeapMapPalette.failure)), ("stroke-width", .number(2)),
                         ("stroke-dasharray", .text("5 3"))],
                 tooltip: tooltip)
    }

    func outline(width w: Double, into doc: inout SVGDocument) {
        doc.rect(x: x0, y: barTop, width: w, height: height, fill: "none",
                 extra: [("stroke", .text("#555555")), ("stroke-width", .number(0.8))])
    }

    /// Hex ticks at round addresses (powers of two from 0x100), spaced so their labels never touch.
    func ticks(start: Int, end: Int, into doc: inout SVGDocument) {
        var step = 0x100
        while Double(step) / bytesPerPixel < HeapMapSVGEmitter.minimumTickSpacing { step *= 2 }
        let bottom = barTop + height
        var address = (start + step - 1) / step * step
        doc.open("g", [("class", .text("ticks")), ("font-size", .number(10)), ("fill", .text(HeapMapPalette.muted)),
                       ("font-family", .text("DejaVu Sans Mono, Menlo, Consolas, monospace")), ("text-anchor", .text("middle"))])
        while address < end {
            let tx = x(address, from: start)
            // Keep labels clear of the bar's ends (the row's label names them).
            if tx - x0 > 34 && x(end, from: start) - tx > 34 {
                doc.line(x1: tx, y1: bottom, x2: tx, y2: bottom + 4, stroke: "#555555", width: 0.8)
                doc.text(Hex.padded(address), x: tx, y: bottom + 15, size: 10)
            }
            address += step
        }
        doc.close("g")
    }
}
