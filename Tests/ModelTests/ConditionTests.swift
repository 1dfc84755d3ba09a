import Model
import Testing

@Suite("IDF ranges and feature conditions")
struct ConditionTests {
    @Test func idfRanges() throws {
        let r = try #require(IDFRange(parsing: ">=5.3.3 <5.4 | >=5.4.1"))
        // The change landed in v5.3.3 and v5.4.1 but not in v5.4 (two release branches).
        #expect(r.contains(IDFVersion(5, 3, 3)) && r.contains(IDFVersion(5, 3, 5)) && r.contains(IDFVersion(5, 5)))
        #expect(!r.contains(IDFVersion(5, 3, 2)) && !r.contains(IDFVersion(5, 4)))
        let exact = try #require(IDFRange(parsing: "5.1.2"))
        #expect(exact.contains(IDFVersion(5, 1, 2)) && !exact.contains(IDFVersion(5, 1, 3)))
        let upTo = try #require(IDFRange(parsing: "<=4.4.1"))
        #expect(upTo.contains(IDFVersion(4, 4, 1)) && !upTo.contains(IDFVersion(4, 4, 2)))
        for bad in ["", ">=", "5.x", ">=5.0 |", "~5.0"] { #expect(IDFRange(parsing: bad) == nil, "\(bad)") }
    }

    @Test func conditions() throws {
        let c = try FeatureCondition(parsing: "spiram & !singleCore & dcache<=32K")
        #expect(c.holds(for: Features(spiram: true, dcache: 32 * 1024)))
        #expect(!c.holds(for: Features(spiram: true, dcache: 64 * 1024)))
        #expect(!c.holds(for: Features(singleCore: true, spiram: true, dcache: 16 * 1024)))
        // An unresolved number never satisfies a comparison.
        #expect(!c.holds(for: Features(spiram: true)))
        #expect(try FeatureCondition(parsing: "true").holds(for: Features()))
        #expect(!(try FeatureCondition(parsing: "false")).holds(for: Features()))
        #expect(throws: FeatureCondition.ParseError(atom: "psram")) { try FeatureCondition(parsing: "spiram & psram") }
        #expect(throws: FeatureCondition.ParseError(atom: "dcache<=lots")) { try FeatureCondition(parsing: "dcache<=lots") }
    }

    @Test func btControllerFollowsBluetoothUnlessSet() {
        #expect(Features(bluetooth: true).flag("btController") == true)
        #expect(Features(bluetooth: true, btController: false).flag("btController") == false)
    }

    @Test func defaultsDependOnOtherFeatures() throws {
        let d = FeatureDefaults(flags: ["rtcFastHeap": try FeatureCondition(parsing: "singleCore")], numbers: ["dcache": 32768])
        #expect(Features(singleCore: true).resolved(with: d).rtcFastHeap == true)
        #expect(Features().resolved(with: d).rtcFastHeap == false)
        #expect(Features(singleCore: true, rtcFastHeap: false).resolved(with: d).rtcFastHeap == false)
        #expect(Features().resolved(with: d).dcache == 32768)
    }
}
