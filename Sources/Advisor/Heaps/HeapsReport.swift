import Model
import Simulator

/// What `heapfit heaps` reports: the `heap_init` lines of a board's boot and, per heap, what
/// `esp32.idf_heap_info()` would return when `app_main` starts. Built once, rendered by
/// `HeapsTextEmitter` and `HeapsJSONEmitter`.
public struct HeapsReport: Sendable {
    /// One registered heap, in `registered_heaps` order (what `idf_heap_info` lists).
    public struct Heap: Sendable, Codable, Equatable {
        public var start: Int
        public var size: Int
        /// The memory type's name as `heap_init` prints it, `SPIRAM` for the PSRAM heap, or
        /// `DMA pool` for the `SPIRAM_MALLOC_RESERVE_INTERNAL` pool.
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
        /// The `heap_init` line, without the `I (<ms>) heap_init: ` prefix; nil for heaps added later.
        public var bootLine: String?
    }

    public var board: String
    public var chip: String
    public var idf: IDFVersion
    public var features: Features
    /// The chip's cores (boards.yaml `cpuCores:`), to say whether single core is a choice.
    public var cpuCores: Int = 1
    public var allocator: String
    public var staticDRAM: Sourced
    public var staticIRAM: Sourced?
    public var staticRTC: Sourced?
    /// The `heap_init` lines, in print order.
    public var bootLines: [String]
    public var heaps: [Heap]
    /// Where heap_caps_init put its heap_t array and how big it is.
    public var heapArrayAddress: Int
    public var heapArrayBytes: Int
    /// What the report assumed where the catalogue has no figure, one sentence each.
    public var assumptions: [String]

    /// Σ free over HEAP_DATA heaps, and the largest block among them.
    public var heapDataFree: Int { heaps.filter(\.heapData).reduce(0) { $0 + $1.free } }
    public var heapDataLargest: Int { heaps.filter(\.heapData).map(\.largestFreeBlock).max() ?? 0 }
}

/// The `heaps` use case.
public enum HeapsCommand {
    /// Boots `boardName` on `idf` (optionally with user-given static sizes) and reports its heaps.
    public static func report(catalogue: Catalogue, boardName: String, idf: IDFVersion, staticDRAM override: Int? = nil,
                              staticIRAM iramOverride: Int? = nil) throws(Diagnostic) -> HeapsReport {
        let board = try catalogue.board(named: boardName)
        try checkRelease(idf, of: board, catalogue: catalogue)
        let chip = try catalogue.layout(of: board, idf: idf)
        let dram = try catalogue.staticDRAM(of: board, idf: idf, override: override)
        let statics = board.statics.first { $0.idf == idf }
        var assumptions: [String] = []
        let iram: Sourced? = iramOverride.map { Sourced($0, source: "--static-iram (given by the user)") }
            ?? statics?.iram.flatMap { $0.confidence == .unknown ? nil : $0 }
        if iram == nil, chip.linker.iramLength > 0 {
            assumptions.append("Static IRAM is unknown: taken as filling the \(chip.linker.iramLength) B IRAM segment at "
                               + "\(Hex.address(chip.linker.iramOrigin)), so no IRAM heap is shown (malloc() never uses it); "
                               + "pass --static-iram to place it.")
        }
        let rtc = statics?.rtc.flatMap { $0.confidence == .unknown ? nil : $0 }
        if rtc == nil, chip.features.rtcFastHeap == true, chip.linker.rtcFastStart != nil {
            assumptions.append("RTC fast data size is unknown: the RTCRAM heap is taken to start at the region start.")
        }
        if let window = chip.psram, !window.addressIsExact, chip.features.spiramUse != .memmap {
            assumptions.append("The PSRAM heap's address is the window start \(Hex.address(window.start)); the real one follows "
                               + "the flash-mapped pages. Its size is exact.")
        }
        let placement = try DeviceBoot.placement(board: board, idf: idf, chip: chip, dram: dram, iram: iram, rtc: rtc,
                                                 catalogue: catalogue, given: override != nil || iramOverride != nil)
        let booted = try BootSequence.run(chip: chip, placement: placement)
        guard booted.caps.heaps.contains(where: { $0.heap != nil }) else {
            throw Diagnostic("No heap could be registered for \(board.name) on IDF \(idf) (allocator: \(booted.variant.name))",
                             fix: "This allocator variant is not modelled yet; pick another --idf release")
        }
        let heaps = registered(booted)
        let allocator = (chip.romTLSFFLIndexMax != nil ? "mask-ROM " : "") + booted.variant.name
        return HeapsReport(board: board.name, chip: chip.name, idf: idf, features: chip.features, cpuCores: chip.facts.cpuCores,
                           allocator: allocator,
                           staticDRAM: dram, staticIRAM: iram, staticRTC: rtc, bootLines: booted.pieces.map(\.logLine),
                           heaps: heaps, heapArrayAddress: booted.caps.heapArray,
                           heapArrayBytes: HeapCaps.heapDescriptorSize * booted.pieces.count, assumptions: assumptions)
    }

    /// Refuses a board whose chip the catalogue lacks or does not run ESP-IDF, and a release the catalogue does not know.
    static func checkRelease(_ idf: IDFVersion, of board: Board, catalogue: Catalogue) throws(Diagnostic) {
        guard let definition = catalogue.chip(named: board.chip) else {
            throw Diagnostic("Board \(board.name) names chip \(board.chip), which \(catalogue.file) does not define",
                             fix: "Add the chip to \(catalogue.file)")
        }
        guard definition.kind == .espIDF else {
            throw Diagnostic("\(board.name) (\(definition.name)) does not run ESP-IDF's heap, so it has no ESP-IDF release",
                             expected: "no --idf for this board", fix: "Run `heapfit heaps --board \(board.name)` without --idf")
        }
        guard catalogue.idfReleases.contains(idf) else {
            let near = catalogue.releases(of: definition).filter { $0.major == idf.major && $0.minor == idf.minor }
            throw Diagnostic("ESP-IDF \(idf) is not a release the catalogue knows",
                             expected: near.isEmpty ? "a stable release from \(catalogue.idfReleases.first?.description ?? "?") "
                                + "to \(catalogue.idfReleases.last?.description ?? "?")"
                                : "one of the \(idf.major).\(idf.minor) releases: " + near.map(\.description).joined(separator: ", "),
                             fix: "Pass --idf with a stable release tag (`heapfit boards --chip \(definition.name)` lists the ones with data)")
        }
    }

    /// The heaps registered at boot as the report lists them (PSRAM and the DMA pool named, boot lines attached).
    static func registered(_ booted: BootedHeaps) -> [HeapsReport.Heap] {
        let stackStarts = Set(booted.pieces.filter(\.startupStack).map(\.start))
        let lineByStart = Dictionary(booted.pieces.map { ($0.start, $0.logLine) }, uniquingKeysWith: { a, _ in a })
        return booted.caps.heaps.compactMap { h -> HeapsReport.Heap? in
            guard let heap = h.heap else { return nil }  // never registered (too small for multi_heap)
            let info = heap.info()
            let runtime = h.typeName == "runtime"
            let type = !runtime ? h.typeName : (h.start == booted.psramHeap?.start ? "SPIRAM" : "DMA pool")
            return HeapsReport.Heap(start: h.start, size: h.end - h.start, type: type, free: info.totalFreeBytes,
                                    largestFreeBlock: info.largestFreeBlock, minimumFree: info.minimumFreeBytes,
                                    caps: h.caps.map(\.description), heapData: h.matches(.bits8),
                                    startupStack: stackStarts.contains(h.start), bootLine: runtime ? nil : lineByStart[h.start])
        }
    }
}
