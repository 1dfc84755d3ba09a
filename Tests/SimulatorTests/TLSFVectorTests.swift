import Testing
@testable import Simulator

// Verified vectors of docs/domain/esp-idf-heap.md: the real v5.2/v5.3 and v5.4 sources
// compiled with gcc -m32 (§2.3), control sizes (§1.2, §1.3) and published heap
// dumps (§5.3). Offsets are from the region start; regions start 4 KiB-aligned.

let v53 = TLSFVariant.dynamicControl(fitSize: .smallSizeFix)
let v52 = TLSFVariant.dynamicControl(fitSize: .original)
let v54 = TLSFVariant.sizeClassRounding
let base = 0x3FC8_0000  // any 4 KiB-aligned address

@Test("Dynamic control size per region length (§1.2)", arguments: [
    (6432, 360), (7912, 360), (15072, 396), (16404, 432), (16405, 716), (22308, 716), (32767, 716),
    (113840, 852), (165536, 920), (262164, 988), (262165, 1752), (267552, 1752), (4 << 20, 2148), (8 << 20, 2280),
])
func dynamicControlSize(regionLength: Int, control: Int) throws {
    let heap = try #require(TLSFHeap(variant: v53, start: base, size: regionLength))
    #expect(heap.geometry.controlSize == control)
    #expect(heap.freeBytes == regionLength - 20 - control)
}

@Test("Static control size per FL_INDEX_MAX (§1.3)", arguments: [(18, 1604), (19, 1736), (22, 2132), (24, 2396)])
func staticControlSize(flIndexMax: Int, control: Int) {
    #expect(TLSFGeometry.staticControl(flIndexMax: flIndexMax).controlSize == control)
}

@Test func staticFLIndexMaxFollowsMaxPoolSize() {
    // ESP32: SOC_DIRAM_DRAM_HIGH − LOW well under 256 KiB → 18; 4 MiB PSRAM → 22; 16 MiB → 24.
    #expect(TLSFGeometry.staticFLIndexMax(maxPoolSize: 0x3FFC_0000 - 0x3FFA_E000) == 18)
    #expect(TLSFGeometry.staticFLIndexMax(maxPoolSize: 300 * 1024) == 19)
    #expect(TLSFGeometry.staticFLIndexMax(maxPoolSize: 4 << 20) == 22)
    #expect(TLSFGeometry.staticFLIndexMax(maxPoolSize: 16 << 20) == 24)
}

/// The fifteen allocations of §2.3. The table there lists thirteen; the two between
/// 1000 and 5000 are not named. Their blocks total 5696 B in both releases (8748 − 3044
/// and 8788 − 3084 minus two 4 B headers), so both are class-aligned: 4096 and 1600
/// reproduce every listed figure, including the free totals after all fifteen.
let vectorSizes = [1, 4, 12, 13, 16, 100, 127, 128, 129, 500, 1000, 4096, 1600, 5000, 10000]

@Test func freshHeapOf165536Bytes() throws {
    for variant in [v52, v53, v54] {
        let heap = try #require(TLSFHeap(variant: variant, start: base, size: 165536))
        #expect(heap.poolOffset == 940)
        #expect(heap.info().totalFreeBytes == 164596)
        #expect(heap.info().largestFreeBlock == 163840)
        #expect(heap.check() == nil)
    }
}

@Test func allocationVectorsV53() throws {
    var heap = try #require(TLSFHeap(variant: v53, start: base, size: 165536))
    let pointers = vectorSizes.map { heap.malloc($0).map { $0 - base } }
    let expected: [(Int, Int)] = [(944, 12), (960, 12), (976, 12), (992, 16), (1012, 16), (1032, 100), (1136, 128),
                                  (1268, 128), (1400, 132), (1536, 500), (2040, 1000)]
    for (i, (offset, block)) in expected.enumerated() {
        #expect(pointers[i] == offset, "malloc(\(vectorSizes[i]))")
        #expect(heap.allocatedSize(base + offset) == block, "block of malloc(\(vectorSizes[i]))")
    }
    #expect(pointers[13] == 8748)
    #expect(heap.allocatedSize(base + 8748) == 5000)
    #expect(pointers[14] == 13752)
    #expect(heap.allocatedSize(base + 13752) == 10000)
    #expect(heap.freeBytes == 141784)
    #expect(heap.check() == nil)
    for i in stride(from: 0, to: pointers.count, by: 2) { heap.free(base + pointers[i]!) }
    // LIFO: the 132 B block freed last heads list [2][0], ahead of the 128 B one.
    let r1 = heap.malloc(50)
    #expect(r1.map { $0 - base } == 1400)
    #expect(heap.check() == nil)
}

@Test func allocationVectorsV54RoundToSizeClass() throws {
    var heap = try #require(TLSFHeap(variant: v54, start: base, size: 165536))
    let pointers = vectorSizes.map { heap.malloc($0).map { $0 - base } }
    let expected: [(Int, Int)] = [(944, 12), (960, 12), (976, 12), (992, 16), (1012, 16), (1032, 100), (1136, 128),
                                  (1268, 128), (1400, 136), (1540, 512), (2056, 1024)]
    for (i, (offset, block)) in expected.enumerated() {
        #expect(pointers[i] == offset, "malloc(\(vectorSizes[i]))")
        #expect(heap.allocatedSize(base + offset) == block, "block of malloc(\(vectorSizes[i]))")
    }
    #expect(pointers[13] == 8788)
    #expect(heap.allocatedSize(base + 8788) == 5120)
    #expect(pointers[14] == 13912)
    #expect(heap.allocatedSize(base + 13912) == 10240)
    #expect(heap.freeBytes == 141384)
    for i in stride(from: 0, to: pointers.count, by: 2) { heap.free(base + pointers[i]!) }
    // The 136 B block now sits in sub-class 1: the lowest sub-class holds only the 128 B one.
    let r2 = heap.malloc(50)
    #expect(r2.map { $0 - base } == 1136)
    #expect(heap.check() == nil)
}

@Test func fillingA6432ByteHeapWith100ByteBlocks() throws {
    for (variant, count, free, largest) in [(v53, 58, 20, 12), (v54, 56, 4, 0)] {
        var heap = try #require(TLSFHeap(variant: variant, start: base, size: 6432))
        var n = 0
        while heap.malloc(100) != nil { n += 1 }
        let info = heap.info()
        #expect(n == count, "\(variant)")
        #expect(info.totalFreeBytes == free, "\(variant)")
        #expect(info.largestFreeBlock == largest, "\(variant)")
        #expect(heap.check() == nil)
    }
}

@Test func memalignLeavesALeadingFreeGap() throws {
    for variant in [v53, v54] {
        var heap = try #require(TLSFHeap(variant: variant, start: base, size: 165536))
        let r3 = heap.malloc(10)
        #expect(r3.map { $0 - base } == 944)
        let r4 = heap.alignedAlloc(100, alignment: 64)
        #expect(r4.map { $0 - base } == 960)
        let r5 = heap.alignedAlloc(1000, alignment: 256)
        #expect(r5.map { $0 - base } == 1280)
        // The gap before 1280 became a free block of 212 B at pointer 1064.
        let gap = TLSFHeap.block(1064)
        #expect(heap.isFree(gap) && heap.blockSize(gap) == 212)
        #expect(heap.check() == nil)
    }
}

@Test func lightPoisoningV54() throws {
    let tlsf = try #require(TLSFHeap(variant: v54, start: base, size: 165536))
    var heap = PoisonedHeap(tlsf, level: .light)
    #expect(heap.freeBytes == 164584)
    #expect(heap.info().largestFreeBlock == 163828)
    let before = heap.base.freeBytes
    let allocated = heap.malloc(1)
    let p = try #require(allocated)
    #expect(before - heap.base.freeBytes == 20)  // 13 → 16 B block + 4 B header
    #expect(heap.allocatedSize(p) == 4)
    #expect(p - base == 952)  // 8 B poison head in front of the data
    heap.free(p)
    #expect(heap.base.freeBytes == before)
}

@Test("Fresh heaps as published dumps report them (§5.3, mp#12952)", arguments: [
    // (variant, region length, free, largest): S3 dynamic-control dump (hx-esp32-cam-fpv#46)
    (v52, 22308, 21572, 21504), (v52, 7912, 7532, 7168), (v52, 32767, 32031, 31744),
    // mp#12952, IDF 5.0.2: the two D/IRAM heaps at MicroPython boot
    (v52, 15072, 14656, 14336), (v52, 113840, 112968, 110592),
    // nabto/edge-esp32, static control FL 18 (v5.0-era)
    (TLSFVariant.staticControl(flIndexMax: 18, largestFreeBlock: .classMask), 15072, 13448, 13312),
    (TLSFVariant.staticControl(flIndexMax: 18, largestFreeBlock: .classMask), 113840, 112216, 110592),
])
func publishedFreshHeaps(variant: TLSFVariant, length: Int, free: Int, largest: Int) throws {
    let heap = try #require(TLSFHeap(variant: variant, start: base, size: length))
    #expect(heap.info().totalFreeBytes == free)
    #expect(heap.info().largestFreeBlock == largest)
}

@Test func c6RomTLSFWithPoisoningMatchesItsDump() throws {
    // C6 dump (§5.3): static FL 19 control and 12 B of poisoning reproduce both fresh heaps.
    let rom = TLSFVariant.staticControl(flIndexMax: 19, largestFreeBlock: .classMask)
    for (length, free, largest) in [(12116, 10348, 10228), (16360, 14592, 14580)] {
        let tlsf = try #require(TLSFHeap(variant: rom, start: 0x4087_C610, size: length))
        let heap = PoisonedHeap(tlsf, level: .light)
        #expect(heap.info().totalFreeBytes == free)
        #expect(heap.info().largestFreeBlock == largest)
    }
}

@Test func largestFreeBlockIsTheLargestMallocThatSucceeds() throws {
    // §1.5: malloc(largest) succeeds and malloc(largest + 4) fails, for every fresh size.
    for variant in [v52, v53, v54] {
        for length in stride(from: 400, through: 70000, by: 1237) {
            guard var heap = TLSFHeap(variant: variant, start: base, size: length) else { continue }
            let largest = heap.info().largestFreeBlock
            guard largest > 0 else { continue }
            var probe = heap
            let tooLarge = probe.malloc(largest + 4)
            let fits = heap.malloc(largest)
            #expect(tooLarge == nil, "\(variant) len \(length) largest \(largest)")
            #expect(fits != nil, "\(variant) len \(length) largest \(largest)")
        }
    }
}

@Test func registrationRejectsRegionsTooSmallForControlAndOneBlock() {
    #expect(TLSFHeap(variant: v54, start: base, size: 200) == nil)  // §2.1: 200 B → NULL
    #expect(TLSFHeap(variant: v54, start: base, size: 16) == nil)
    #expect(TLSFHeap(variant: v54, start: base + 2, size: 4096) == nil)  // tlsf_create needs 4 B alignment
    #expect(TLSFHeap(variant: v54, start: base, size: 1000) != nil)
}

@Test func multiHeapEdgeCasesReturnNull() throws {
    var heap = try #require(TLSFHeap(variant: v54, start: base, size: 16384))
    let r6 = heap.malloc(0)
    #expect(r6 == nil)
    let r7 = heap.malloc(1 << 20)
    #expect(r7 == nil)
    // align_up wraps on the 32-bit size_t: adjust_request_size(0xFFFFFFFE) = max(0, 12),
    // so multi_heap hands out a 12 B block. heap_caps rejects such sizes before this layer.
    let r8 = heap.malloc(Int(UInt32.max) - 1)
    #expect(r8.map { heap.allocatedSize($0) } == 12)
    heap.free(r8)
    let r9 = heap.alignedAlloc(16, alignment: 3)
    #expect(r9 == nil)
    let r10 = heap.alignedAlloc(16, alignment: 0)
    #expect(r10 == nil)
    let r11 = heap.calloc(1 << 16, 1 << 16)
    #expect(r11 == nil)
    #expect(heap.freeBytes == 16384 - 20 - 396)  // 16364 B: FL 14, SL 8 → control 396
    #expect(heap.minimumFreeBytes == heap.freeBytes - 16)  // the 12 B block and its header, once
}
