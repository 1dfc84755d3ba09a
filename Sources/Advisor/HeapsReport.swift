import Model
import Simulator

/// What `heapfit heaps` reports: the `heap_init` lines of a board's boot and, per heap, what
/// `esp32.idf_heap_info()` would return right after registration. Built once, rendered by
/// `HeapsTextEmitter` and `HeapsJSONEmitter`.
public struct HeapsReport: Sendable {
    /// One registered heap.
    public struct Heap: Sendable, Codable, Equatable {
        public var start: Int
        public var size: Int
        public var type: String
        public var free: Int
        public var largestFreeBlock: Int
        public var minimumFree: Int
        /// The three priority cap words, `8BIT|DEFAULT` style.
        public var caps: [String]
        /// Listed by `esp32.idf_heap_info(esp32.HEAP_DATA)` (has `MALLOC_CAP_8BIT`).
        public var heapData: Bool
        /// A start-up-stack heap: printed by heap_caps_init, registered before app_main.
        public var startupStack: Bool
        /// The `heap_init` line, without the `I (<ms>) heap_init: ` prefix.
        public var bootLine: String
    }

    public var board: String
    public var chip: String
    public var idf: IDFVersion
    public var features: Features
    public var allocator: String
    public var staticDRAM: Sourced
    public var staticIRAM: Sourced
    public var heaps: [Heap]
    /// Where heap_caps_init put its heap_t array and how big it is.
    public var heapArrayAddress: Int
    public var heapArrayBytes: Int

    /// Σ free over HEAP_DATA heaps, and the largest block among them.
    public var heapDataFree: Int { heaps.filter(\.heapData).reduce(0) { $0 + $1.free } }
    public var heapDataLargest: Int { heaps.filter(\.heapData).map(\.largestFreeBlock).max() ?? 0 }
}

/// The `heaps` use case.
public enum HeapsCommand {
    /// Boots `boardName` on `idf` (optionally with a user-given static DRAM size) and reports its heaps.
    public static func report(catalogue: Catalogue, boardName: String, idf: IDFVersion,
                              staticDRAM override: Int? = nil) throws(Diagnostic) -> HeapsReport {
        let board = try catalogue.board(named: boardName)
        guard let chip = catalogue.chip(named: board.chip) else {
            throw Diagnostic("Board \(board.name) names chip \(board.chip), which \(catalogue.file) does not define",
                             fix: "Add the chip to \(catalogue.file)")
        }
        let statics = try catalogue.statics(of: board, idf: idf)
        let dram = override.map { Sourced($0, source: "--static-dram (given by the user)") } ?? statics.dram
        let placement = try StaticPlacement(chip: chip, features: board.features,
                                            staticDRAM: dram.value, staticIRAM: statics.iram.value)
        let pieces = try Boot.pieces(chip: chip, features: board.features, placement: placement)
        let variant = AllocatorVariant.forIDF(idf, staticFLIndexMax: chip.tlsfStaticFLIndexMax)
        var caps = try HeapCaps(chip: chip, pieces: pieces) { start, size in
            HeapFactory.make(variant, poisoning: .disabled, start: start, size: size)
        }
        caps.enableNonOSStackHeaps()
        guard caps.heaps.contains(where: { $0.heap != nil }) else {
            throw Diagnostic("No heap could be registered for \(board.name) on IDF \(idf) (allocator: \(name(variant)))",
                             fix: "This allocator variant is not modelled yet; pick another --idf release")
        }
        let heaps = zip(pieces, caps.heaps).map { piece, h in
            let info = h.heap?.info()
            return HeapsReport.Heap(start: h.start, size: h.end - h.start, type: h.typeName,
                                    free: info?.totalFreeBytes ?? 0, largestFreeBlock: info?.largestFreeBlock ?? 0,
                                    minimumFree: info?.minimumFreeBytes ?? 0, caps: h.caps.map(\.description),
                                    heapData: h.matches(.bits8), startupStack: piece.startupStack,
                                    bootLine: piece.logLine)
        }
        return HeapsReport(board: board.name, chip: chip.name, idf: idf, features: board.features,
                           allocator: name(variant), staticDRAM: dram, staticIRAM: statics.iram, heaps: heaps,
                           heapArrayAddress: caps.heapArray, heapArrayBytes: HeapCaps.heapDescriptorSize * caps.heaps.count)
    }

    static func name(_ variant: AllocatorVariant) -> String {
        switch variant {
        case .legacyBestFit: "pre-TLSF best-fit (IDF ≤ 4.2)"
        case .tlsf(let v): "\(v)"
        }
    }
}
