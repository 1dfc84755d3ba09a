import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import Model
@testable import Advisor

/// A write that fails part-way — an error in the middle of a file, a rename that fails, a full disk —
/// leaves the old files as they were and no partial or temporary file behind; `createDirectories`
/// makes a missing directory and takes it back when nothing could be written.
@Suite("interrupted writes")
struct InterruptedWriteTests {
    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-interrupted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func listing(_ dir: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

    /// The old board files a user has, and the new ones heapfit would write over them with --force.
    func oldFiles(in dir: URL) throws -> [(path: String, text: String)] {
        let files = ["sdkconfig.board", "mpconfigboard.h", "mpconfigboard.cmake"].map { dir.appendingPathComponent($0).path }
        for f in files { try "old \(f)\n".write(toFile: f, atomically: true, encoding: .utf8) }
        return files.map { ($0, String(repeating: "new line of \($0)\n", count: 200)) }
    }

    func expectOld(_ files: [(path: String, text: String)]) throws {
        for f in files { #expect(try String(contentsOfFile: f.path, encoding: .utf8) == "old \(f.path)\n") }
    }

    /// The second file's write stops half-way with EIO (a disk error after some bytes reached it).
    @Test func aWriteErrorInTheMiddleOfAFileLeavesTheOldFilesAndNoPartialFile() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try oldFiles(in: dir)
        let before = try listing(dir)
        let calls = Counter()
        let failing = AtomicFileWriter.FileSystem(create: { path, bytes in
            guard calls.next() == 1 else { return AtomicFileWriter.FileSystem.posix.create(path, bytes) }
            _ = AtomicFileWriter.FileSystem.posix.create(path, Array(bytes.prefix(bytes.count / 2)))
            return EIO
        }, rename: AtomicFileWriter.FileSystem.posix.rename, link: AtomicFileWriter.FileSystem.posix.link)
        do {
            try AtomicFileWriter.write(files, force: true, fileSystem: failing)
            Issue.record("the failing write was reported as done")
        } catch {
            #expect(error.what == "Cannot write \(files[1].path): \(String(cString: strerror(EIO))); nothing was written")
        }
        #expect(calls.value == 2)  // the third file was never started
        #expect(try listing(dir) == before)
        try expectOld(files)
    }

    /// The first file is replaced, then renaming the second fails: the first is put back as it was.
    @Test func aFailingRenameRestoresTheFilesAlreadyReplaced() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try oldFiles(in: dir)
        let before = try listing(dir)
        let renames = Counter()
        let failing = AtomicFileWriter.FileSystem(create: AtomicFileWriter.FileSystem.posix.create, rename: { from, to in
            // Renames of new files into place: the second one fails; restores (from a kept old file) go through.
            if from.hasSuffix(".tmp"), renames.next() == 1 { return EACCES }
            return AtomicFileWriter.FileSystem.posix.rename(from, to)
        }, link: AtomicFileWriter.FileSystem.posix.link)
        do {
            try AtomicFileWriter.write(files, force: true, fileSystem: failing)
            Issue.record("the failing rename was reported as done")
        } catch {
            #expect(error.what == "Cannot write \(files[1].path): \(String(cString: strerror(EACCES)))")
        }
        #expect(try listing(dir) == before)
        try expectOld(files)
        // Without the failure the same call replaces all three.
        try AtomicFileWriter.write(files, force: true)
        for f in files { #expect(try String(contentsOfFile: f.path, encoding: .utf8) == f.text) }
        #expect(try listing(dir) == before)
    }

    /// Without --force, new files that cannot all be placed are removed again.
    @Test func aFailingLinkWithoutForceRemovesTheNewFilesPlaced() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = ["a", "b", "c"].map { (dir.appendingPathComponent($0).path, "new \($0)") }
        let links = Counter()
        let failing = AtomicFileWriter.FileSystem(create: AtomicFileWriter.FileSystem.posix.create, rename: AtomicFileWriter.FileSystem.posix.rename,
                                                  link: { from, to in links.next() == 2 ? EIO : AtomicFileWriter.FileSystem.posix.link(from, to) })
        #expect(throws: Diagnostic.self) { try AtomicFileWriter.write(files, force: false, fileSystem: failing) }
        #expect(try listing(dir) == [])
    }

    /// `board-files --out DIR` creates DIR (and its parents); when nothing can be written it removes them again.
    @Test func missingDirectoriesAreCreatedAndTakenBackOnFailure() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("boards/MY_BOARD")
        try AtomicFileWriter.write([(target.appendingPathComponent("sdkconfig.board").path, "x\n")], force: false, createDirectories: true)
        #expect(try listing(target) == ["sdkconfig.board"])
        let other = dir.appendingPathComponent("more/OTHER")
        let failing = AtomicFileWriter.FileSystem(create: { _, _ in ENOSPC }, rename: AtomicFileWriter.FileSystem.posix.rename,
                                                  link: AtomicFileWriter.FileSystem.posix.link)
        #expect(throws: Diagnostic.self) {
            try AtomicFileWriter.write([(other.appendingPathComponent("sdkconfig.board").path, "x\n")], force: false,
                                       createDirectories: true, fileSystem: failing)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("more").path))
        #expect(try listing(dir) == ["boards"])
    }

    /// A real full disk: a 16 KiB tmpfs holding the old files, and new files larger than what is left.
    @Test(.enabled(if: TinyTmpfs.canMount, "mounting a tmpfs needs root (CAP_SYS_ADMIN); the injected ENOSPC/EIO cases above cover the logic"))
    func aFullDiskLeavesTheOldFilesAndNoPartialFile() throws {
        let dir = try scratch()
        defer {
            _ = umount(dir.path)
            try? FileManager.default.removeItem(at: dir)
        }
        try #require(TinyTmpfs.mount(at: dir.path))
        let files = try oldFiles(in: dir)
        let before = try listing(dir)
        let big = files.map { ($0.path, String(repeating: "x", count: 12 * 1024)) }  // 36 KiB into 16 KiB
        #expect(throws: Diagnostic.self) { try AtomicFileWriter.write(big, force: true) }
        #expect(try listing(dir) == before)
        try expectOld(files)
    }
}

/// A thread-safe call counter for the injected file systems.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    /// The number of calls before this one.
    func next() -> Int { lock.withLock { defer { count += 1 }; return count } }
}

/// A 16 KiB tmpfs, where this machine allows mounting one.
enum TinyTmpfs {
    static func mount(at path: String) -> Bool {
        Glibc.mount("tmpfs", path, "tmpfs", 0, "size=16k") == 0
    }

    /// Probes once, on a directory of its own.
    static let canMount: Bool = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-tmpfs-probe-\(getpid())").path
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard mount(at: dir) else { return false }
        umount(dir)
        return true
    }()
}
