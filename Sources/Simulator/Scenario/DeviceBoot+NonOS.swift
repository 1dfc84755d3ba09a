import Model

extension BootedDevice {
    /// The allocator the device's system heap runs, as reports name it.
    public var allocatorName: String { nonOS == nil ? variant.name : "NONOS SDK heap, modelled as a byte budget" }
}

extension DeviceBoot {
    /// Boots an ESP8266 board (NONOS SDK, no ESP-IDF): the SDK heap spans `_heap_start` (the end of
    /// .bss, after the firmware's static DRAM) to `_heap_end`. Without a static DRAM figure the GC array
    /// alone is taken as the static data — an upper bound on the SDK heap, said in the source.
    static func bootNonOS(board: Board, chip definition: ChipDefinition, facts: NonOSFacts,
                          staticDRAM override: Int?) throws(Diagnostic) -> BootedDevice {
        var dram: Sourced
        if let override {
            dram = Sourced(override, source: "--static-dram (given by the user)", confidence: .measured)
        } else if let known = board.statics.last?.dram, known.confidence != .unknown {
            dram = known
        } else {
            dram = Sourced(facts.gcHeapBytes,
                           source: "lower bound: the \(facts.gcHeapBytes) B GC array alone (ports/esp8266/main.c); the "
                               + "firmware's other .data/.bss make the real SDK heap smaller — pass --static-dram "
                               + "(the dram0_0_seg use of the firmware's map) for the real figure",
                           confidence: .estimated)
        }
        guard dram.value >= facts.gcHeapBytes, dram.value < facts.dramLength else {
            throw Diagnostic("Static DRAM of \(dram.value) B is impossible on \(definition.name)",
                             expected: "between the \(facts.gcHeapBytes) B GC array (it lives in .bss) and dram0_0_seg's "
                                 + "\(facts.dramLength) B",
                             fix: "Pass the dram0_0_seg use from the firmware's linker map as --static-dram")
        }
        // _heap_start = end of .bss (esp8266_common.ld), word aligned.
        let heapStart = (facts.dramOrigin + dram.value + 3) & ~3
        let heap = SDKByteBudgetHeap(start: heapStart, size: facts.heapEnd - heapStart)
        let type = MemoryType(name: "SDK", caps: [[.default, .internal, .bits8, .bits32, .dma], [], []])
        let region = MemoryRegion(start: heapStart, size: facts.heapEnd - heapStart, type: 0)
        let linker = LinkerFacts(dram0Origin: facts.dramOrigin, dram0Length: facts.dramLength, btReserveDram: 0,
                                 heapStartAlign: 4, iramOrigin: 0, iramLength: 0, iramEndAlign: 4)
        var layout = ChipLayout(name: definition.name, types: [type], regions: [region], reserved: [], linker: linker,
                                diram: nil, heapSizeMax: facts.dramLength, tlsfStaticFLIndexMax: 0, source: facts.source)
        layout.facts = definition.facts
        let caps = HeapCaps(nonOS: layout, heap: heap, typeName: "SDK")
        let piece = BootPiece(start: heapStart, size: facts.heapEnd - heapStart, type: 0, typeName: "SDK", startupStack: false)
        return BootedDevice(board: board, chip: layout, idf: nonOSRelease, variant: .legacyBestFit, staticDRAM: dram,
                            staticIRAM: nil, pieces: [piece], caps: caps, nonOS: facts)
    }

    /// The IDF release a non-IDF device reports: none. Knob defaults that depend on an IDF release do
    /// not reach the ESP8266 components (their knobs, e.g. RT_MAX_PLAIN_LENGTH, are firmware defines).
    public static let nonOSRelease = IDFVersion(0, 0)
}
