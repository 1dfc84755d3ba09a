/// The ESP8266 NONOS SDK heap (`pvPortMalloc` in the SDK's closed `libmain.a`), modelled as a byte
/// budget: an allocation succeeds while the bytes it asks for (rounded up to the 4-byte word the
/// SDK's pointers are aligned to) fit in what is left, and freeing gives them back.
///
/// No public source describes the SDK allocator's block header or placement policy
/// (docs/domain/micropython-heap.md §5; `heapfit heaps --board ESP8266_GENERIC` says so), so neither
/// overhead nor fragmentation is modelled: `largestFreeBlock` is the free total. Every figure is
/// therefore an upper bound on what the real SDK heap has left — a workload this model rejects on
/// the SDK side fails on the board too; one it accepts may still fail there.
public struct SDKByteBudgetHeap: HeapAllocator {
    public let regionStart: Int
    public let regionSize: Int
    public private(set) var freeBytes: Int
    public private(set) var minimumFreeBytes: Int
    /// Live blocks: synthetic word-aligned addresses inside the region → bytes charged.
    private var live: [Int: Int] = [:]
    /// The next address handed out (a ring over the region's words; skips live ones).
    private var cursor: Int

    /// Word alignment of SDK allocations (Xtensa LX106 loads are 32-bit).
    static let word = 4

    public init(start: Int, size: Int) {
        regionStart = start
        regionSize = max(0, size)
        freeBytes = regionSize
        minimumFreeBytes = regionSize
        cursor = start
    }

    static func charge(_ size: Int) -> Int { (size + word - 1) / word * word }

    public mutating func malloc(_ size: Int) -> Int? {
        guard size > 0, size <= Int(UInt32.max) else { return nil }
        let bytes = Self.charge(size)
        guard bytes <= freeBytes else { return nil }
        // A unique address per live block: live blocks are at most regionSize / 4, so a free word exists.
        var address = cursor
        while live[address] != nil { address = next(address) }
        cursor = next(address)
        live[address] = bytes
        freeBytes -= bytes
        minimumFreeBytes = min(minimumFreeBytes, freeBytes)
        return address
    }

    private func next(_ address: Int) -> Int {
        let n = address + Self.word
        return n >= regionStart + regionSize ? regionStart : n
    }

    public mutating func realloc(_ pointer: Int?, _ size: Int) -> Int? {
        guard let pointer else { return malloc(size) }
        guard size > 0 else {
            free(pointer)
            return nil
        }
        guard let old = live[pointer] else { return nil }
        let bytes = Self.charge(size)
        guard bytes - old <= freeBytes else { return nil }
        live[pointer] = bytes
        freeBytes -= bytes - old
        minimumFreeBytes = min(minimumFreeBytes, freeBytes)
        return pointer
    }

    public mutating func alignedAlloc(_ size: Int, alignment: Int, offset: Int) -> Int? {
        // The SDK has no aligned allocation; the worst case of padding to the alignment is charged.
        malloc(size + max(0, alignment - Self.word))
    }

    public mutating func free(_ pointer: Int?) {
        guard let pointer, let bytes = live.removeValue(forKey: pointer) else { return }
        freeBytes += bytes
    }

    public mutating func alignedFree(_ pointer: Int?) { free(pointer) }

    public func info() -> HeapInfo {
        HeapInfo(totalFreeBytes: freeBytes, totalAllocatedBytes: regionSize - freeBytes, largestFreeBlock: freeBytes,
                 minimumFreeBytes: minimumFreeBytes, allocatedBlocks: live.count, freeBlocks: freeBytes > 0 ? 1 : 0,
                 totalBlocks: live.count + (freeBytes > 0 ? 1 : 0))
    }

    public var largestFreeBlock: Int { freeBytes }

    /// Live blocks in address order: (synthetic) pointer and bytes charged.
    public var liveBlocks: [(pointer: Int, bytes: Int)] { live.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// No placement is modelled, so the walk cannot say where blocks are: it packs the live blocks
    /// from the region's start in the order of their pointers (`liveBlocks`, same order), then the
    /// free bytes as one block. Sizes and counts are the model's; places are not the SDK's.
    public func walk() -> [HeapBlock] {
        var blocks: [HeapBlock] = []
        var at = regionStart
        for (_, bytes) in liveBlocks {
            blocks.append(HeapBlock(address: at, size: bytes, used: true, header: 0))
            at += bytes
        }
        if freeBytes > 0 { blocks.append(HeapBlock(address: at, size: freeBytes, used: false, header: 0)) }
        return blocks
    }

    public func allocatedSize(_ pointer: Int) -> Int { live[pointer] ?? 0 }

    public func check() -> InvariantViolation? {
        let charged = live.values.reduce(0, +)
        guard charged + freeBytes == regionSize else {
            return InvariantViolation(address: regionStart, "budget: \(charged) B charged + \(freeBytes) B free ≠ \(regionSize) B")
        }
        return nil
    }
}
