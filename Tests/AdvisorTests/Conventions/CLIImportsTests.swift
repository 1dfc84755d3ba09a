import Foundation
import Testing

/// ARCHITECTURE.md: the CLI imports Advisor and ArgumentParser and nothing else (issue 11): it parses and prints;
/// the use cases, the model, the scenario core and what it needs of the platform (`Terminal`, `OutputPath`) are
/// reached through Advisor.
@Test func theCommandLineImportsOnlyAdvisorAndArgumentParser() throws {
    let cli = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/heapfit")
    let allowed: Set<String> = ["Advisor", "ArgumentParser"]
    let files = try FileManager.default.contentsOfDirectory(atPath: cli.path).filter { $0.hasSuffix(".swift") }
    #expect(files.count >= 10)
    for file in files {
        let text = try String(contentsOf: cli.appendingPathComponent(file), encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ")
            || line.hasPrefix("@_exported import ") || line.hasPrefix("#if canImport") {
            let module = String(line.split(separator: " ").last ?? "")
            #expect(allowed.contains(module), "\(file) imports \(module)")
        }
    }
}
