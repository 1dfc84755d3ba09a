import Foundation
import Model

/// Finds boards.yaml: `HEAPFIT_BOARDS`, then the current directory and its parents, then the
/// directory of the executable and its parents, PREFIX/share/heapfit for an executable installed in
/// PREFIX/bin (`make install`), then the source checkout this binary was built from.
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
        let starts = ResourceLocator.searchStarts(executable: executable)
        for start in starts {
            var dir = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("boards.yaml").path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                dir.deleteLastPathComponent()
            }
        }
        throw Diagnostic("Cannot find boards.yaml", expected: "boards.yaml in the heapfit checkout",
                         fix: "Run heapfit from its checkout, install it with `make install` (the data goes to PREFIX/share/heapfit), "
                             + "or set HEAPFIT_BOARDS to the file's path")
    }
}
