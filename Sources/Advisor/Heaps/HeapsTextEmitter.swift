import Model

/// Renders a `HeapsReport` for a person: verdict, the `heap_init` lines, then a table per heap.
public enum HeapsTextEmitter {
    public static func render(_ r: HeapsReport) -> String {
        var out: [String] = []
        out.append("\(r.board) (\(r.chip), \(FeatureSummary.text(r.features, cpuCores: r.cpuCores))) on ESP-IDF \(r.idf) — \(r.allocator)")
        out.append("HEAP_DATA free at app_main: \(bytes(r.heapDataFree)); largest free block \(bytes(r.heapDataLargest)).")
        let within = r.staticDRAM.interval.map { " (the upper end of the catalogue's interval \($0.lowerBound)–\($0.upperBound) B: the worst case)" } ?? ""
        out.append("Static DRAM \(bytes(r.staticDRAM.value))\(within) [\(r.staticDRAM.confidence.rawValue); \(r.staticDRAM.source)]")
        if let i = r.staticIRAM { out.append("Static IRAM \(bytes(i.value)) [\(i.confidence.rawValue); \(i.source)]") }
        if let t = r.staticRTC { out.append("RTC fast data \(bytes(t.value)) [\(t.confidence.rawValue); \(t.source)]") }
        for a in r.assumptions { out.append("Assumed: " + a) }
        out.append("")
        out.append("Boot log (timestamps fixed at 0):")
        out.append("I (0) heap_init: Initializing. RAM available for dynamic allocation:")
        for line in r.bootLines { out.append("I (0) heap_init: " + line) }
        out.append("")
        out.append("Per heap, in registration order, what esp32.idf_heap_info() would report when app_main starts (after")
        out.append("heap_caps_enable_nonos_stack_heaps and any PSRAM set-up), before any task allocates; only the \(r.heapArrayBytes) B")
        out.append("heap_t array is allocated (at \(Hex.address(r.heapArrayAddress))). Rows marked * are listed by esp32.HEAP_DATA.")
        var table = TextTable(header: ["", "start", "size", "type", "free", "largest free", "minimum free"],
                              leftAligned: [0, 3])
        for h in r.heaps {
            table.add([h.heapData ? "*" : "", Hex.address(h.start), "\(h.size)", h.type, "\(h.free)",
                       "\(h.largestFreeBlock)", "\(h.minimumFree)"])
        }
        out.append(contentsOf: table.lines)
        return out.joined(separator: "\n") + "\n"
    }

    static func bytes(_ n: Int) -> String { Bytes.text(n) }
}

/// A few words describing a board's memory-shaping features, shared by every text emitter.
public enum FeatureSummary {
    /// `cpuCores`: the chip's (boards.yaml); with two, `singleCore` (FREERTOS_UNICORE) is a choice.
    public static func text(_ f: Features, cpuCores: Int) -> String {
        var parts = ["Bluetooth \(f.bluetooth ? "on" : "off")"]
        if cpuCores > 1 { parts.append(f.singleCore ? "single core" : "dual core") }
        if f.btController == false, f.bluetooth { parts[0] += " (controller not linked)" }
        if f.scoConnections > 0 { parts.append("\(f.scoConnections) SCO") }
        if f.spiram {
            let size = f.spiramSize.map { "\($0 / 1024 / 1024) MiB " } ?? ""
            switch f.spiramUse {
            case .malloc: parts.append("PSRAM \(size)(malloc > \(f.spiramAlwaysInternal) B, \(f.spiramReserveInternal) B internal reserve)")
            case .capsAlloc: parts.append("PSRAM \(size)(caps-alloc only)")
            case .memmap: parts.append("PSRAM \(size)(memmap, not a heap)")
            }
        } else {
            parts.append("no PSRAM")
        }
        if f.rtcFastHeap == true { parts.append("RTC fast heap") }
        if let d = f.dcache { parts.append("D-cache \(d / 1024) KiB") }
        return parts.joined(separator: ", ")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
