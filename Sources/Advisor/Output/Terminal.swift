import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the command line needs of the process and its terminal — standard error, the terminal's width, the
/// number of cores, the exit — so that `Sources/heapfit` imports no platform module (ARCHITECTURE.md).
public enum Terminal {
    /// Writes `text` to standard error as it is (no newline added).
    public static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether standard error is a terminal (a progress bar is drawn only there).
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The width prose output is folded to: the terminal's columns when standard output is a terminal (at least
    /// 40), else `TextWrap.defaultWidth`.
    public static func outputWidth() -> Int {
        guard isatty(STDOUT_FILENO) == 1 else { return TextWrap.defaultWidth }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 else { return TextWrap.defaultWidth }
        return Int(size.ws_col)
    }

    /// The cores the process may use: the default of `--jobs`.
    public static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Ends the process with `code`.
    public static func exit(_ code: Int32) -> Never {
        Foundation.exit(code)
    }
}

/// Paths as the file-writing commands name them.
public enum OutputPath {
    /// Whether something exists at `path`.
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Whether `path` exists and is not a directory.
    public static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// `name` inside the directory `directory`.
    public static func join(_ directory: String, _ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// The last component of `path` once `.`/`..` are resolved (the folder name of `--out .` is the current one's).
    public static func folderName(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
    }

    /// The file name of `path` without its extension (`workloads/https-get.yaml` → `https-get`).
    public static func stem(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Refuses an existing `path` unless `force`: the diagnostic says what the file was to hold.
    public static func refuseExisting(_ path: String, force: Bool, holding what: String) throws(Diagnostic) {
        guard !force, exists(path) else { return }
        throw Diagnostic("\(path) exists", expected: "a new file for \(what)", fix: "Pass --force to replace it, or another --out")
    }
}
