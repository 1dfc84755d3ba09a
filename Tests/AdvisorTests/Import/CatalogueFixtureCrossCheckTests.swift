import Foundation
import Model
import Testing
@testable import Advisor

/// The catalogue's boot-log fixtures (Tests/Fixtures/boot-logs, not `import-*`) state in their headers the
/// chip, release, features and static sizes their author derived by hand to reproduce each real log. The
/// importer derives them by search, independently: both must agree.
@Suite("Import: the catalogue's hand-derived boot logs")
struct CatalogueFixtureCrossCheckTests {
    struct Header: CustomTestStringConvertible, Sendable {
        var file: String
        var values: [String: String]
        var testDescription: String { file }

        func first(_ key: String) -> String? { values[key]?.split(separator: " ").first.map(String.init) }
        func size(_ key: String) -> Int? { first(key).flatMap(SizeParser.parse) }
    }

    static var headers: [Header] {
        let dir = fixtures.appendingPathComponent("boot-logs")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".log") && !$0.hasPrefix("import-") }.sorted()
        return names.map { name in
            let text = (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? ""
            var values: [String: String] = [:]
            for line in text.split(separator: "\n") where line.hasPrefix("#") {
                let rest = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if let colon = rest.firstIndex(of: ":"), rest[..<colon].allSatisfy({ $0.isLetter || $0 == "-" }) {
                    values[String(rest[..<colon])] = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            return Header(file: name, values: values)
        }
    }

    @Test func thereAreFixturesToCheck() {
        #expect(Self.headers.count >= 10)
    }

    @Test(arguments: headers)
    func importerDerivesWhatTheFixtureStates(h: Header) throws {
        let idf = h.first("idf").flatMap { $0 == "all" ? nil : IDFVersion(parsing: $0) }
        let r = try importFixture("boot-logs/" + h.file, idf: idf)
        // A placeholder static DRAM means the log holds no line to derive it from.
        if h.values["static-dram"]?.contains("placeholder") == true {
            #expect(r.derivation == nil || r.derivation?.isUsable == false)
            #expect(r.boardEntry == nil)
            return
        }
        let d = try #require(r.derivation, "\(h.file): \(r.notes)")
        #expect(d.isUsable, "\(r.notes)")
        #expect(ChipGuess.same(d.chip, try #require(h.first("chip"))))
        #expect(d.staticDRAM == h.size("static-dram"))
        #expect(d.staticRTC == (h.size("static-rtc") ?? 0))
        let catalogue = try repoCatalogue()
        let chip = try #require(catalogue.chip(named: d.chip))
        // Where no IRAM heap follows the code the fixture writes the full segment; the importer leaves it unknown.
        let statedIRAM = h.size("static-iram")
        if let i = d.staticIRAM {
            #expect(i == statedIRAM)
        } else if let stated = statedIRAM {
            #expect(stated == chip.iramLength)
        }
        // Features, where the fixture's lines are the whole log (a quoted subset leaves some undetermined).
        guard h.first("lines") == "all" else { return }
        let stated = try Self.features(h.values["features"] ?? "").resolved(with: chip.defaults)
        let found = d.features.resolved(with: chip.defaults)
        #expect(found.bluetooth == stated.bluetooth)
        #expect(found.btController == stated.btController)
        #expect(found.scoConnections == stated.scoConnections)
        #expect(found.singleCore == stated.singleCore)
        #expect(found.rtcFastHeap == stated.rtcFastHeap)
        #expect(found.memprot == stated.memprot)
        #expect(found.icache == stated.icache)
        #expect(found.dcache == stated.dcache)
    }

    /// The fixture header's `features:` (`bluetooth btController=false sco=3 dcache=32K`); PSRAM does not show in
    /// heap_init lines, so `spiram` is read but not compared.
    static func features(_ text: String) throws -> Features {
        var f = Features()
        for token in text.split(separator: " ") {
            let parts = token.split(separator: "=").map(String.init)
            let on = parts.count == 1 || parts[1] == "true"
            switch parts[0] {
            case "bluetooth": f.bluetooth = on
            case "btController": f.btController = on
            case "singleCore": f.singleCore = on
            case "spiram": f.spiram = on
            case "rtcFastHeap": f.rtcFastHeap = on
            case "memprot": f.memprot = on
            case "sco": f.scoConnections = try #require(Int(parts[1]))
            case "icache": f.icache = SizeParser.parse(parts[1])
            case "dcache": f.dcache = SizeParser.parse(parts[1])
            default: Issue.record("unknown fixture feature \(token)")
            }
        }
        return f
    }
}
