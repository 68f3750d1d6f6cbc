import AuditReport

/// What the auditor report records about its own making: the command line, the time and the
/// build commit. Only what the caller gives: the report never reads the clock, so the same
/// input and context give the same bytes (the reproducible-builds convention).
public struct ReportContext: Sendable {
    public var commandLine: [String]
    /// In words, e.g. "2026-11-28 09:30:00 UTC"; nil when not recorded.
    public var timestamp: String?
    /// The build's commit; nil when not recorded.
    public var commit: String?
    /// An isolation plan to print in its section; nil when none was made.
    public var isolationPlan: [HTMLReport.IsolationStep]?

    public init(commandLine: [String], timestamp: String? = nil, commit: String? = nil, isolationPlan: [HTMLReport.IsolationStep]? = nil) {
        self.commandLine = commandLine
        self.timestamp = timestamp
        self.commit = commit
        self.isolationPlan = isolationPlan
    }

    /// The context from the environment and an explicit time: `time` (a `--timestamp`) wins
    /// over `SOURCE_DATE_EPOCH`; the commit is `LATERAL_COMMIT`.
    ///
    /// - Throws: ``ReportTime/Invalid`` when the time given or `SOURCE_DATE_EPOCH` is neither
    ///   seconds since 1970 nor `YYYY-MM-DDTHH:MM:SSZ`.
    public static func from(environment: [String: String], commandLine: [String], time: String?) throws(ReportTime.Invalid) -> ReportContext {
        var timestamp: String?
        if let time {
            timestamp = try ReportTime.words(time)
        } else if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            timestamp = try ReportTime.words(epoch) + " (SOURCE_DATE_EPOCH)"
        }
        let commit = environment["LATERAL_COMMIT"].flatMap { $0.isEmpty ? nil : $0 }
        return ReportContext(commandLine: commandLine, timestamp: timestamp, commit: commit)
    }
}

/// A report time, in UTC, from seconds since 1970 or an ISO 8601 UTC text; pure arithmetic,
/// no time zone database.
public enum ReportTime {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "report time '\(text)' is neither seconds since 1970-01-01 (SOURCE_DATE_EPOCH) nor YYYY-MM-DDTHH:MM:SSZ"
        }
    }

    /// "2026-11-28 09:30:00 UTC".
    public static func words(_ text: String) throws(Invalid) -> String {
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let seconds = Int(text), seconds <= 253_402_300_799 {
            return format(seconds: seconds)
        }
        let digits = Array(text.utf8)
        let shape = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
        guard digits.count == shape.count,
            zip(digits, shape).allSatisfy({ c, s in s == UInt8(ascii: "d") ? (48...57).contains(c) : c == s })
        else { throw Invalid(text: text) }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let (month, day, hour, minute, second) = (number(5..<7), number(8..<10), number(11..<13), number(14..<16), number(17..<19))
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { throw Invalid(text: text) }
        return String(decoding: digits[0..<10], as: UTF8.self) + " " + String(decoding: digits[11..<19], as: UTF8.self) + " UTC"
    }

    /// Seconds since 1970 as a UTC date and time (Howard Hinnant's civil-from-days).
    static func format(seconds: Int) -> String {
        let days = seconds / 86_400, rest = seconds % 86_400
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(yearText)-\(two(month))-\(two(day)) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60)) UTC"
    }
}
