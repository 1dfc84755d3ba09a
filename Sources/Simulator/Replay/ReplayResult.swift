/// What one heap looked like at the end of a step.
public struct HeapSample: Hashable, Sendable, Codable {
    public var start: Int
    public var type: String
    public var free: Int
    public var largestFreeBlock: Int
    public var minimumFree: Int
}

/// The Python heap at the end of a step (`micropython.mem_info()` figures).
public struct GCSample: Hashable, Sendable, Codable {
    public var total: Int
    public var used: Int
    public var areas: Int
    public var largestFreeRun: Int
}

/// The state after a top-level step of the workload.
public struct StepRecord: Hashable, Sendable, Codable {
    public var step: Int
    public var label: String
    public var line: Int
    public var heaps: [HeapSample]
    public var gc: GCSample
    /// `heap_caps_get_free_size(MALLOC_CAP_DEFAULT | MALLOC_CAP_INTERNAL)`.
    public var idfInternalFree: Int
    /// `heap_caps_get_largest_free_block(MALLOC_CAP_DEFAULT | MALLOC_CAP_INTERNAL)`.
    public var idfInternalLargest: Int
    /// `heap_caps_get_minimum_free_size(MALLOC_CAP_DEFAULT | MALLOC_CAP_INTERNAL)`: Σ per-heap low-water marks.
    public var idfInternalLowWater: Int
}

/// The first allocation that failed, with what the heaps looked like at that moment.
public struct FirstFailure: Hashable, Sendable, Codable {
    public enum Heap: String, Hashable, Sendable, Codable { case idf, python }

    /// Why the allocation failed: what decisions read (never `reason`, which is for people).
    public enum Cause: String, Hashable, Sendable, Codable {
        /// ESP-IDF returned NULL: no heap with the caps asked for had a large enough block.
        case idfReturnedNull
        /// MicroPython's GC found no run of free blocks large enough (and could not grow): `MemoryError`.
        case gcOutOfMemory
        /// The GC heap was locked (allocation inside a hard interrupt or a finaliser): `MemoryError`.
        case gcLocked
    }

    public var step: Int
    public var label: String
    public var line: Int
    /// Which heap refused: ESP-IDF (`malloc` → NULL) or Python (`MemoryError`).
    public var heap: Heap
    /// Why it refused.
    public var cause: Cause
    /// `wifi-sta/static_rx_buf`, or `python` for a program's object.
    public var allocation: String
    public var size: Int
    /// `malloc`, the caps asked for (`INTERNAL|8BIT`), or `gc`.
    public var caps: String
    /// What the firmware would report (`memory allocation failed, allocating 16717 bytes`,
    /// `memory allocation failed, heap is locked`, `MBEDTLS_ERR_SSL_ALLOC_FAILED`-style NULL).
    public var reason: String
    /// For each heap the request could have used: its largest free block at that moment.
    public var largestAvailable: [CandidateHeap]
    /// What held the memory of those heaps, largest first (top entries).
    public var holders: [IDFSystem.Holding]

    public struct CandidateHeap: Hashable, Sendable, Codable {
        public var start: Int
        public var type: String
        public var largestFreeBlock: Int
        public var free: Int
    }
}

/// The outcome of a replay.
public struct ReplayResult: Hashable, Sendable, Codable {
    public var fits: Bool { firstFailure == nil }
    public var firstFailure: FirstFailure?
    /// One record per top-level step reached.
    public var steps: [StepRecord]
    /// The lowest free internal IDF memory seen after any event (the true low-water mark of the
    /// sum, not the sum of per-heap marks), and the step it happened in.
    public var minimumInternalFree: Int
    public var minimumInternalFreeStep: String
    /// The smallest largest-free-internal-block seen at any step end (what the next big
    /// IDF allocation could get), and the step.
    public var minimumInternalLargest: Int
    public var minimumInternalLargestStep: String
    /// `esp_get_minimum_free_heap_size()` at the end (Σ per-heap low-water marks of DEFAULT heaps).
    public var idfMinimumFree: Int
    /// The Python heap after start-up (before the workload) and at the end.
    public var gcAtStart: GCSample
    public var gcAtEnd: GCSample
    public var events: Int
    /// What the firmware had when it created the Python heap (after start-up): free internal
    /// memory, and the two largest free blocks in different heaps.
    public var atHeapCreation: Capacity
    /// The largest single IDF allocation the workload asked for.
    public var largestIDFRequest: Int
    /// The most Python heap in use at any moment, and the largest the Python heap grew to.
    public var gcPeakUsed: Int
    public var gcPeakTotal: Int
    /// The workload event (1-based) after which `minimumInternalFree` was first reached; 0 when it
    /// is the state before the first event. `Replayer.replay(_:snapshotAt:)` takes this index.
    public var minimumInternalFreeEvent: Int = 0

    public struct Capacity: Hashable, Sendable, Codable {
        public var internalFree: Int
        public var largestBlock: Int
        public var secondLargestBlock: Int
        /// Whether the Python heap's areas come out of internal RAM (false where malloc routes them
        /// to PSRAM: sizes above SPIRAM_MALLOC_ALWAYSINTERNAL).
        public var gcAreasInternal: Bool = true
    }
}
