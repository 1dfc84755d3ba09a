import Testing
@testable import Simulator

/// A system heap for the GC to grow into: hands out areas from a bump pointer and reports a
/// fixed largest block, so growth sizing can be checked against docs/domain/micropython-heap.md §1.4.
struct FakeSystemHeap: GCPlatform {
    var next = 0x3FC9_0004  // 4-aligned like every TLSF pointer, not 16-aligned
    var largest: Int
    var allocations: [Int] = []
    var freed: [Int] = []

    mutating func allocateArea(_ size: Int) -> Int? {
        guard size <= largest else { return nil }
        allocations.append(size)
        defer { next += (size + 3) & ~3 }
        return next
    }
    mutating func freeArea(_ address: Int) { freed.append(address) }
    func maxNewSplit() -> Int { largest }
}

@Test("Area layout formula (micropython-heap.md §1.2 worked values)", arguments: [
    (36 * 1024, 35968), (56 * 1024, 56000), (64 * 1024, 64000), (38 * 1024, 38016),
])
func initialAreaPoolSize(size: Int, pool: Int) {
    let area = GCArea.initial(start: 0x3FFC_0000, size: size)  // 16-aligned start and end
    #expect(area.poolBytes == pool)
    #expect(area.poolEnd == 0x3FFC_0000 + size)
    #expect(area.poolStart >= area.atbStart + area.atbLength + GCArea.gapByte + area.ftbLength)
}

@Test func esp8266StaticHeapLosesABlockRowWhenItsEndIsMisaligned() {
    // §1.2: 38 KiB static array → 37952 when the end loses ≥ 12 B to alignment (A 594 → 593).
    let area = GCArea.initial(start: 0x3FFE_F00C, size: 38 * 1024)
    #expect(area.poolEnd == 0x3FFE_F00C + 38 * 1024 - 12)
    #expect(area.poolBytes == 37952)
}

@Test func growthFrom56KiBDoublesWhileTheSystemHeapAllows() throws {
    // §1.4: system allocations 57344 (initial), 57360, 114672, 229296 for a 56 KiB start.
    var system = FakeSystemHeap(largest: 1 << 20)
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 56 * 1024, growth: .v1_22)
    #expect(gc.totalBytes == 56000)
    var objects: [Int] = []
    while gc.areas.count < 4 {
        guard case .success(let p) = gc.alloc(1024, platform: &system) else { Issue.record("alloc failed"); return }
        objects.append(p)
    }
    #expect(system.allocations == [57360, 114672, 229296])
    #expect(gc.areas[1].poolBytes == 56000)
    #expect(gc.totalBytes == 56000 + 56000 + gc.areas[2].poolBytes + gc.areas[3].poolBytes)
}

@Test func growthIsCappedByTheLargestIDFBlock() throws {
    // f6d6308: "after the heap is grown one time the size is 111936 bytes": the second area is
    // capped at avail = 57344 (a TLSF-fitted largest block), A = 874 → 55936 B of pool.
    var system = FakeSystemHeap(largest: 57344)
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 56 * 1024, growth: .v1_22)
    while gc.areas.count < 2 {
        guard case .success = gc.alloc(2048, platform: &system) else { Issue.record("alloc failed"); return }
    }
    #expect(system.allocations == [57344])
    #expect(gc.totalBytes == 111936)
}

@Test func growthFrom64KiB() {
    // PR mp#13219: "initial area 65536 … subsequent allocation is also 65536", then 131040,
    // with 16-aligned areas; a pointer that is only 4-aligned costs one ATB byte (64 B) per area.
    var system = FakeSystemHeap(next: 0x3FC9_0000, largest: 1 << 20)
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 64 * 1024, growth: .v1_22)
    while gc.areas.count < 3 { _ = gc.alloc(4096, platform: &system) }
    #expect(system.allocations == [65536, 131040])
    #expect(gc.areas[1].poolBytes == 64000)
}

@Test func growthSizingOfV121CountsAreaBytesUnrounded() {
    // v1.21.0 gc_try_add_heap: Σ(pool_end − atb_start) + Σ(1 + 32) = 65536 + 33 for a 64 KiB start.
    var system = FakeSystemHeap(largest: 1 << 20)
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 64 * 1024, growth: .v1_21)
    while gc.areas.count < 2 { _ = gc.alloc(4096, platform: &system) }
    #expect(system.allocations == [65569])
}

@Test func noGrowthWhenTheIDFCannotSpareWhatIsNeeded() {
    // needed = n + max(2048, n·13/512); avail below it → MemoryError, nothing allocated.
    var system = FakeSystemHeap(largest: 3000)  // 1024 + 2048 = 3072 needed
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 36 * 1024, growth: .v1_22)
    var last: Result<Int, GCHeap.Failure> = .success(0)
    for _ in 0..<40 { last = gc.alloc(1024, platform: &system) }
    #expect(last == .failure(.noMemory))
    #expect(system.allocations.isEmpty)
    #expect(gc.collections > 0)
}

@Test func firstFitTakesTheLowestRunAndCollectionFreesReleasedObjects() throws {
    var system = FakeSystemHeap(largest: 0)
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 4096, growth: .none)
    let a = try gc.alloc(100, platform: &system).get()
    let b = try gc.alloc(100, platform: &system).get()
    #expect(b - a == 112)  // 7 blocks of 16 B
    #expect(a == gc.areas[0].poolStart)
    gc.free(a)
    let c = try gc.alloc(40, platform: &system).get()
    #expect(c == a)  // first fit reuses the freed run
    gc.release(b)
    #expect(gc.blocks(of: b) == 7)  // still allocated until a collection
    gc.collect(platform: &system)
    #expect(gc.blocks(of: b) == 0)
    #expect(gc.usedBytes == 3 * 16)
}

@Test func allocationWhileLockedFailsWithHeapIsLocked() {
    var system = FakeSystemHeap(largest: 1 << 20)
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 4096, growth: .v1_22)
    gc.lock()
    #expect(gc.alloc(16, platform: &system) == .failure(.locked))
    gc.unlock()
    #expect((try? gc.alloc(16, platform: &system).get()) != nil)
}

@Test func sweepGivesBackEmptyAddedAreasButKeepsTheFirst() throws {
    var system = FakeSystemHeap(largest: 1 << 20)
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 8192, growth: .v1_22)
    var objects: [Int] = []
    while gc.areas.count < 2 { objects.append(try gc.alloc(1000, platform: &system).get()) }
    for p in objects { gc.release(p) }
    gc.collect(platform: &system)
    #expect(gc.areas.count == 1)
    #expect(system.freed.count == 1)
    #expect(gc.usedBytes == 0)
}

@Test func aMisalignedAreaLosesOneATBByte() {
    // gc_add aligns the end down to 16: a 4-aligned TLSF pointer loses 4 B, and A drops 1000 → 999.
    var system = FakeSystemHeap(next: 0x3FC9_0004, largest: 1 << 20)
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 64 * 1024, growth: .v1_22)
    while gc.areas.count < 2 { _ = gc.alloc(4096, platform: &system) }
    #expect(gc.areas[1].poolBytes == 63936)
}

/// The first-fit search skips used blocks a word at a time; it must find exactly the run a
/// block-by-block scan from `gc_last_free_area` / `gc_last_free_atb_index` finds.
@Test func firstFitWordSkippingFindsTheSameRunAsABlockByBlockScan() throws {
    #expect(MemoryLayout<GCArea.Kind>.size == 1)
    #expect([GCArea.Kind.free, .head, .tail].map { unsafeBitCast($0, to: UInt8.self) } == [0, 1, 2])
    func reference(_ gc: GCHeap, _ blocks: Int) -> Int? {
        for a in gc.lastFreeArea..<gc.areas.count {
            var run = 0
            for b in (gc.areas[a].lastFreeATBIndex * GCArea.blocksPerATB)..<gc.areas[a].blockCount {
                run = gc.areas[a].kinds[b] == .free ? run + 1 : 0
                if run >= blocks { return gc.areas[a].address(ofBlock: b - run + 1) }
            }
        }
        return nil
    }
    var rng = SeededGenerator(seed: 0x6C_F17)
    var system = FakeSystemHeap(largest: 1 << 16)
    var gc = GCHeap(initialArea: 0x3FFC_0004, size: 16384, growth: .v1_22)
    var live: [Int] = []
    for _ in 0..<20_000 {
        if live.count > 40 || (Int.random(in: 0..<3, using: &rng) == 0 && !live.isEmpty) {
            let p = live.remove(at: Int.random(in: 0..<live.count, using: &rng))
            if Bool.random(using: &rng) { gc.free(p) } else { gc.release(p) }
            continue
        }
        let bytes = [16, 16, 32, 48, 100, 200, 700][Int.random(in: 0..<7, using: &rng)]
        let expected = reference(gc, (bytes + 15) / 16)
        let got = try gc.alloc(bytes, platform: &system).get()
        if let expected { #expect(got == expected) }
        live.append(got)
    }
}

// MARK: - CircuitPython's growth rules per release (py/gc.c at the tags; docs/levers.md)

@Test func circuitPythonGrowthRulePerRelease() {
    func policy(_ major: Int, _ minor: Int) -> HeapPolicy {
        Firmware(port: .circuitpython, major: major, minor: minor).heapPolicy(chip: "ESP32-S2", spiram: false)
    }
    // 9.0.0/9.1.x gc_try_add_heap sums pool_end − atb_start + gap + struct (MicroPython 1.21); 9.2.0 counts blocks (1.22);
    // 10.x has compute_heap_size and the selective-collect table (c340596580).
    #expect(policy(9, 0).growth == .v1_21 && policy(9, 1).growth == .v1_21)
    #expect(policy(9, 2).growth == .v1_22 && policy(9, 2).layout == .finaliser)
    #expect(policy(10, 0).growth == .circuitPython10 && policy(10, 2).layout == .finaliserAndCollect)
    #expect(policy(8, 2).growth == .none)
    #expect(policy(10, 1).initial == .fixed(8192))
}

@Test func circuitPython10ComputeHeapSize() {
    // compute_heap_size(7): 8 blocks → 36 + 2 + 1 + 1 + 1 + 128 + 16 = 185 → 192.
    #expect(GCHeap.circuitPython10HeapSize(blocks: 7) == 192)
    // 496 blocks (an 8 KiB start area with the CTB): 36 + 124 + 1 + 62 + 62 + 7936 + 16 = 8237 → 8240.
    #expect(GCHeap.circuitPython10HeapSize(blocks: 496) == 8240)
}

@Test func circuitPython10AreasCarryTheCollectTableAndGrowByComputeHeapSize() {
    // 8 KiB start: A = ⌊8191·8 / 528⌋ = 124 (MicroPython's 524 gives 125), so 496 blocks, 7936 B of pool.
    var system = FakeSystemHeap(largest: 1 << 20)
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 8192, growth: .circuitPython10, layout: .finaliserAndCollect)
    #expect(gc.areas[0].poolBytes == 7936)
    while gc.areas.count < 2 { _ = gc.alloc(4096, platform: &system) }
    // needed = compute_heap_size(256) = 4288; total = compute_heap_size(496) = 8240: the new area is 8240 B.
    #expect(system.allocations == [8240])
    // Its struct is 36 B (gc_collect_table_start added): T = 8240 rounded down at a 4-aligned start − 36 = 8200, A = 124.
    #expect(gc.areas[1].poolBytes == 7936)
    // The same start under CircuitPython 9.0's rule (MicroPython 1.21's): 8192 + 1 + 32 = 8225.
    var old = FakeSystemHeap(largest: 1 << 20)
    var gc90 = GCHeap(initialArea: 0x3FFC_0000, size: 8192, growth: .v1_21)
    while gc90.areas.count < 2 { _ = gc90.alloc(4096, platform: &old) }
    #expect(old.allocations == [8225])
}
