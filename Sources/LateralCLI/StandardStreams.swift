import Foundation
import Synchronization

/// The one path by which the CLI writes to standard output and standard error.
///
/// Foundation's `FileHandle.write(_:)` traps when a write fails (`> /dev/full`, a reader that
/// went away), so every byte goes through `write(2)` here instead:
/// - a reader that went away (`EPIPE`, as after `| head -1`): the rest of standard output is
///   dropped without a word and the command ends with the status it would have had;
/// - any other failure (`ENOSPC` and the like): one line on standard error and exit code 3.
///
/// SIGPIPE is ignored (``prepare()``), so a closed pipe comes back as `EPIPE` instead of
/// killing the process.
enum StandardStreams {
    /// Set once standard output's reader has gone away; later writes are dropped.
    private static let outputClosed = Atomic<Bool>(false)

    /// Call once at start-up, before anything is written.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// True once a write found that nobody reads standard output any more.
    static var readerGone: Bool { outputClosed.load(ordering: .relaxed) }

    /// Writes bytes to standard output.
    ///
    /// - Throws: ``CLIError`` with code 3 when standard output cannot be written for any reason
    ///   but a reader that went away.
    static func output(_ bytes: some Collection<UInt8>) throws(CLIError) {
        guard !readerGone else { return }
        switch writeAll(bytes, to: STDOUT_FILENO) {
        case 0: return
        case EPIPE: outputClosed.store(true, ordering: .relaxed)
        case let code: throw CLIError(message: "error: cannot write standard output: \(String(cString: strerror(code)))", code: 3)
        }
    }

    /// Writes text to standard error; a failure there has nowhere to be told, so it is ignored.
    static func error(_ text: String) {
        _ = writeAll(text.utf8, to: STDERR_FILENO)
    }

    /// Writes every byte, retrying partial and interrupted writes.
    ///
    /// - Returns: 0, or the `errno` of the write that failed.
    private static func writeAll(_ bytes: some Collection<UInt8>, to descriptor: Int32) -> Int32 {
        let written = bytes.withContiguousStorageIfAvailable { writeAll($0, to: descriptor) }
        return written ?? Array(bytes).withUnsafeBufferPointer { writeAll($0, to: descriptor) }
    }

    private static func writeAll(_ buffer: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32 {
        var offset = 0
        while offset < buffer.count {
            let count = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += count
        }
        return 0
    }
}

/// Writes text to standard output (see ``StandardStreams``).
///
/// Control characters other than line feed and tab (ESC, BEL, carriage return, C1) become
/// visible `\u{..}` text: names from an estate reach the terminal and must not move its
/// cursor, recolour it or ring it. JSON and SARIF never hold them raw (their encoders escape
/// them), so this changes only text.
func emit(_ text: String) throws(CLIError) {
    try StandardStreams.output(TerminalText.safe(text).utf8)
}

/// Text made safe for a terminal.
enum TerminalText {
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }
}

/// Writes `warning: TEXT` to standard error.
func warn(_ text: String) {
    StandardStreams.error("warning: " + TerminalText.safe(text) + "\n")
}
