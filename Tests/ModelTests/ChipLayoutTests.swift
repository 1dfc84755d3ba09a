import Model
import Testing

/// Type names and regions as each release builds them (layout files of esp-idf, per tag; boards.yaml).
@Suite("Chip layouts by IDF release")
struct ChipLayoutTests {
    let catalogue: Catalogue

    init() throws { catalogue = try CatalogueLoader.load(path: repositoryCatalogue) }

    func layout(_ chip: String, _ idf: String, _ f: Features = Features()) throws -> ChipLayout {
        let c = try #require(catalogue.chip(named: chip))
        return try c.layout(idf: try #require(IDFVersion(parsing: idf)), features: f, file: catalogue.file)
    }

    /// The type name of each run of regions heap_caps_init would merge (same type, same start-up-stack flag).
    func runs(_ l: ChipLayout) -> [String] {
        var out: [(Int, Bool, String)] = []
        for r in l.regions where out.last.map({ $0.0 != r.type || $0.1 != r.startupStack }) ?? true {
            out.append((r.type, r.startupStack, l.types[r.type].name))
        }
        return out.map(\.2)
    }

    @Test(arguments: [
        // S3: v4.4–4.4.2 always D/IRAM + STACK/DRAM (esp-protocols#181); v4.4.5+ without memprot STACK/DIRAM
        // (squeezelite-esp32#398, v4.4.6); v5.2+ RAM for both (domain §5.1 v5.3.1).
        ("4.4", false, ["IRAM", "D/IRAM", "STACK/DRAM", "DRAM", "RTCRAM"]),
        ("4.4.6", false, ["IRAM", "D/IRAM", "STACK/DIRAM", "DRAM", "RTCRAM"]),
        ("4.4.6", true, ["IRAM", "DRAM", "STACK/DRAM", "DRAM", "RTCRAM"]),
        ("5.3.1", true, ["RAM", "RAM", "DRAM", "RTCRAM"]),
    ])
    func s3Names(idf: String, memprot: Bool, expected: [String]) throws {
        #expect(runs(try layout("ESP32-S3", idf, Features(memprot: memprot))) == expected)
    }

    @Test(arguments: [
        // C3 (domain §4.4): v5.1 "DRAM"/"STACK/DRAM"; v5.1.2 "DRAM", "DRAM/RETENTION", "DRAM/RETENTION/STACK" with
        // memprot (the IDF default) and the DIRAM names without it; v5.2+ "RAM", "Retention RAM".
        ("5.1", true, ["DRAM", "STACK/DRAM", "RTCRAM"]),
        ("5.1.2", true, ["DRAM", "DRAM/RETENTION", "DRAM/RETENTION/STACK", "RTCRAM"]),
        ("5.1.2", false, ["D/IRAM", "DIRAM/RETENTION", "DIRAM/RETENTION/STACK", "RTCRAM"]),
        ("5.4.1", true, ["RAM", "Retention RAM", "Retention RAM", "RTCRAM"]),
    ])
    func c3Names(idf: String, memprot: Bool, expected: [String]) throws {
        #expect(runs(try layout("ESP32-C3", idf, Features(memprot: memprot))) == expected)
    }

    @Test func c6NamesAndROMTLSF() throws {
        let v51 = try layout("ESP32-C6", "5.1.1")
        #expect(runs(v51) == ["D/IRAM", "STACK/DIRAM", "RTCRAM"])
        #expect(v51.romTLSFFLIndexMax == 19)
        #expect(runs(try layout("ESP32-C6", "5.4")) == ["RAM", "RAM", "RTCRAM"])
        #expect(throws: Diagnostic.self) { try layout("ESP32-C6", "5.0.4") }  // C6 arrived in v5.1
    }

    @Test func spiramCapsMovedToLowPriorityOnTwoBranches() throws {
        // layout v5.3.3 and v5.4.1 (not v5.4): the S3 SPIRAM type's common caps moved from priority 1 to 2.
        func spiramCaps(_ idf: String) throws -> [String] {
            let l = try layout("ESP32-S3", idf, Features(spiram: true, spiramSize: 2 << 20))
            return try #require(l.types.first { $0.name == "SPIRAM" }).caps.map(\.description)
        }
        #expect(try spiramCaps("5.3.2") == ["SPIRAM", "32BIT|8BIT|DEFAULT", "0"])
        #expect(try spiramCaps("5.3.3") == ["SPIRAM", "0", "32BIT|8BIT|DEFAULT|SIMD"])
        #expect(try spiramCaps("5.4") == ["SPIRAM", "32BIT|8BIT|DEFAULT", "0"])
        #expect(try spiramCaps("5.4.1") == ["SPIRAM", "0", "32BIT|8BIT|DEFAULT|SIMD"])
    }

    @Test func tlsfFLIndexMaxFollowsThePoolSize() throws {
        // §1.3: ESP32 18 (22 with PSRAM); S2/S3/C3 19; S2 with PSRAM 24; S3 with PSRAM 24 in v4.4, 25 from v5.0.
        #expect(try layout("ESP32", "4.4").tlsfStaticFLIndexMax == 18)
        #expect(try layout("ESP32", "4.4", Features(spiram: true, spiramSize: 4 << 20)).tlsfStaticFLIndexMax == 22)
        #expect(try layout("ESP32-S2", "4.4").tlsfStaticFLIndexMax == 19)
        #expect(try layout("ESP32-S2", "4.4", Features(spiram: true, spiramSize: 2 << 20)).tlsfStaticFLIndexMax == 24)
        #expect(try layout("ESP32-S3", "4.4", Features(spiram: true, spiramSize: 2 << 20)).tlsfStaticFLIndexMax == 24)
        #expect(try layout("ESP32-S3", "5.0", Features(spiram: true, spiramSize: 2 << 20)).tlsfStaticFLIndexMax == 25)
        #expect(try layout("ESP32-C3", "5.0").tlsfStaticFLIndexMax == 19)
    }

    @Test func esp32RTCRegionMovesToTheEndInV441() throws {
        let single = Features(singleCore: true)
        #expect(try layout("ESP32", "4.4", single).regions.first?.start == 0x3FF8_0000)
        #expect(try layout("ESP32", "4.4.1", single).regions.last?.start == 0x3FF8_0000)
        // Dual core: no RTC fast heap by default (Kconfig DEPCHECK).
        #expect(try layout("ESP32", "5.4.2").regions.contains { $0.start == 0x3FF8_0000 } == false)
    }
}

