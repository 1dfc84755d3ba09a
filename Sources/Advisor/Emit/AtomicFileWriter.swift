import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model

/// Writes a set of files all or nothing, the way a user can trust: every target is checked first
/// (it does not exist unless `force`), every text is written in full to a temporary file in the
/// target's directory, and only then is each moved into place. Without `force` a file is never
/// replaced, not even one created meanwhile (link(2) refuses); with `force` each file it replaces is
/// kept under a hidden name until every file is in place. If anything fails — a short write, a full
/// disk, a failing rename — the files already placed are taken back (the old ones restored), and no
/// temporary file is left behind. With `createDirectories` a missing directory is created, and
/// removed again if nothing could be written.
public enum AtomicFileWriter {
    /// The system calls the writer makes, as a value so a test can inject a failing one. Each returns
    /// 0 or an errno value.
    public struct FileSystem: Sendable {
        /// Creates a new file (`O_EXCL`) holding exactly `bytes`; on failure the caller removes it.
        public var create: @Sendable (_ path: String, _ bytes: [UInt8]) -> Int32
        public var rename: @Sendable (_ from: String, _ to: String) -> Int32
        public var link: @Sendable (_ from: String, _ to: String) -> Int32

        public init(create: @escaping @Sendable (String, [UInt8]) -> Int32, rename: @escaping @Sendable (String, String) -> Int32,
                    link: @escaping @Sendable (String, String) -> Int32) {
            self.create = create
            self.rename = rename
            self.link = link
        }

        public static let posix = FileSystem(create: posixCreate, rename: posixRename, link: posixLink)
    }
}

private func posixRename(_ from: String, _ to: String) -> Int32 { rename(from, to) == 0 ? 0 : errno }
private func posixLink(_ from: String, _ to: String) -> Int32 { link(from, to) == 0 ? 0 : errno }

/// open(O_CREAT|O_EXCL), write until every byte is out (a short write is retried, an error returned), fsync.
private func posixCreate(_ path: String, _ bytes: [UInt8]) -> Int32 {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return errno }
    var code: Int32 = 0
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count, let base = buffer.baseAddress {
            let n = write(fd, base + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                code = errno
                return
            }
            offset += n
        }
    }
    if code == 0, fsync(fd) != 0 { code = errno }
    if close(fd) != 0, code == 0 { code = errno }
    return code
}

extension AtomicFileWriter {
    /// - Parameter option: the option that named the paths, for messages (`--out`).
    public static func write(_ files: [(path: String, text: String)], force: Bool, option: String = "--out",
                             createDirectories: Bool = false, fileSystem: FileSystem = .posix) throws(Diagnostic) {
        let made = createDirectories ? try makeDirectories(for: files.map(\.path), option: option) : []
        do throws(Diagnostic) {
            try writeAll(files, force: force, option: option, fileSystem: fileSystem)
        } catch {
            for dir in made.reversed() { rmdir(dir) }
            throw error
        }
    }

    static func writeAll(_ files: [(path: String, text: String)], force: Bool, option: String, fileSystem fs: FileSystem) throws(Diagnostic) {
        var existing: [String] = []
        for file in files where try check(file.path, force: force, option: option) { existing.append(file.path) }
        if !existing.isEmpty { throw exists(existing, option: option) }
        var temps: [String] = []
        defer { for t in temps { unlink(t) } }
        for file in files {
            let temp = hiddenName(for: file.path, kind: "tmp")
            temps.append(temp)  // removed by the defer whether or not the write completed
            let code = fs.create(temp, Array(file.text.utf8))
            guard code == 0 else {
                throw Diagnostic("Cannot write \(file.path): \(String(cString: strerror(code))); nothing was written",
                                 fix: "Check the free space and permissions of \(directory(of: file.path))")
            }
        }
        // With --force, the file each target replaces, kept until every new file is in place.
        var kept: [(path: String, old: String)] = []
        var placed: [String] = []
        defer { for k in kept { unlink(k.old) } }
        for (file, temp) in zip(files, temps) {
            do throws(Diagnostic) {
                if force, FileManager.default.fileExists(atPath: file.path) {
                    let old = hiddenName(for: file.path, kind: "old")
                    let code = fs.link(file.path, old)
                    guard code == 0 else {
                        throw Diagnostic("Cannot write \(file.path): keeping the old file failed: \(String(cString: strerror(code)))",
                                         fix: "Check the permissions of \(directory(of: file.path))")
                    }
                    kept.append((file.path, old))
                }
                try place(temp, at: file.path, force: force, option: option, fileSystem: fs)
                placed.append(file.path)
            } catch {
                // All or nothing: restore what was replaced, remove what did not exist before.
                for path in placed.reversed() {
                    if let k = kept.first(where: { $0.path == path }) { _ = fs.rename(k.old, path) } else { unlink(path) }
                }
                throw error
            }
        }
    }

    /// Creates the missing directories above `paths` (like mkdir -p), returning those it created, outermost first.
    static func makeDirectories(for paths: [String], option: String) throws(Diagnostic) -> [String] {
        var made: [String] = []
        for path in paths {
            var missing: [String] = []
            var dir = directory(of: path)
            while !dir.isEmpty, dir != "/", !FileManager.default.fileExists(atPath: dir) {
                missing.insert(dir, at: 0)
                dir = (dir as NSString).deletingLastPathComponent
            }
            for d in missing where !made.contains(d) {
                guard mkdir(d, 0o755) == 0 || errno == EEXIST else {
                    let reason = String(cString: strerror(errno))
                    for m in made.reversed() { rmdir(m) }
                    throw Diagnostic("Cannot create the directory \(d): \(reason)", fix: "Check the path and its permissions, or choose another \(option)")
                }
                made.append(d)
            }
        }
        return made
    }

    /// Whether `path` exists and may not be replaced; a diagnostic when it cannot be written at all.
    static func check(_ path: String, force: Bool, option: String) throws(Diagnostic) -> Bool {
        let dir = directory(of: path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw Diagnostic("Cannot write \(path): the directory \(dir) does not exist",
                             fix: "Create the directory first, or choose another \(option) path")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue {
                throw Diagnostic("Cannot write \(path): it is a directory", fix: "Choose another \(option) path")
            }
            return !force
        }
        return false
    }

    static func directory(of path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    /// A hidden name beside `path`, unique to this process: `.name.heapfit-PID-RANDOM.kind`.
    static func hiddenName(for path: String, kind: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).heapfit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(kind)").path
    }

    static func place(_ temp: String, at path: String, force: Bool, option: String, fileSystem fs: FileSystem) throws(Diagnostic) {
        if force {
            let code = fs.rename(temp, path)
            guard code == 0 else {
                throw Diagnostic("Cannot write \(path): \(String(cString: strerror(code)))", fix: "Check the path and its permissions")
            }
            return
        }
        // link(2) fails with EEXIST instead of replacing: no file created meanwhile is overwritten.
        let code = fs.link(temp, path)
        guard code == 0 else {
            if code == EEXIST { throw exists([path], option: option) }
            throw Diagnostic("Cannot write \(path): \(String(cString: strerror(code)))", fix: "Check the path and its permissions")
        }
    }

    static func exists(_ paths: [String], option: String) -> Diagnostic {
        guard paths.count > 1, let last = paths.last else {
            return Diagnostic("\(paths.first ?? "") already exists; heapfit does not overwrite it",
                              fix: "Pass --force to replace it, or choose another \(option) path")
        }
        return Diagnostic("\(paths.dropLast().joined(separator: ", ")) and \(last) already exist; heapfit does not overwrite them and wrote nothing",
                          fix: "Pass --force to replace them, or choose another \(option) path")
    }
}
