import Advisor
import CFuzzDriver
import Foundation
import Model
import Simulator

/// Hands control to libFuzzer, which calls `body` with each input until its time or run limit.
/// `body` must not capture (libFuzzer takes a C function pointer): it reads the shared fixtures below.
public func runFuzzer(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, body))
}

/// What the targets share: the input as text, and heapfit's own data files, read once.
public enum FuzzInput {
    /// The input bytes as text (invalid UTF-8 repaired, as `heapfit import` reads files).
    public static func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
        guard let data, size > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }

    /// The heapfit checkout: Fuzz/Sources/FuzzSupport/FuzzSupport.swift → four levels up.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The shipped workloads/ folder.
    public static var library: String { root + "/workloads" }

    /// The shipped catalogue.
    public static let catalogue: Catalogue = loaded { () throws(Diagnostic) in try CatalogueLoader.load(path: root + "/boards.yaml") }

    /// One import target's step: when `parses` accepts the input (its own parser recognises and reads it),
    /// `heapfit import` runs on it too.
    public static func importInput(_ data: UnsafePointer<UInt8>?, _ size: Int, board: String? = nil, idf: String? = nil,
                                   parses: (ImportText) -> Bool) {
        let raw = text(data, size)
        guard parses(ImportText(file: "fuzz-input.txt", contents: raw)) else { return }
        importFile(raw, board: board, idf: idf)
    }

    /// The shipped knob table and Kconfig names of every release (for the sdkconfig target).
    public static let knobTable: KnobTable = loaded { () throws(Diagnostic) in try WorkloadLoader(library: library).knobTable() }
    public static let symbols: KconfigSymbols = loaded { () throws(Diagnostic) in try KconfigSymbols.load(library: library) }

    /// A shipped data file every input needs; a fuzz run without it is meaningless, so its absence stops the run.
    static func loaded<T>(_ body: () throws(Diagnostic) -> T) -> T {
        do {
            return try body()
        } catch {
            FileHandle.standardError.write(Data("fuzz: cannot load heapfit's data: \(error)\n".utf8))
            exit(3)
        }
    }

    /// Runs `heapfit import` on `text` (recognition, derivation, comparison with `board` on `idf`) and
    /// renders both emitters; a diagnostic is an expected outcome, a crash is a finding.
    public static func importFile(_ text: String, board: String? = nil, idf: String? = nil) {
        do {
            let report = try ImportCommand.report(file: "fuzz-input.txt", contents: text, catalogue: catalogue, board: board,
                                                  idf: idf.flatMap(IDFVersion.init(parsing:)))
            _ = ImportTextEmitter.render(report)
            _ = ImportJSONEmitter.render(report)
            _ = report.boardEntry?.yaml
        } catch {
            _ = error.description
        }
    }
}

/// libFuzzer's own `main` (linked whole by -sanitize=fuzzer, then overridden by each target's) refers to this
/// symbol; the targets pass their callback to `LLVMFuzzerRunDriver` instead, so it is never called.
@_cdecl("LLVMFuzzerTestOneInput")
public func unusedTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { 0 }
