import Model

/// What `heapfit heaps` can say about a board whose chip does not run ESP-IDF's heap (ESP8266):
/// the facts that are fixed, and what cannot be computed without the firmware's own figures.
public struct NonOSHeapsReport: Sendable, Codable {
    public var board: String
    public var chip: String
    public var allocator: String
    /// `dram0_0_seg` of the firmware's linker script.
    public var dramOrigin: Int
    public var dramLength: Int
    /// The MicroPython GC heap: a static array inside .bss (so inside static DRAM).
    public var gcHeapBytes: Int
    /// The GC pool that array yields (micropython-heap.md §1.2): 16-aligned, and 64 B less when the
    /// array's end loses 12 or more bytes to alignment.
    public var gcPoolBytesAligned: Int
    public var gcPoolBytesMisaligned: Int
    /// The SDK heap `[_heap_start, heapEnd)`, when the static DRAM is known (user-given).
    public var sdkHeapStart: Int?
    public var sdkHeapBytes: Int?
    public var staticDRAM: Sourced?
    /// What heapfit cannot show for this chip, one sentence each.
    public var cannotShow: [String]
    public var sources: [String]
}

/// The `heaps` use case for non-IDF chips.
public enum NonOSHeapsCommand {
    public static func report(catalogue: Catalogue, boardName: String, staticDRAM override: Int?) throws(Diagnostic) -> NonOSHeapsReport {
        let board = try catalogue.board(named: boardName)
        guard let chip = catalogue.chip(named: board.chip), let facts = chip.nonOS else {
            throw Diagnostic("\(board.name) runs ESP-IDF", expected: "an ESP-IDF release", fix: "Pass --idf")
        }
        // gc_setup_area with finaliser (micropython-heap.md §1.2): A = floor((T − 1)·8/524), pool = 64·A.
        func pool(_ t: Int) -> Int { 64 * ((t - 1) * 8 / 524) }
        var staticDRAM: Sourced? = override.map { Sourced($0, source: "--static-dram (given by the user)") }
        if staticDRAM == nil, let known = board.statics.last?.dram, known.confidence != .unknown { staticDRAM = known }
        var start: Int?
        var bytes: Int?
        if let s = staticDRAM {
            guard s.value >= 0, s.value <= facts.dramLength else {
                throw Diagnostic("Static DRAM of \(s.value) B does not fit \(chip.name)'s dram0_0_seg (\(facts.dramLength) B)",
                                 expected: "0 to \(facts.dramLength) B", fix: "Check the figure")
            }
            // The SDK heap starts at _heap_start = end of .bss (esp8266_common.ld); .bss is word aligned.
            let heapStart = (facts.dramOrigin + s.value + 3) & ~3
            start = heapStart
            bytes = facts.heapEnd - heapStart
        }
        var cannot = [
            "\(chip.name) runs the NONOS SDK, not ESP-IDF: it prints no heap_init lines and has no heap_caps, TLSF or "
                + "idf_heap_info(); those columns do not exist for it.",
            "The SDK allocator is closed source, so its per-block overhead and fragmentation are not simulated.",
        ]
        if staticDRAM == nil {
            cannot.append("The SDK heap size depends on the firmware's .data + .bss, which no source publishes for "
                          + "\(board.name); pass --static-dram (\"dram0_0_seg\" use from the firmware's map) to compute it.")
        }
        return NonOSHeapsReport(board: board.name, chip: chip.name, allocator: facts.allocator, dramOrigin: facts.dramOrigin,
                                dramLength: facts.dramLength, gcHeapBytes: facts.gcHeapBytes,
                                gcPoolBytesAligned: pool(facts.gcHeapBytes), gcPoolBytesMisaligned: pool(facts.gcHeapBytes - 12),
                                sdkHeapStart: start, sdkHeapBytes: bytes, staticDRAM: staticDRAM, cannotShow: cannot,
                                sources: [facts.source, board.source])
    }
}

/// Renders a `NonOSHeapsReport` as text or JSON.
public enum NonOSHeapsEmitter {
    public static func text(_ r: NonOSHeapsReport) -> String {
        var out = ["\(r.board) (\(r.chip)) — \(r.allocator)"]
        if let start = r.sdkHeapStart, let bytes = r.sdkHeapBytes, let s = r.staticDRAM {
            out.append("SDK heap: \(bytes) B at \(Hex.address(start)) (static DRAM \(s.value) B [\(s.confidence.rawValue); \(s.source)]).")
        } else {
            out.append("SDK heap: unknown (needs the firmware's static DRAM).")
        }
        out.append("MicroPython GC heap: a static \(r.gcHeapBytes) B array in .bss; GC pool \(r.gcPoolBytesAligned) B "
                   + "(\(r.gcPoolBytesMisaligned) B if the array's end is not 16-aligned). No split heap: it never grows.")
        out.append("DRAM segment: dram0_0_seg \(r.dramLength) B at \(Hex.address(r.dramOrigin)) (holds .data, .bss, the GC array, then the SDK heap).")
        out.append("")
        out.append("What heapfit cannot show for this chip:")
        for c in r.cannotShow { out.append("- " + c) }
        out.append("")
        out.append("Sources: " + r.sources.joined(separator: "; "))
        return out.joined(separator: "\n") + "\n"
    }

    public static func json(_ r: NonOSHeapsReport) -> String { JSONText.encode(r) }
}
