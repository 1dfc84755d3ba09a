import Model

/// Runs a firmware's start-up and a workload's timeline against a booted device, event by event,
/// and reports per step and the first failing allocation. Deterministic: the same inputs give
/// the same result.
public struct Replayer: Sendable {
    public internal(set) var system: IDFSystem
    public internal(set) var gc: GCHeap
    public let firmware: Firmware
    public let policy: HeapPolicy

    /// Blocks each component instance holds, by allocation name (IDF or GC addresses).
    /// (`AllocationSite.instanceID` → `holdingID` → blocks.)
    var held: [Int32: [Int32: [(address: Int, gc: Bool)]]] = [:]
    /// Named Python objects, and each step's transient ones.
    var kept: [String: [Int]] = [:]
    var transient: [Int: [Int]] = [:]
    var records: [StepRecord] = []
    var minimumFree = (bytes: Int.max, step: "")
    var minimumLargest = (bytes: Int.max, step: "")
    /// The workload event after which free internal memory was lowest (0: before any).
    var minimumFreeEvent = 0
    var eventCount = 0
    /// The workload event after which to take `snapshot` (-1: none; checked once per event).
    var snapshotEvent = -1
    var snapshot: HeapSnapshot?
    /// Indices of the DEFAULT|INTERNAL heaps, for `internalFree()`; refreshed when the list changes.
    var internalHeaps: [Int] = []
    var internalHeapsCount = -1
    var largestIDFRequest = 0
    public internal(set) var capacity = ReplayResult.Capacity(internalFree: 0, largestBlock: 0, secondLargestBlock: 0)

    static let internalDefault: MemoryCaps = [.default, .internal]

    /// Start-up: `startup` (IDF system tasks and the firmware's own allocations before the Python
    /// heap, e.g. the MicroPython task's stack) runs first, then the Python heap is created as the
    /// firmware's policy says (`initialHeap` overrides its initial size).
    public init(system: IDFSystem, firmware: Firmware, chip: String, spiram: Bool,
                startup: Timeline?, initialHeap: Int? = nil) throws(Diagnostic) {
        var system = system
        let policy = firmware.heapPolicy(chip: chip, spiram: spiram)
        self.policy = policy
        self.firmware = firmware
        // A placeholder until the real heap exists; replaced below.
        self.gc = GCHeap(initialArea: 0, size: 0, growth: .none)
        self.system = system
        if let startup {
            if let failure = run(startup, phase: "start-up") {
                throw Diagnostic("The firmware does not start: \(failure.allocation) (\(failure.size) B, \(failure.caps)) "
                                 + "fails during start-up with the largest suitable block at "
                                 + "\(failure.largestAvailable.map(\.largestFreeBlock).max() ?? 0) B",
                                 fix: "Check the board's static DRAM size; this board and IDF release leave too little RAM",
                                 kind: .doesNotStart)
            }
        }
        system = self.system
        let largest = system.caps.heaps.filter { $0.matches(.default) }.compactMap { $0.heap?.largestFreeBlock }
            .sorted(by: >)
        capacity = ReplayResult.Capacity(internalFree: system.caps.freeSize(caps: Self.internalDefault),
                                         largestBlock: largest.first ?? 0, secondLargestBlock: largest.dropFirst().first ?? 0)
        let size: Int
        switch (initialHeap, policy.initial) {
        case (let n?, _): size = n
        case (nil, .fixed(let n)), (nil, .staticArray(let n)): size = n
        case (nil, .largestBlock): size = system.caps.largestFreeBlock(caps: .bits8)
        case (nil, .halfOfTotal):
            size = min(system.caps.largestFreeBlock(caps: .bits8), system.caps.totalSize(caps: .bits8) / 2)
        }
        if case .staticArray = policy.initial {
            // ESP8266: a .bss array (ports/esp8266/main.c), not from any system heap; --initial-heap is
            // then the array's size in a rebuilt firmware.
            self.gc = GCHeap(initialArea: Firmware.esp8266GCArrayStart, size: size, growth: policy.growth)
            self.system = system
            resetBookkeeping()
            return
        }
        guard size > 0 else {
            throw Diagnostic("An initial Python heap of 0 B holds no GC area (\(firmware) allocates its first area at start-up)",
                             expected: "a positive initial heap size", fix: "Pass a positive --initial-heap, e.g. 56K")
        }
        guard let start = system.allocateArea(size) else {
            throw Diagnostic("The initial Python heap of \(size) B (\(firmware)) cannot be allocated: the largest free "
                             + "DEFAULT block is \(system.caps.largestFreeBlock(caps: .default)) B",
                             expected: "an initial heap that fits after start-up",
                             fix: "Pass a smaller --initial-heap; MicroPython ≥ 1.23 restarts with 'mp_task_heap allocation failed!' here",
                             kind: .doesNotStart)
        }
        system.owners[start] = IDFSystem.Holding(owner: "Python GC heap (initial area)", bytes: size)
        if let i = system.caps.heapIndex(containing: start) {
            capacity.gcAreasInternal = system.caps.heaps[i].matches(.internal)
        }
        self.system = system
        self.gc = GCHeap(initialArea: start, size: size, growth: policy.growth, layout: policy.layout)
        resetBookkeeping()
    }

    /// Start-up bookkeeping is not part of the workload's story.
    private mutating func resetBookkeeping() {
        records = []
        minimumFree = (Int.max, "")
        minimumLargest = (Int.max, "")
        minimumFreeEvent = 0
        eventCount = 0
        largestIDFRequest = 0
    }

    /// Replays `timeline`; the result carries every top-level step reached and the first failure.
    public mutating func replay(_ timeline: Timeline) -> ReplayResult {
        let gcAtStart = gcSample()
        if snapshotEvent == 0 { snapshot = takeSnapshot(step: nil) }
        let failure = run(timeline, phase: nil)
        var minimumFree = self.minimumFree
        var minimumLargest = self.minimumLargest
        if minimumFree.bytes == .max { minimumFree = (system.caps.freeSize(caps: Self.internalDefault), "start") }
        if minimumLargest.bytes == .max {
            minimumLargest = (system.caps.largestFreeBlock(caps: Self.internalDefault), "start")
        }
        return ReplayResult(firstFailure: failure, steps: records, minimumInternalFree: minimumFree.bytes,
                            minimumInternalFreeStep: minimumFree.step, minimumInternalLargest: minimumLargest.bytes,
                            minimumInternalLargestStep: minimumLargest.step,
                            idfMinimumFree: system.caps.minimumFreeSize(caps: .default),
                            gcAtStart: gcAtStart, gcAtEnd: gcSample(), events: eventCount, atHeapCreation: capacity,
                            largestIDFRequest: largestIDFRequest, gcPeakUsed: gc.peakUsedBytes, gcPeakTotal: gc.peakTotalBytes,
                            minimumInternalFreeEvent: minimumFreeEvent)
    }

    /// Replays `timeline` and takes a snapshot of every heap right after workload event `event`
    /// (1-based, as `ReplayResult.events` and `minimumInternalFreeEvent` count; 0 is before the
    /// first). A replay is deterministic, so a first replay can find the moment and a second one
    /// draw it. The snapshot is nil when the replay stopped (failed) before that event.
    public mutating func replay(_ timeline: Timeline, snapshotAt event: Int) -> (ReplayResult, HeapSnapshot?) {
        snapshotEvent = event
        defer { snapshotEvent = -1 }
        snapshot = nil
        let result = replay(timeline)
        return (result, snapshot)
    }

    func takeSnapshot(step: Int?) -> HeapSnapshot {
        HeapSnapshot(event: eventCount, step: step, heaps: system.snapshotRegions(), gcAreas: gc.snapshotAreas())
    }

    func gcSample() -> GCSample {
        GCSample(total: gc.totalBytes, used: gc.usedBytes, areas: gc.areas.count, largestFreeRun: gc.largestFreeRun)
    }

    /// Runs every event; the first failure, or nil.
    mutating func run(_ timeline: Timeline, phase: String?) -> FirstFailure? {
        // Held blocks are keyed by the timeline's own site numbers, and a timeline can only free what its
        // own instances hold (TimelineCompiler refuses the rest): the start-up's blocks stay allocated in
        // the heaps but leave this table, so the workload's numbers cannot meet them.
        held = [:]
        for event in timeline.events {
            eventCount += 1
            let areas = gc.areasAdded + gc.areasFreed
            let failure = apply(event, timeline: timeline, phase: phase)
            if eventCount == snapshotEvent && phase == nil { snapshot = takeSnapshot(step: event.step) }
            if let failure { return failure }
            // Only IDF allocations and frees, and the GC adding or giving back an area, move IDF memory.
            switch event.kind {
            case .stepEnd, .release: continue
            case .python, .collect, .gcAllocDuringCollection: if gc.areasAdded + gc.areasFreed == areas { continue }
            case .alloc(_, _, let target): if case .gc = target, gc.areasAdded + gc.areasFreed == areas { continue }
            case .free, .freeInstance: break
            }
            // The low-water mark of free internal memory, event by event: a handshake's peak comes
            // and goes inside one step, and the headroom must see it.
            let free = internalFree()
            if free < minimumFree.bytes {
                let info = timeline.steps[event.step]
                minimumFree = (free, phase.map { "\($0): \(info.label)" } ?? info.label)
                minimumFreeEvent = eventCount
            }
        }
        return nil
    }

    /// `heap_caps_get_free_size(MALLOC_CAP_DEFAULT | MALLOC_CAP_INTERNAL)`, cheap enough for every
    /// event: the matching heaps are looked up once per list change, not per call.
    mutating func internalFree() -> Int {
        if internalHeapsCount != system.caps.heaps.count {
            internalHeaps = system.caps.heaps.indices.filter { system.caps.heaps[$0].matches(Self.internalDefault) }
            internalHeapsCount = system.caps.heaps.count
        }
        var total = 0
        for i in internalHeaps { total += system.caps.heaps[i].heap?.freeBytes ?? 0 }
        return total
    }

    mutating func apply(_ event: TimelineEvent, timeline: Timeline, phase: String?) -> FirstFailure? {
        let info = timeline.steps[event.step]
        let label = phase.map { "\($0): \(info.label)" } ?? info.label
        switch event.kind {
        case .alloc(let id, let size, let target):
            let instance = timeline.sites[Int(id)].instanceID, holding = timeline.sites[Int(id)].holdingID
            if case .gc = target {
                switch gc.alloc(size, platform: &system) {
                case .success(let p): held[instance, default: [:]][holding, default: []].append((p, true))
                case .failure(let f):
                    return pythonFailure(f, size: size, allocation: timeline.sites[Int(id)].owner, step: event.step, label: label,
                                         line: info.line)
                }
            } else {
                largestIDFRequest = max(largestIDFRequest, size)
                let owner = timeline.sites[Int(id)].owner
                guard let p = system.allocate(size, target: target, owner: owner) else {
                    return idfFailure(size: size, target: target, allocation: owner, step: event.step, label: label, line: info.line)
                }
                held[instance, default: [:]][holding, default: []].append((p, false))
            }
        case .free(let id):
            let instance = timeline.sites[Int(id)].instanceID, holding = timeline.sites[Int(id)].holdingID
            for block in (held[instance]?[holding] ?? []).reversed() { release(block) }
            held[instance]?[holding] = nil
        case .freeInstance(let id):
            let instance = timeline.sites[Int(id)].instanceID
            // Newest first, across every name the instance holds.
            let blocks = (held[instance] ?? [:]).values.flatMap { $0 }.sorted { $0.address > $1.address }
            for block in blocks { release(block) }
            held[instance] = nil
        case .python(let bytes, let keep):
            switch gc.alloc(bytes, platform: &system) {
            case .success(let p):
                if let keep { kept[keep, default: []].append(p) } else { transient[event.step, default: []].append(p) }
            case .failure(let f):
                return pythonFailure(f, size: bytes, allocation: "python", step: event.step, label: label, line: info.line)
            }
        case .release(let name):
            for p in kept[name] ?? [] { gc.release(p) }
            kept[name] = nil
        case .collect:
            gc.collect(platform: &system)
        case .gcAllocDuringCollection(let bytes):
            gc.lock()
            let result = gc.alloc(bytes, platform: &system)
            gc.unlock()
            switch result {
            case .success(let p): gc.free(p)
            case .failure(let f):
                return pythonFailure(f, size: bytes, allocation: "C code in another task (m_malloc)", step: event.step,
                                     label: label, line: info.line)
            }
        case .stepEnd(let end):
            let index = Int(end)
            for p in transient.removeValue(forKey: index) ?? [] { gc.release(p) }
            sample(step: index, info: info, label: label)
        }
        return nil
    }

    mutating func release(_ block: (address: Int, gc: Bool)) {
        if block.gc { gc.free(block.address) } else { system.free(block.address) }
    }

    mutating func sample(step: Int, info: StepInfo, label: String) {
        let free = internalFree()
        let largest = system.caps.largestFreeBlock(caps: Self.internalDefault)
        if free < minimumFree.bytes {
            minimumFree = (free, label)
            minimumFreeEvent = eventCount
        }
        if largest < minimumLargest.bytes { minimumLargest = (largest, label) }
        guard info.topLevel == step else { return }
        let heaps = system.caps.heaps.compactMap { h -> HeapSample? in
            guard let heap = h.heap else { return nil }
            return HeapSample(start: h.start, type: h.typeName, free: heap.freeBytes,
                              largestFreeBlock: heap.largestFreeBlock, minimumFree: heap.minimumFreeBytes)
        }
        records.append(StepRecord(step: step, label: label, line: info.line, heaps: heaps, gc: gcSample(),
                                  idfInternalFree: free, idfInternalLargest: largest,
                                  idfInternalLowWater: system.caps.minimumFreeSize(caps: Self.internalDefault)))
    }

    func idfFailure(size: Int, target: AllocationTarget, allocation: String, step: Int, label: String, line: Int) -> FirstFailure {
        let wanted: MemoryCaps
        switch target {
        case .malloc: wanted = system.caps.extmemLimit == nil ? Self.internalDefault : .default
        case .caps(let c): wanted = c
        case .gc: wanted = []
        }
        var candidates: [FirstFailure.CandidateHeap] = []
        var holders: [IDFSystem.Holding] = []
        for (i, h) in system.caps.heaps.enumerated() where h.matches(wanted) {
            guard let heap = h.heap else { continue }
            candidates.append(.init(start: h.start, type: h.typeName, largestFreeBlock: heap.largestFreeBlock, free: heap.freeBytes))
            holders.append(contentsOf: system.holders(inHeap: i))
        }
        var merged: [String: Int] = [:]
        for h in holders { merged[h.owner, default: 0] += h.bytes }
        let top = merged.map { IDFSystem.Holding(owner: $0.key, bytes: $0.value) }
            .sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.owner < $1.owner }
        return FirstFailure(step: step, label: label, line: line, heap: .idf, cause: .idfReturnedNull, allocation: allocation, size: size,
                            caps: target.description, reason: "ESP-IDF returned NULL for \(size) B (\(target))",
                            largestAvailable: candidates, holders: Array(top.prefix(8)))
    }

    func pythonFailure(_ f: GCHeap.Failure, size: Int, allocation: String, step: Int, label: String, line: Int) -> FirstFailure {
        let cause: FirstFailure.Cause = f == .locked ? .gcLocked : .gcOutOfMemory
        let reason = f == .locked ? "MemoryError: memory allocation failed, heap is locked"
            : "MemoryError: memory allocation failed, allocating \(size) bytes"
        let largest = gc.areas.map {
            FirstFailure.CandidateHeap(start: $0.poolStart, type: "GC area", largestFreeBlock: $0.largestFreeRun, free: $0.freeBytes)
        }
        let growth = IDFSystem.Holding(owner: "largest IDF block for a new GC area (gc_get_max_new_split)",
                                       bytes: system.maxNewSplit())
        return FirstFailure(step: step, label: label, line: line, heap: .python, cause: cause, allocation: allocation, size: size,
                            caps: "gc", reason: reason, largestAvailable: largest, holders: [growth])
    }
}
