@testable import Simulator

/// Every allocator flavour heapfit simulates, named, with a way to build one over
/// a region. Property and exhaustive tests run over all of them through this list.
struct AllocatorUnderTest: CustomStringConvertible, Sendable {
    let name: String
    let variant: AllocatorVariant
    let poisoning: PoisoningLevel

    var description: String { name }

    func make(start: Int, size: Int) -> (any HeapAllocator)? {
        HeapFactory.make(variant, poisoning: poisoning, start: start, size: size)
    }

    static let all: [AllocatorUnderTest] = {
        let base: [(String, AllocatorVariant)] = [
            ("legacy best-fit (≤4.2)", .legacyBestFit),
            ("TLSF static, power-of-two report (4.3.0)", .tlsf(.staticControl(flIndexMax: 18, largestFreeBlock: .powerOfTwo))),
            ("TLSF static (4.4.0, 5.0)", .tlsf(.staticControl(flIndexMax: 18, largestFreeBlock: .classMask))),
            ("TLSF dynamic (4.4.4, 5.1, 5.2)", .tlsf(.dynamicControl(fitSize: .original))),
            ("TLSF dynamic (5.3)", .tlsf(.dynamicControl(fitSize: .smallSizeFix))),
            ("TLSF size-class rounding (5.4+)", .tlsf(.sizeClassRounding)),
        ]
        var all = base.map { AllocatorUnderTest(name: $0.0, variant: $0.1, poisoning: .disabled) }
        for (name, variant) in base where variant != .legacyBestFit {
            all.append(AllocatorUnderTest(name: name + " + light poisoning", variant: variant, poisoning: .light))
        }
        all.append(AllocatorUnderTest(name: "TLSF 5.4 + comprehensive poisoning", variant: .tlsf(.sizeClassRounding),
                                      poisoning: .comprehensive))
        return all
    }()
}

/// A small, fast, seedable generator (xorshift64*), so a failing trace can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// Uniform in 0..<bound (modulo bias is irrelevant here).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
