/// MicroPython's garbage-collected heap, block for block (py/gc.c @ v1.24.0; docs/domain/micropython-heap.md §1).
///
/// Objects are not simulated field by field: a program *releases* an object when it drops its
/// last reference, and the object's blocks stay allocated until a collection sweeps them — as on
/// the device, where unreachable objects linger until `gc_collect()`.
public struct GCHeap: Sendable {
    /// Areas in list order: the initial one first, added ones appended.
    public internal(set) var areas: [GCArea]
    public let growth: GCGrowthPolicy
    /// The tables each area carries (CircuitPython 10 adds the selective-collect table).
    public let layout: GCAreaLayout
    /// `gc_last_free_area`, as an index into `areas`.
    var lastFreeArea = 0
    /// `gc_lock_depth`.
    public internal(set) var lockDepth = 0
    /// `gc_auto_collect_enabled` (`gc.disable()` clears it).
    public var autoCollectEnabled = true
    /// Collections run so far, and areas added / freed, for reports.
    public internal(set) var collections = 0
    public internal(set) var areasAdded = 0
    public internal(set) var areasFreed = 0

    /// `gc_init` over the port's initial allocation.
    public init(initialArea start: Int, size: Int, growth: GCGrowthPolicy, layout: GCAreaLayout = .finaliser) {
        areas = [GCArea.initial(start: start, size: size, layout: layout)]
        self.growth = growth
        self.layout = layout
        peakTotalBytes = areas[0].poolBytes
    }

    /// Why an allocation failed, in MicroPython's words.
    public enum Failure: Error, Equatable, Sendable {
        /// `MemoryError: memory allocation failed, heap is locked`.
        case locked
        /// `MemoryError: memory allocation failed, allocating N bytes`.
        case noMemory
    }

    // MARK: - Totals (gc_info)

    /// `GC: total`: Σ pool bytes.
    public var totalBytes: Int { areas.reduce(0) { $0 + $1.poolBytes } }
    /// `GC: used`: allocated blocks × 16.
    public var usedBytes: Int { usedBlockTotal * GCArea.bytesPerBlock }
    /// Blocks in use over all areas, kept as blocks change state.
    var usedBlockTotal = 0
    /// The most bytes in use at any moment so far.
    public internal(set) var peakUsedBytes = 0
    /// The largest `totalBytes` reached so far (areas are added and freed).
    public internal(set) var peakTotalBytes = 0
    public var freeBytes: Int { totalBytes - usedBytes }
    /// `max free sz` in bytes: the longest run of free blocks in any area.
    public var largestFreeRun: Int { areas.map(\.largestFreeRun).max() ?? 0 }

    // MARK: - Allocation

    /// `gc_alloc(n)`: first fit from the last free area, then a collection, then (split heap
    /// auto) one new area, then failure. Returns the object's address.
    public mutating func alloc<P: GCPlatform>(_ bytes: Int, platform: inout P) -> Result<Int, Failure> {
        let blocks = (bytes + GCArea.bytesPerBlock - 1) / GCArea.bytesPerBlock
        guard blocks > 0 else { return .failure(.noMemory) }  // gc_alloc(0) is NULL
        guard lockDepth == 0 else { return .failure(.locked) }
        var collected = !autoCollectEnabled
        var added = false
        while true {
            if let address = firstFit(blocks) { return .success(address) }
            if collected {
                if !added && growth != .none && tryAddArea(failedAlloc: bytes, platform: &platform) {
                    added = true
                    continue
                }
                return .failure(.noMemory)
            }
            collect(platform: &platform)
            collected = true
        }
    }

    /// The search loop of `gc_alloc`: areas from `gc_last_free_area` on, each from its
    /// `gc_last_free_atb_index`, the first run of `blocks` free blocks.
    mutating func firstFit(_ blocks: Int) -> Int? {
        var index = lastFreeArea
        while index < areas.count {
            var run = 0
            var block = areas[index].lastFreeATBIndex * GCArea.blocksPerATB
            let count = areas[index].blockCount
            let found: Int? = areas[index].kinds.withUnsafeBufferPointer { kinds in
                let raw = UnsafeRawPointer(kinds.baseAddress)
                while block < count {
                    if kinds[block] == .free {
                        run += 1
                        if run >= blocks { return block }
                    } else {
                        run = 0
                        // Between runs, skip 8 used blocks at a time (a word with no FREE byte):
                        // the same first fit, found without visiting each used block.
                        if let raw {
                            while block + 9 <= count && !Self.hasFreeByte(raw.loadUnaligned(fromByteOffset: block + 1, as: UInt64.self)) {
                                block += 8
                            }
                        }
                    }
                    block += 1
                }
                return nil
            }
            if let end = found {
                return claim(area: index, from: end - run + 1, through: end, singleBlock: run == 1)
            }
            // A full area is marked so 1-block searches skip it: (i + 1) / BLOCKS_PER_ATB with i the
            // ATB length — the C code mixes ATB bytes and blocks here; reproduced as it is.
            if blocks == 1 { areas[index].lastFreeATBIndex = (areas[index].atbLength + 1) / GCArea.blocksPerATB }
            index += 1
        }
        return nil
    }

    /// Whether one of the 8 block kinds packed in `word` is FREE (a zero byte): `Kind` is one
    /// byte whose stored value is its raw value (free = 0), checked by GCHeapTests.
    @inline(__always)
    static func hasFreeByte(_ word: UInt64) -> Bool {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
    }

    mutating func claim(area index: Int, from start: Int, through end: Int, singleBlock: Bool) -> Int {
        if singleBlock {
            lastFreeArea = index
            areas[index].lastFreeATBIndex = (end + 1) / GCArea.blocksPerATB
        }
        areas[index].lastUsedBlock = max(areas[index].lastUsedBlock, end)
        areas[index].usedBlocks += end - start + 1
        usedBlockTotal += end - start + 1
        peakUsedBytes = max(peakUsedBytes, usedBlockTotal * GCArea.bytesPerBlock)
        areas[index].kinds[start] = .head
        areas[index].garbage[start] = false
        for b in stride(from: start + 1, through: end, by: 1) { areas[index].kinds[b] = .tail }
        return areas[index].address(ofBlock: start)
    }

    /// `gc_try_add_heap(failed_alloc)`.
    mutating func tryAddArea<P: GCPlatform>(failedAlloc: Int, platform: inout P) -> Bool {
        let needed = growth == .circuitPython10
            ? Self.circuitPython10HeapSize(blocks: (failedAlloc + GCArea.bytesPerBlock - 1) / GCArea.bytesPerBlock)
            : failedAlloc + max(2048, failedAlloc * 13 / 512)
        let available = platform.maxNewSplit()
        guard available >= needed else { return false }
        let total: Int
        switch growth {
        case .none:
            return false
        case .v1_21:
            total = areas.reduce(0) { $0 + ($1.poolEnd - $1.atbStart) + GCArea.gapByte + GCArea.structSize }
        case .v1_22:
            let blocks = areas.reduce(0) { $0 + $1.blockCount }
            let raw = blocks / GCArea.blocksPerATB + blocks / 8 + blocks * GCArea.bytesPerBlock
                + GCArea.gapByte + GCArea.structSize
            total = (raw + GCArea.bytesPerBlock - 1) & ~(GCArea.bytesPerBlock - 1)
        case .circuitPython10:
            total = Self.circuitPython10HeapSize(blocks: areas.reduce(0) { $0 + $1.blockCount })
        }
        let size = min(available, max(total, needed))
        guard let start = platform.allocateArea(size) else { return false }
        areas.append(GCArea.added(start: start, size: size, layout: layout))
        peakTotalBytes = max(peakTotalBytes, totalBytes)
        areasAdded += 1
        return true
    }

    /// CircuitPython 10's `compute_heap_size(total_blocks)` (py/gc.c @ 10.0.0 L313): blocks rounded up to a whole
    /// ATB byte, then struct (36) + ATB + gap + FTB + CTB + pool + one block for the end's alignment, rounded up to 16.
    static func circuitPython10HeapSize(blocks: Int) -> Int {
        let b = (blocks + GCArea.blocksPerATB - 1) / GCArea.blocksPerATB * GCArea.blocksPerATB
        let raw = GCAreaLayout.finaliserAndCollect.structSize + b / GCArea.blocksPerATB + GCArea.gapByte
            + (b + 7) / 8 + (b + 7) / 8 + b * GCArea.bytesPerBlock + GCArea.bytesPerBlock
        return (raw + GCArea.bytesPerBlock - 1) / GCArea.bytesPerBlock * GCArea.bytesPerBlock
    }

    // MARK: - Release, free, collect

    /// The program dropped its last reference: garbage at the next collection.
    public mutating func release(_ address: Int) {
        guard let (a, b) = locate(address), areas[a].kinds[b] == .head else { return }
        areas[a].garbage[b] = true
    }

    /// `gc_free(ptr)`: explicit free (m_free); a no-op while the heap is locked.
    public mutating func free(_ address: Int) {
        guard lockDepth == 0, let (a, b) = locate(address), areas[a].kinds[b] == .head else { return }
        if lastFreeArea != a { lastFreeArea = 0 }
        if b / GCArea.blocksPerATB < areas[a].lastFreeATBIndex { areas[a].lastFreeATBIndex = b / GCArea.blocksPerATB }
        var block = b
        repeat {
            areas[a].kinds[block] = .free
            areas[a].usedBlocks -= 1
            usedBlockTotal -= 1
            areas[a].garbage[block] = false
            block += 1
        } while block < areas[a].blockCount && areas[a].kinds[block] == .tail
    }

    /// `gc_collect()`: sweeps every released object, frees empty added areas, resets the search.
    public mutating func collect<P: GCPlatform>(platform: inout P) {
        collections += 1
        lockDepth += 1  // gc_collect_start locks the heap for the duration
        var index = 0
        var freeTail = false
        while index < areas.count {
            var area = areas[index]
            let end = min(area.blockCount, area.lastUsedBlock + 1)
            var lastUsed = 0
            for block in 0..<end {
                switch area.kinds[block] {
                case .head:
                    if area.garbage[block] {
                        freeTail = true
                        area.kinds[block] = .free
                        area.usedBlocks -= 1
                        usedBlockTotal -= 1
                        area.garbage[block] = false
                    } else {
                        freeTail = false
                        lastUsed = block
                    }
                case .tail:
                    if freeTail {
                        area.kinds[block] = .free
                        area.usedBlocks -= 1
                        usedBlockTotal -= 1
                    } else {
                        lastUsed = block
                    }
                case .free:
                    break
                }
            }
            area.lastUsedBlock = lastUsed
            // Any empty area but the first is given back (a survivor only at block 0 counts as empty).
            if lastUsed == 0 && index > 0 {
                platform.freeArea(area.systemAllocation)
                usedBlockTotal -= area.usedBlocks  // a survivor at block 0 goes with the area, as in C
                areas.remove(at: index)
                areasFreed += 1
                continue
            }
            areas[index] = area
            index += 1
        }
        lastFreeArea = 0
        for i in areas.indices { areas[i].lastFreeATBIndex = 0 }
        lockDepth -= 1
    }

    /// `gc_lock()` / `gc_unlock()`.
    public mutating func lock() { lockDepth += 1 }
    public mutating func unlock() { lockDepth = max(lockDepth - 1, 0) }

    /// The area and block of an address inside some pool.
    func locate(_ address: Int) -> (Int, Int)? {
        for (i, area) in areas.enumerated() {
            if let b = area.block(at: address) { return (i, b) }
        }
        return nil
    }

    /// Blocks of the object at `address` (head plus tails), 0 if none.
    public func blocks(of address: Int) -> Int {
        guard let (a, b) = locate(address), areas[a].kinds[b] == .head else { return 0 }
        var n = 1
        while b + n < areas[a].blockCount && areas[a].kinds[b + n] == .tail { n += 1 }
        return n
    }
}
