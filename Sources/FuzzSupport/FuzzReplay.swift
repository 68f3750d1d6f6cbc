import Foundation

/// What the fuzz harnesses share: in an ordinary build (no libFuzzer, which brings its own
/// `main`) each harness is a program that runs its entry point on the files it is given, so a
/// crash libFuzzer saved can be replayed and debugged without the sanitizer build.
public enum FuzzReplay {
    /// Runs `body` on the bytes of each file named on the command line, or prints how to use
    /// the program when none is, then exits: 0 when every file was run, 2 when one could not
    /// be read.
    public static func run(_ body: (UnsafePointer<UInt8>, Int) -> CInt) {
        let files = CommandLine.arguments.dropFirst()
        guard !files.isEmpty else {
            print("usage: \(CommandLine.arguments.first ?? "harness") FILE...  (runs the fuzz harness on each file; fuzzing itself: scripts/fuzz.sh)")
            exit(0)
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("\(file): cannot read the file\n".utf8))
                exit(2)
            }
            let bytes = [UInt8](data)
            _ = bytes.withUnsafeBufferPointer { buffer in
                // A pointer even for an empty file, as libFuzzer gives.
                body(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            }
            print("\(file): ran, \(bytes.count) bytes")
        }
        exit(0)
    }

    /// Stops the run with `message` when `condition` does not hold: under libFuzzer a trap
    /// is a crash, saved with the input that caused it.
    public static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("fuzz oracle: \(message())") }
    }

    /// The input as text, or nil when it is not UTF-8: the YAML readers refuse such a file
    /// before parsing it, so there is nothing further to try.
    public static func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String? {
        String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }

    /// How many lines a JSON text has, counted as diagnostics count them (a last line without
    /// its line feed is a line).
    public static func lineCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// How many lines a YAML text has: YAML also ends a line at a carriage return alone, and
    /// libyaml at NEL, LS and PS.
    public static func yamlLineCount(_ text: String) -> Int {
        let scalars = Array(text.unicodeScalars)
        var count = 1
        for (i, scalar) in scalars.enumerated() {
            if scalar == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { continue }
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) { count += 1 }
        }
        return count
    }
}
