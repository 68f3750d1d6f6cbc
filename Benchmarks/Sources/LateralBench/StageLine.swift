/// One line the child process prints after each stage: `stage NAME SECONDS PEAK_KIB [PATHS]`.
///
/// Lines go to a file the parent reads after the child exits or is killed, so the stages
/// that finished before a timeout are still reported.
struct StageLine: Equatable {
    var name: String
    var seconds: Double
    var peakKiB: Int
    /// Attack paths found (solve stage only).
    var paths: Int?

    var text: String { "stage \(name) \(seconds) \(peakKiB)" + (paths.map { " \($0)" } ?? "") }

    init(name: String, seconds: Double, peakKiB: Int, paths: Int? = nil) {
        self.name = name
        self.seconds = seconds
        self.peakKiB = peakKiB
        self.paths = paths
    }

    init?(_ line: Substring) {
        let fields = line.split(separator: " ")
        guard fields.count >= 4, fields[0] == "stage", let seconds = Double(fields[2]), let peak = Int(fields[3]) else { return nil }
        self.init(name: String(fields[1]), seconds: seconds, peakKiB: peak, paths: fields.count > 4 ? Int(fields[4]) : nil)
    }
}
