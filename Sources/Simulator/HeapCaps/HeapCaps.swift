import Model

/// One `heap_t` of `registered_heaps`: three priority cap words, the address range, and the
/// `multi_heap` instance (nil until registered, e.g. a start-up-stack heap before the scheduler runs).
public struct RegisteredHeap: Sendable {
    public var caps: [MemoryCaps]
    public var start: Int
    public var end: Int
    /// The memory type's name as `heap_init` prints it, or "runtime" for `heap_caps_add_region_with_caps`.
    public var typeName: String
    public var heap: (any HeapAllocator)?

    /// `get_all_caps`: the union of the three words, or nothing for an unregistered heap.
    public var allCaps: MemoryCaps {
        guard heap != nil else { return [] }
        return caps.reduce(into: MemoryCaps()) { $0.formUnion($1) }
    }

    /// `heap_caps_match`.
    public func matches(_ wanted: MemoryCaps) -> Bool { heap != nil && allCaps.isSuperset(of: wanted) }
}

/// What `esp32.idf_heap_info(caps)` returns per heap (`ports/esp32/modesp32.c`; docs/domain/micropython-heap.md §4).
public struct IDFHeapInfo: Hashable, Sendable, Codable {
    public var total: Int
    public var free: Int
    public var largestFreeBlock: Int
    public var minimumFree: Int
}

/// The `heap_caps` layer (esp-idf v5.4.2 `heap_caps_init.c`, `heap_caps.c`, `heap_caps_base.c`; domain §3).
/// Task tracking (`CONFIG_HEAP_TASK_TRACKING`) is off, as in the stock builds: no block-owner bytes.
public struct HeapCaps: Sendable {
    /// Builds the `multi_heap` of a region; nil when `multi_heap_register` rejects it.
    public typealias HeapMaker = @Sendable (_ start: Int, _ size: Int) -> (any HeapAllocator)?

    /// `sizeof(heap_t)` on a 32-bit target: caps[3] 12 + start 4 + end 4 + spinlock 8 + heap 4 + next 4.
    public static let heapDescriptorSize = 36

    /// `registered_heaps`, head first.
    public internal(set) var heaps: [RegisteredHeap]
    /// The permanent `heap_t` array `heap_caps_init` allocates (address), for accounting.
    public internal(set) var heapArray: Int
    /// `malloc_alwaysinternal_limit`; nil = `MALLOC_DISABLE_EXTERNAL_ALLOCS` (no PSRAM malloc).
    public internal(set) var extmemLimit: Int?
    /// `HEAP_SIZE_MAX`.
    public let heapSizeMax: Int
    let chip: ChipLayout
    let makeHeap: HeapMaker
    /// IRAM alias handed out by an EXEC allocation from D/IRAM → the DRAM block it lives in
    /// (`dram_alloc_to_iram_addr` stores it in the word before the alias).
    var iramAliases: [Int: Int] = [:]

    /// `heap_caps_init`: registers every piece (start-up-stack ones stay unregistered), then moves the
    /// `heap_t` array into the first `8BIT|INTERNAL` heap that can hold it.
    public init(chip: ChipLayout, pieces: [BootPiece], makeHeap: @escaping HeapMaker) throws(Diagnostic) {
        self.chip = chip
        self.makeHeap = makeHeap
        self.heapSizeMax = chip.heapSizeMax
        heaps = pieces.map { p in
            RegisteredHeap(caps: chip.types[p.type].caps, start: p.start, end: p.end, typeName: p.typeName,
                           heap: p.startupStack ? nil : makeHeap(p.start, p.size))
        }
        let bytes = Self.heapDescriptorSize * heaps.count
        var placed: Int?
        for i in heaps.indices where heaps[i].matches([.bits8, .internal]) {
            if let p = heaps[i].heap?.malloc(bytes) { placed = p; break }
        }
        guard let placed else {
            // heap_caps_init: assert(heaps_array != NULL) — "not enough free startup heap space".
            throw Diagnostic("No 8BIT|INTERNAL heap on \(chip.name) can hold the \(bytes) B heap_t array at boot",
                             expected: "at least one DRAM heap with \(bytes) B free after static data",
                             fix: "Reduce the static DRAM size; the real firmware would assert in heap_caps_init")
        }
        heapArray = placed
    }

    /// `heap_caps_enable_nonos_stack_heaps`: registers every heap still without a `multi_heap`, in list order.
    public mutating func enableNonOSStackHeaps() {
        for i in heaps.indices where heaps[i].heap == nil {
            heaps[i].heap = makeHeap(heaps[i].start, heaps[i].end - heaps[i].start)
        }
    }

    /// `heap_caps_malloc_extmem_enable(limit)` (`SPIRAM_USE_MALLOC`, `SPIRAM_MALLOC_ALWAYSINTERNAL`).
    public mutating func enableExtmem(limit: Int) { extmemLimit = limit }

    /// Why `heap_caps_add_region_with_caps` refused a region.
    public enum AddRegionError: Error, Equatable, Sendable {
        /// `ESP_ERR_INVALID_ARG`: start or end 0, or end ≤ start.
        case invalidArgument
        /// `ESP_ERR_NOT_FOUND` (`heap_caps_add_region`): the start is in no region of the chip.
        case notFound
        /// `ESP_FAIL`: overlaps the start or end of a registered heap, or equals one.
        case overlap
        /// `ESP_ERR_NO_MEM`: no internal memory for its `heap_t`.
        case noMemory
        /// `ESP_ERR_INVALID_SIZE`: `multi_heap_register` rejected it (too small).
        case invalidSize
    }

    /// `heap_caps_add_region_with_caps`: a new heap at the **head** of the list.
    public mutating func addRegion(caps: [MemoryCaps], start: Int, end: Int) throws(AddRegionError) {
        guard caps.count == 3, start != 0, end != 0, end > start else { throw .invalidArgument }
        // heap_caps_check_add_region_allowed (v5.4.2): inside an existing heap is allowed, equal is not.
        for h in heaps {
            let straddlesStart = start < h.start && end > h.start
            let straddlesEnd = start < h.end && end > h.end
            let equal = start == h.start && end == h.end
            if straddlesStart || straddlesEnd || equal { throw .overlap }
        }
        guard let descriptor = malloc(Self.heapDescriptorSize, caps: [.internal, .bits8]) else { throw .noMemory }
        guard let heap = makeHeap(start, end - start) else {
            free(descriptor)
            throw .invalidSize
        }
        heaps.insert(RegisteredHeap(caps: caps, start: start, end: end, typeName: "runtime", heap: heap), at: 0)
    }

    /// `heap_caps_add_region`: the caps of the chip region holding `start`.
    public mutating func addRegion(start: Int, end: Int) throws(AddRegionError) {
        guard start != 0 else { throw .invalidArgument }
        guard let region = chip.regions.first(where: { $0.start <= start && start < $0.end }) else { throw .notFound }
        try addRegion(caps: chip.types[region.type].caps, start: start, end: end)
    }

    /// `esp_psram_extram_reserve_dma_pool` (`CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL`): takes internal DMA
    /// memory in chunks and re-registers each as a heap with caps {0, DMA|INTERNAL, 8BIT|32BIT} and
    /// `end = start + n − 1`. It has no DEFAULT, so malloc() never uses it.
    public mutating func reserveInternalPool(_ size: Int) -> Bool {
        var rest = size
        while rest > 0 {
            let next = min(largestFreeBlock(caps: [.dma, .internal]), rest)
            guard next > 0, let chunk = malloc(next, caps: [.dma, .internal]) else { return false }
            do {
                try addRegion(caps: [[], [.dma, .internal], [.bits8, .bits32]], start: chunk, end: chunk + next - 1)
            } catch {
                return false
            }
            rest -= next
        }
        return true
    }

    /// The heap whose `[start, end)` holds `address` (`find_containing_heap`), as a list index.
    public func heapIndex(containing address: Int) -> Int? {
        heaps.firstIndex { $0.heap != nil && address >= $0.start && address < $0.end }
    }

    /// `heap_caps_check_integrity_all`: the first broken invariant of any registered heap.
    public func check() -> InvariantViolation? {
        for h in heaps {
            if let v = h.heap?.check() { return v }
        }
        return nil
    }
}
