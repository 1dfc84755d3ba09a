import Model

/// Renders a `HeapsReport` for a person: verdict, the `heap_init` lines, then a table per heap.
public enum HeapsTextEmitter {
    public static func render(_ r: HeapsReport) -> String {
        var out: [String] = []
        let f = r.features
        out.append("\(r.board) (\(r.chip), Bluetooth \(f.bluetooth ? "on" : "off"), \(f.singleCore ? "single" : "dual") core) "
                   + "on ESP-IDF \(r.idf) — \(r.allocator)")
        out.append("HEAP_DATA free at app_main: \(bytes(r.heapDataFree)); largest free block \(bytes(r.heapDataLargest)).")
        out.append("Static DRAM \(bytes(r.staticDRAM.value)) [\(r.staticDRAM.confidence.rawValue); \(r.staticDRAM.source)]")
        out.append("Static IRAM \(bytes(r.staticIRAM.value)) [\(r.staticIRAM.confidence.rawValue); \(r.staticIRAM.source)]")
        out.append("")
        out.append("Boot log (timestamps fixed at 0):")
        out.append("I (0) heap_init: Initializing. RAM available for dynamic allocation:")
        for h in r.heaps { out.append("I (0) heap_init: " + h.bootLine) }
        out.append("")
        out.append("Per heap, what esp32.idf_heap_info() would report right after registration (heap_caps_init and")
        out.append("heap_caps_enable_nonos_stack_heaps), before any task allocates; only the \(r.heapArrayBytes) B heap_t")
        out.append("array is allocated (at \(Hex.address(r.heapArrayAddress))). Rows marked * are listed by esp32.HEAP_DATA.")
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

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

import Foundation
