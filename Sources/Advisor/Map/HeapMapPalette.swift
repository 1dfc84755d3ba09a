/// Colours of a heap map. A component keeps its colour from one map to the next: its slot comes
/// from a hash of its name (FNV-1a, not Swift's per-process seeded `Hasher`), and only when two
/// components of the same map want the same slot does the later name (in name order) move on.
struct HeapMapPalette {
    /// Component colours: Tableau 20's hues without its reds and greys (red marks a failure,
    /// greys are free space and overhead), light and dark alternating so neighbours differ.
    static let components = ["#4e79a7", "#f28e2b", "#59a14f", "#edc948", "#76b7b2", "#b07aa1", "#9c755f", "#ff9da7",
                             "#a0cbe8", "#ffbe7d", "#8cd17d", "#f1ce63", "#499894", "#d4a6c8", "#d7b5a6", "#86bcb6"]
    static let free = "#f4f4f4"
    static let overhead = "#c8c8c8"
    static let unattributed = "#6f6f6f"
    static let gcTables = "#8e6cc0"
    static let gcUsed = "#4b2a80"
    static let gcFree = "#e6dcf5"
    static let failure = "#d62728"
    static let text = "#222222"
    static let muted = "#5a5a5a"

    /// Component name → colour, for the components of one map.
    let assigned: [String: String]

    init(components names: [String]) {
        var taken = Set<Int>()
        var assigned: [String: String] = [:]
        let count = Self.components.count
        for name in Set(names).sorted() {
            var slot = Int(Self.fnv1a(name) % UInt64(count))
            // Linear probing; past 16 components colours repeat rather than run out.
            var probes = 0
            while taken.contains(slot) && probes < count {
                slot = (slot + 1) % count
                probes += 1
            }
            taken.insert(slot)
            assigned[name] = Self.components[slot]
        }
        self.assigned = assigned
    }

    func colour(of component: String) -> String { assigned[component] ?? Self.unattributed }

    /// 64-bit FNV-1a over the UTF-8 bytes (offset basis and prime from the FNV reference, isthe.com/chongo/tech/comp/fnv).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
