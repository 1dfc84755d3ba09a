import Foundation
import Testing
@testable import Model

/// The levers file: the shipped one loads with every entry sourced at a release tag, each modelled
/// release has exactly the initial-heap lever its sources show, and every kind of bad entry is a
/// diagnostic naming the file and the offending line.
@Suite("lever loader")
struct LeverLoaderTests {
    static var shippedPath: String {
        URL(fileURLWithPath: repositoryCatalogue).deletingLastPathComponent().appendingPathComponent("workloads/levers/levers.yaml").path
    }

    static let good = """
        levers:
          - id: one
            firmware: "micropython >=1.22"
            controls: initialHeap
            name: MICROPY_GC_INITIAL_HEAP_SIZE
            set: define
            where: mpconfigboard.h
            values: bytes
            default: 56K
            caps: malloc()
            source: https://example.org/a#L1
          - id: two
            firmware: "micropython >=1.21"
            controls: growth
            name: MICROPY_GC_SPLIT_HEAP_AUTO
            set: portPatch
            where: ports/esp32/mpconfigport.h
            values: 0 or 1
            default: "1"
            caps: malloc()
            patch: set it to 0
            source: [https://example.org/b#L2, https://example.org/c#L3]
        """

    func diagnostic(_ text: String) -> Diagnostic? {
        do {
            _ = try LeverLoader.parse(text, file: "levers.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func aGoodFileLoadsInOrderWithItsSources() throws {
        let t = try LeverLoader.parse(Self.good, file: "levers.yaml")
        #expect(t.levers.map(\.id) == ["one", "two"])
        #expect(t.levers[1].sources == ["https://example.org/b#L2", "https://example.org/c#L3"])
        #expect(t.levers[1].line == 12)
        #expect(t.lever(.initialHeap, port: "micropython", major: 1, minor: 21) == nil)
        #expect(t.lever(.initialHeap, port: "micropython", major: 1, minor: 22)?.id == "one")
        #expect(t.lever(.growth, port: "circuitpython", major: 9, minor: 2) == nil)
    }

    @Test(arguments: [
        ("    bogus: 1\n", 13, "Unknown key `bogus`"),
        ("    controls: heapSize\n", 14, "Unknown `controls: heapSize`"),
        ("    set: magic\n", 16, "Unknown `set: magic`"),
        ("    firmware: \"micropython >=one\"\n", 13, "is not a firmware range"),
    ])
    func aBadFieldIsNamedAtItsLine(replacement: String, line: Int, message: String) throws {
        // Replace (or add) the field in the second entry.
        var lines = Self.good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let key = replacement.trimmingCharacters(in: .whitespaces).split(separator: ":")[0]
        if let i = lines.indices.dropFirst(12).first(where: { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") }) {
            lines[i] = String(replacement.dropLast())
        } else {
            lines.insert(String(replacement.dropLast()), at: 12)
        }
        let d = try #require(diagnostic(lines.joined(separator: "\n")))
        #expect(d.file == "levers.yaml")
        #expect(d.line == line)
        #expect(d.what.contains(message), "\(d)")
    }

    @Test func aPortPatchWithoutItsPatchIsRefused() throws {
        let d = try #require(diagnostic(Self.good.replacingOccurrences(of: "    patch: set it to 0\n", with: "")))
        #expect(d.line == 12)
        #expect(d.what == "Lever `two` is set by a port patch but says no `patch:`")
    }

    @Test func aSourceThatIsNoURLIsRefused() throws {
        let d = try #require(diagnostic(Self.good.replacingOccurrences(of: "https://example.org/a#L1", with: "main.c line 3")))
        #expect(d.line == 11)
        #expect(d.what.contains("is not a URL"))
    }

    @Test func aDuplicateIdIsRefused() throws {
        let d = try #require(diagnostic(Self.good.replacingOccurrences(of: "id: two", with: "id: one")))
        #expect(d.what == "Lever id `one` is used twice (first at line 2)")
    }

    @Test func theShippedFileCitesSourceLinesAtReleaseTags() throws {
        let t = try LeverLoader.load(path: Self.shippedPath)
        #expect(t.levers.count >= 15)
        let tagged = #/^https://github\.com/(micropython/micropython|adafruit/circuitpython)/blob/(v?\d+\.\d+(\.\d+)?)/[^#]+#L\d+$/#
        for l in t.levers {
            #expect(!l.sources.isEmpty)
            for s in l.sources { #expect(s.wholeMatch(of: tagged) != nil, "\(l.id): \(s)") }
        }
    }

    /// Per release range, the initial heap's lever and how a board sets it (the sources: levers.yaml).
    @Test(arguments: [
        ("micropython", 1, 18, "heap_caps_get_largest_free_block(MALLOC_CAP_8BIT)", Lever.Mechanism.portPatch),
        ("micropython", 1, 20, "MIN(heap_caps_get_largest_free_block(MALLOC_CAP_8BIT), heap_total / 2)", .portPatch),
        ("micropython", 1, 21, "MP_TASK_HEAP_SIZE", .portPatch),
        ("micropython", 1, 22, "MICROPY_GC_INITIAL_HEAP_SIZE", .define),
        ("micropython", 1, 28, "MICROPY_GC_INITIAL_HEAP_SIZE", .define),
        ("micropython-esp8266", 1, 24, "heap[38 * 1024]", .portPatch),
        ("circuitpython", 8, 2, "MIN(heap_caps_get_largest_free_block(MALLOC_CAP_8BIT), heap_total / 2)", .portPatch),
        ("circuitpython", 9, 0, "CIRCUITPY_HEAP_START_SIZE", .settingsToml),
        ("circuitpython", 10, 1, "CIRCUITPY_HEAP_START_SIZE", .settingsToml),
    ])
    func theInitialHeapLeverPerRelease(port: String, major: Int, minor: Int, name: String, mechanism: Lever.Mechanism) throws {
        let t = try LeverLoader.load(path: Self.shippedPath)
        let l = try #require(t.lever(.initialHeap, port: port, major: major, minor: minor))
        #expect(l.name == name)
        #expect(l.mechanism == mechanism)
    }

    @Test func growthAndItsAllocatorExistOnlyWhereTheHeapGrows() throws {
        let t = try LeverLoader.load(path: Self.shippedPath)
        #expect(t.lever(.growth, port: "micropython", major: 1, minor: 20) == nil)
        #expect(t.lever(.areaAllocator, port: "micropython", major: 1, minor: 20) == nil)
        #expect(t.lever(.areaAllocator, port: "micropython", major: 1, minor: 21)?.mechanism == .boardC)
        #expect(t.lever(.growthLimit, port: "micropython", major: 1, minor: 24)?.mechanism == .portPatch)
        #expect(t.lever(.growth, port: "circuitpython", major: 8, minor: 2) == nil)
        #expect(t.lever(.psramReserve, port: "circuitpython", major: 8, minor: 2)?.name == "CIRCUITPY_RESERVED_PSRAM")
        #expect(t.lever(.psramReserve, port: "circuitpython", major: 9, minor: 0) == nil)
        // CIRCUITPY_PYSTACK_SIZE: a define in 8.0, settings.toml from 8.1; 2048 from 10.0 (the docs still say 1536).
        #expect(t.lever(.pythonStack, port: "circuitpython", major: 8, minor: 0)?.mechanism == .define)
        #expect(t.lever(.pythonStack, port: "circuitpython", major: 8, minor: 1)?.mechanism == .settingsToml)
        #expect(t.lever(.pythonStack, port: "circuitpython", major: 9, minor: 2)?.defaultValue == "1536")
        #expect(t.lever(.pythonStack, port: "circuitpython", major: 10, minor: 0)?.defaultValue.hasPrefix("2048") == true)
    }

    /// Every release the catalogue's support table lists has an initial-heap lever.
    @Test func everyListedReleaseHasAnInitialHeapLever() throws {
        let t = try LeverLoader.load(path: Self.shippedPath)
        let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
        #expect(!catalogue.firmwareSupport.releases.isEmpty)
        for r in catalogue.firmwareSupport.releases {
            #expect(t.lever(.initialHeap, port: r.port, major: r.major, minor: r.minor) != nil, "\(r.name)")
        }
    }
}
