import Model
import Testing
@testable import Simulator

/// ESP32_GENERIC booted as the real firmware does up to app_main.
func bootGeneric(idf: IDFVersion, dram: Int, iram: Int, features: Features = Features(bluetooth: true)) throws -> HeapCaps {
    let chip = try esp32(features, idf: idf)
    let placement = try StaticPlacement(chip: chip, staticDRAM: dram, staticIRAM: iram)
    let pieces = try Boot.pieces(chip: chip, placement: placement)
    let variant = AllocatorVariant.forLayout(chip)
    var caps = try HeapCaps(chip: chip, pieces: pieces) { HeapFactory.make(variant, start: $0, size: $1) }
    caps.enableNonOSStackHeaps()
    return caps
}

@Suite("heap_caps layer")
struct HeapCapsTests {
    // mp#12952 (IDF 5.0.2, dynamic TLSF): the two D/IRAM heaps, untouched at MicroPython boot, report
    // (15072,14656,14336,14656) and (113840,112968,110592,112968) (docs/domain/micropython-heap.md §4).
    @Test func dIRAMHeapsMatchIDF502() throws {
        let caps = try bootGeneric(idf: IDFVersion(5, 0, 2), dram: 53304, iram: 117286)
        let info = caps.idfHeapInfo(caps: .bits8)
        #expect(info.map(\.total) == [240, 7288, 16648, 87144, 15072, 113840])
        #expect(info[4] == IDFHeapInfo(total: 15072, free: 14656, largestFreeBlock: 14336, minimumFree: 14656))
        #expect(info[5] == IDFHeapInfo(total: 113840, free: 112968, largestFreeBlock: 110592, minimumFree: 112968))
        #expect(caps.check() == nil)
    }

    // heap_caps_init: the 7 × 36 = 252 B heap_t array goes to the first 8BIT|INTERNAL heap that can hold
    // it; the 240 B heap at 0x3FFAFF10 cannot, so it lands in the 7 KiB heap at 0x3FFB6388.
    @Test func heapArrayPlacement() throws {
        let caps = try bootGeneric(idf: IDFVersion(5, 4, 2), dram: 53948, iram: 116894)
        #expect(caps.heapIndex(containing: caps.heapArray).map { caps.heaps[$0].start } == 0x3FFB6388)
    }

    // §4.1: DEFAULT|INTERNAL tries DRAM (prio 0) in list order, so BT off it lands in the 6 KiB heap first.
    @Test func defaultMallocLandsInSmallDRAMFirst() throws {
        var caps = try bootGeneric(idf: IDFVersion(5, 4, 2), dram: 31072, iram: 0x18000, features: Features())
        let v1 = caps.mallocDefault(100)
        let p = try #require(v1)
        #expect(p >= 0x3FFAE6E0 && p < 0x3FFB0000)
        // Once the main DRAM heap is taken, a block too big for the other DRAM heaps goes to D/IRAM (prio 1).
        let big = caps.mallocDefault(160_000)
        #expect(big.map { $0 >= 0x3FFB7960 && $0 < 0x3FFE0000 } == true)
        let second = caps.mallocDefault(100_000)
        let q = try #require(second)
        #expect(q >= 0x3FFE0000 && q < 0x40000000)
    }

    @Test func dmaNeverInIRAMAndExecNeverInDRAM() throws {
        var caps = try bootGeneric(idf: IDFVersion(5, 4, 2), dram: 53948, iram: 116894)
        for _ in 0..<400 {
            guard let p = caps.malloc(512, caps: [.dma]) else { break }
            #expect(p < 0x40000000, "DMA block at \(Hex.address(p)) is not in DRAM")
        }
        var execCount = 0
        while let p = caps.malloc(256, caps: .exec), execCount < 400 {
            execCount += 1
            // IRAM heap, or the IRAM alias (0x400A0000–0x400C0000) of a D/IRAM block: never a DRAM address.
            #expect(p >= 0x40080000 && p < 0x400C0000, "EXEC block at \(Hex.address(p))")
        }
        #expect(execCount > 50)  // the 13 KiB IRAM heap and then D/IRAM through its alias
        do { let refused = caps.malloc(16, caps: [.exec, .bits8]); #expect(refused == nil) }
        do { let refused = caps.malloc(16, caps: [.exec, .dma]); #expect(refused == nil) }
        do { let refused = caps.malloc(0, caps: .default); #expect(refused == nil) }
        do { let refused = caps.malloc(0x400001, caps: .default); #expect(refused == nil) }
        #expect(caps.check() == nil)
    }

    @Test func freeFindsOwningHeapIncludingIRAMAlias() throws {
        var caps = try bootGeneric(idf: IDFVersion(5, 4, 2), dram: 53948, iram: 116894)
        let before = caps.freeSize(caps: .bits8)
        // Fill IRAM so EXEC falls through to D/IRAM (prio 2) and returns an alias.
        var iram: [Int] = []
        var aliasBlock: Int?
        while aliasBlock == nil, let p = caps.malloc(1024, caps: .exec) {
            if p < 0x400A0000 { iram.append(p) } else { aliasBlock = p }
        }
        let alias = try #require(aliasBlock)
        #expect(alias >= 0x400A0000 && alias < 0x400C0000)
        #expect(caps.freeSize(caps: .bits8) < before)
        caps.free(alias)
        #expect(caps.freeSize(caps: .bits8) == before)
        for p in iram { caps.free(p) }
        #expect(caps.check() == nil)
    }

    // §3.2: with PSRAM malloc, size ≤ limit → DEFAULT|INTERNAL; above → DEFAULT|SPIRAM, then DEFAULT.
    @Test func psramAlwaysInternalRouting() throws {
        var caps = try bootGeneric(idf: IDFVersion(5, 4, 2), dram: 53948, iram: 116894)
        // esp_psram: caps {SPIRAM|DEFAULT, 0, 8BIT|32BIT}, added at the list head (4 MiB at 0x3F800000).
        try caps.addRegion(caps: [[.spiram, .default], [], [.bits8, .bits32]], start: 0x3F800000, end: 0x3FC00000)
        #expect(caps.heaps.first?.start == 0x3F800000)
        // Without extmem, malloc() stays internal.
        let v4 = caps.mallocDefault(20_000)
        #expect(try #require(v4) >= 0x3FFAE000)
        caps.enableExtmem(limit: 16384)  // CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL default
        let v5 = caps.mallocDefault(16384)
        #expect(try #require(v5) >= 0x3FFAE000)
        let v6 = caps.mallocDefault(16385)
        #expect(try #require(v6) < 0x3FC00000)
        // Small blocks fall back to PSRAM once internal memory is exhausted (retry with DEFAULT).
        while let p = caps.malloc(4096, caps: [.default, .internal]) { _ = p }
        let v7 = caps.mallocDefault(4096)
        #expect(try #require(v7) < 0x3FC00000)
        #expect(caps.check() == nil)
    }

    // §3.1: the reserve pool has no DEFAULT, so malloc() never takes it; DMA|INTERNAL requests can.
    @Test func internalReservePoolNotUsedByMalloc() throws {
        var caps = try bootGeneric(idf: IDFVersion(5, 4, 2), dram: 53948, iram: 116894)
        let reserved = caps.reserveInternalPool(32768)
        #expect(reserved)
        let pool = caps.heaps[0]
        #expect(pool.caps == [[], [.dma, .internal], [.bits8, .bits32]])
        #expect(pool.end - pool.start == 32767)  // end = start + n − 1 (observed "len 32767")
        while let p = caps.mallocDefault(256) {
            #expect(!(p >= pool.start && p < pool.end), "malloc() used the reserve pool")
        }
        let dmaBlock = caps.malloc(256, caps: [.dma, .internal])
        #expect(dmaBlock.map { $0 >= pool.start && $0 < pool.end } == true)
    }

    @Test func addRegionRules() throws {
        var caps = try bootGeneric(idf: IDFVersion(5, 4, 2), dram: 53948, iram: 116894)
        let dram = [MemoryCaps([.bits8, .default]), [.internal, .dma, .bits32], []]
        // Straddling the start of the 0x3FFB9A20 heap, or equal to a heap: refused.
        #expect(throws: HeapCaps.AddRegionError.overlap) { try caps.addRegion(caps: dram, start: 0x3FFB9000, end: 0x3FFBA000) }
        #expect(throws: HeapCaps.AddRegionError.overlap) { try caps.addRegion(caps: dram, start: 0x3FFB9A20, end: 0x3FFBDB28) }
        // A region too small for multi_heap_register: ESP_ERR_INVALID_SIZE.
        #expect(throws: HeapCaps.AddRegionError.invalidSize) { try caps.addRegion(caps: dram, start: 0x3FFAE000, end: 0x3FFAE0C8) }
        #expect(throws: HeapCaps.AddRegionError.invalidArgument) { try caps.addRegion(caps: dram, start: 0x3FFAE000, end: 0x3FFAE000) }
        // esp_bt_controller_mem_release gives back rom_bt_data: a new heap at the head.
        try caps.addRegion(start: 0x3FFAE6E0, end: 0x3FFAFF10)
        #expect(caps.heaps.first.map { ($0.start, $0.end, $0.typeName) } ?? (0, 0, "") == (0x3FFAE6E0, 0x3FFAFF10, "runtime"))
    }

    @Test func gettersAndAlignment() throws {
        var caps = try bootGeneric(idf: IDFVersion(5, 4, 2), dram: 53948, iram: 116894)
        let infos = caps.idfHeapInfo(caps: .bits8)
        #expect(caps.freeSize(caps: .bits8) == infos.reduce(0) { $0 + $1.free })
        #expect(caps.largestFreeBlock(caps: .bits8) == infos.map(\.largestFreeBlock).max())
        #expect(caps.totalSize(caps: .bits8) == infos.reduce(0) { $0 + $1.total })
        #expect(caps.freeHeapSize == caps.freeSize(caps: .default))
        let v8 = caps.alignedAlloc(100, alignment: 64, caps: .default)
        let p = try #require(v8)
        #expect(p % 64 == 0)
        let misaligned = caps.alignedAlloc(100, alignment: 48, caps: .default)
        #expect(misaligned == nil)
        #expect {
            try HeapCaps.checkAlignment(48)
        } throws: { e in
            "\(e)" == "Alignment 48 is not a power of two. Expected a power of two such as 4, 8, 16 or 64 "
                + "(heap_caps_aligned_alloc returns NULL otherwise). Use a power-of-two alignment."
        }
        let v9 = caps.calloc(10, 10, caps: .default)
        let q = try #require(v9)
        let v10 = caps.realloc(q, 2000, caps: .default)
        let r = try #require(v10)
        caps.free(r)
        caps.free(p)
        #expect(caps.minimumFreeSize(caps: .bits8) <= caps.freeSize(caps: .bits8))
        #expect(caps.check() == nil)
    }
}
