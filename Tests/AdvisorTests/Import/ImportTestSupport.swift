import Foundation
import Model
import Testing
@testable import Advisor

/// `Tests/Fixtures`, found from this source file.
let fixtures: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

func fixtureContents(_ relative: String) throws -> String {
    let data = try #require(FileManager.default.contents(atPath: fixtures.appendingPathComponent(relative).path),
                            "missing fixture \(relative)")
    return String(decoding: data, as: UTF8.self)
}

func repoCatalogue() throws -> Catalogue { try CatalogueLoader.load(path: repositoryCatalogue) }

/// `heapfit import` on a fixture, as the command runs it.
func importFixture(_ relative: String, board: String? = nil, idf: IDFVersion? = nil) throws -> ImportReport {
    try ImportCommand.report(file: relative, contents: try fixtureContents(relative), catalogue: try repoCatalogue(),
                             board: board, idf: idf)
}

/// The repository's boards.yaml with `entry` inserted right under `boards:`.
func catalogueText(adding entry: String) throws -> String {
    let text = try String(contentsOfFile: repositoryCatalogue, encoding: .utf8)
    var lines = text.components(separatedBy: "\n")
    let i = try #require(lines.firstIndex(of: "boards:"))
    lines.insert(entry.hasSuffix("\n") ? String(entry.dropLast()) : entry, at: i + 1)
    return lines.joined(separator: "\n")
}

/// The `heap_init` lines of a log file, read with a plain string search (not the importer's parser):
/// the text after `heap_init: `.
func heapInitLines(_ relative: String) throws -> [String] {
    try fixtureContents(relative).components(separatedBy: "\n").compactMap { line in
        guard let r = line.range(of: "heap_init: At ") else { return nil }
        return "At " + line[r.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
