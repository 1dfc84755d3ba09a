import Foundation
import Testing

/// A source cited in the code or the data names something a reader can open: a file of this
/// repository or an upstream URL. The facts the project relies on are in `docs/domain/`; this test
/// reads Sources/, boards.yaml and workloads/ for every citation of a `domain/` file (and of the
/// field-report `seeds/` the project started from, which are not in the repository) and fails on a
/// file that is not in the repository or a `§` section that file does not have.
struct CitationsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// What is wrong with the citations in `text` (empty when nothing is); `sections(file)` gives the
    /// section numbers a cited file has, or nil when the repository does not hold it.
    static func problems(in text: String, sections: (String) -> Set<String>?) throws -> [String] {
        let citation = try Regex(#"[A-Za-z0-9_.:/-]*(?:domain|seeds)/[A-Za-z0-9_./-]*"#)
        let sectionList = try Regex(#"^(?:[ ,;/]*(?:and )?§ ?[0-9]+(?:\.[0-9]+)*)+"#)
        let sectionNumber = try Regex(#"[0-9]+(?:\.[0-9]+)*"#)
        var found: [String] = []
        for match in text.matches(of: citation) {
            var path = String(text[match.range])
            while path.hasSuffix(".") { path.removeLast() }
            if path.hasPrefix("http://") || path.hasPrefix("https://") || path.contains("://") { continue }
            guard path.hasPrefix("docs/domain/"), !path.contains("seeds/") else {
                found.append("`\(path)` is not a file of this repository (cite docs/domain/… or the upstream URL)")
                continue
            }
            guard let known = sections(path) else {
                found.append("`\(path)` is not in the repository")
                continue
            }
            let rest = text[match.range.upperBound...].prefix(60)
            guard let list = rest.firstMatch(of: sectionList) else { continue }
            for number in rest[list.range].matches(of: sectionNumber) {
                let section = String(rest[list.range][number.range])
                if !known.contains(section) { found.append("`\(path)` has no section §\(section)") }
            }
        }
        return found
    }

    /// The section numbers of a Markdown file's headings (`## 2. multi_heap` → 2, `### 2.1 …` → 2.1).
    static func sections(of file: URL) -> Set<String>? {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        var numbers: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("#") {
            let words = line.drop { $0 == "#" }.split(separator: " ")
            guard var first = words.first.map(String.init) else { continue }
            if first.hasSuffix(".") { first.removeLast() }
            if !first.isEmpty, first.allSatisfy({ $0.isNumber || $0 == "." }) { numbers.insert(first) }
        }
        return numbers
    }

    /// The files the rule covers: every Swift file of Sources/, boards.yaml, every YAML file of workloads/.
    static func coveredFiles() throws -> [URL] {
        var files = [root.appendingPathComponent("boards.yaml")]
        for (folder, suffix) in [("Sources", ".swift"), ("workloads", ".yaml")] {
            let base = root.appendingPathComponent(folder)
            let walker = try #require(FileManager.default.enumerator(atPath: base.path))
            for case let relative as String in walker where relative.hasSuffix(suffix) {
                files.append(base.appendingPathComponent(relative))
            }
        }
        return files
    }

    @Test func everyDomainCitationNamesAFileAndSectionOfTheRepository() throws {
        let files = try Self.coveredFiles()
        #expect(files.count > 100)
        var cited = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            cited += text.matches(of: try Regex("docs/domain/")).count
            let problems = try Self.problems(in: text) { Self.sections(of: Self.root.appendingPathComponent($0)) }
            let name = file.path.replacingOccurrences(of: Self.root.path + "/", with: "")
            #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "; "))")
        }
        #expect(cited > 40, "the code cites docs/domain/ \(cited) times")
    }

    @Test func theCheckCatchesWhatARepositoryReaderCannotOpen() throws {
        let sections: (String) -> Set<String>? = { $0 == "docs/domain/esp-idf-heap.md" ? ["2", "2.1", "4"] : nil }
        #expect(try Self.problems(in: "(docs/domain/esp-idf-heap.md §2.1, §4)", sections: sections).isEmpty)
        #expect(try Self.problems(in: "see https://example.org/domain/x.md", sections: sections).isEmpty)
        #expect(try Self.problems(in: "(domain/esp-idf-heap.md §2.1)", sections: sections).count == 1)
        #expect(try Self.problems(in: "(domain/seeds/pycom-gc-heap-locked-panics.txt).", sections: sections).count == 1)
        #expect(try Self.problems(in: "micropython#8940 (seeds/esp32-heap.txt)", sections: sections).count == 1)
        #expect(try Self.problems(in: "docs/domain/micropython-heap.md §1", sections: sections).count == 1)
        #expect(try Self.problems(in: "docs/domain/esp-idf-heap.md §2.1 and §9.9", sections: sections)
                == ["`docs/domain/esp-idf-heap.md` has no section §9.9"])
    }
}
