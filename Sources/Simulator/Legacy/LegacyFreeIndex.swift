/// A cache of `LegacyBestFitHeap`'s free list: the real (allocatable) free blocks in address
/// order with their data sizes, in two contiguous arrays. The heap words stay the source of
/// truth; this copy only spares the simulator the C code's pointer chasing (the best-fit scan
/// reads sizes contiguously, "previous free block" is a binary search). `first_block` and
/// `last_block` are not in it. `LegacyBestFitHeap.check()` verifies it against the words.
struct LegacyFreeIndex: Sendable {
    private(set) var addresses: [Int] = []
    private(set) var sizes: [Int] = []

    var count: Int { addresses.count }

    /// Index of the first block at or above `address`.
    @inline(__always) func lowerBound(_ address: Int) -> Int {
        var low = 0, high = addresses.count
        while low < high {
            let mid = (low + high) >> 1
            if addresses[mid] < address { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The closest free block below `address`, or nil if there is none.
    @inline(__always) func below(_ address: Int) -> Int? {
        let i = lowerBound(address)
        return i == 0 ? nil : addresses[i - 1]
    }

    /// Best fit: the position of the smallest block ≥ `size`, the lowest address on a tie.
    @inline(__always) func bestFit(_ size: Int) -> Int? {
        var best = -1, bestSize = Int.max
        sizes.withUnsafeBufferPointer { sizes in
            for i in sizes.indices {
                let s = sizes[i]
                if s >= size && s < bestSize {
                    best = i; bestSize = s
                    if s == size { break }
                }
            }
        }
        return best < 0 ? nil : best
    }

    mutating func insert(_ address: Int, size: Int) {
        let i = lowerBound(address)
        addresses.insert(address, at: i)
        sizes.insert(size, at: i)
    }

    mutating func remove(at i: Int) {
        addresses.remove(at: i)
        sizes.remove(at: i)
    }

    mutating func remove(_ address: Int) {
        let i = lowerBound(address)
        if i < addresses.count && addresses[i] == address { remove(at: i) }
    }

    /// The entry at position `i` becomes the block at `address` (same place in address order).
    mutating func replace(at i: Int, with address: Int, size: Int) {
        addresses[i] = address
        sizes[i] = size
    }

    /// The block at `old` now starts at `new` (never past a neighbour) with data `size`.
    mutating func update(_ old: Int, to new: Int, size: Int) {
        let i = lowerBound(old)
        guard i < addresses.count, addresses[i] == old else { return }
        addresses[i] = new
        sizes[i] = size
    }
}
