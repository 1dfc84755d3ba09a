import Foundation
import Model

/// Finds boards.yaml: `HEAPFIT_BOARDS`, then the current directory and its parents, then the
/// directory of the executable and its parents, then the source checkout this binary was built from.
public enum CatalogueLocator {
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = CommandLine.arguments.first ?? "") throws(Diagnostic) -> String {
        if let path = environment["HEAPFIT_BOARDS"] {
            guard FileManager.default.fileExists(atPath: path) else {
                throw Diagnostic("HEAPFIT_BOARDS names \(path), which does not exist",
                                 fix: "Point HEAPFIT_BOARDS at boards.yaml, or unset it")
            }
            return path
        }
        var starts = [FileManager.default.currentDirectoryPath]
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path
        starts.append(exe)
        #if !HEAPFIT_DIST  // `make dist` builds: only the data installed next to the binary, never the build checkout's
        // #filePath: Sources/Advisor/CatalogueLocator.swift → repository root.
        starts.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                        .deletingLastPathComponent().path)
        #endif
        for start in starts {
            var dir = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("boards.yaml").path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                dir.deleteLastPathComponent()
            }
        }
        throw Diagnostic("Cannot find boards.yaml", expected: "boards.yaml in the heapfit checkout",
                         fix: "Run heapfit from its checkout, or set HEAPFIT_BOARDS to the file's path")
    }
}
