/// The yardstick: how long Python's orjson takes merely to parse the same file,
/// measured as the whole `python3 -c ...` process (start-up, read, parse), best of three.
enum OrjsonBaseline {
    static let script = "import orjson,sys; orjson.loads(open(sys.argv[1],'rb').read())"

    /// Why the baseline cannot be measured here, or nil when it can.
    static func unavailable() -> String? {
        guard let python = ChildProcess.which("python3") else { return "python3 is not on PATH" }
        let probe = try? ChildProcess.run(python, ["-c", "import orjson"], quiet: true)
        return probe?.status == 0 ? nil : "orjson is not installed for \(python); install it with `pip install orjson`"
    }

    /// Best wall time of `runs` parses, in seconds; nil if a run failed.
    static func seconds(file: String, runs: Int = 3) -> Double? {
        guard let python = ChildProcess.which("python3") else { return nil }
        var best: Double?
        for _ in 0..<runs {
            guard let outcome = try? ChildProcess.run(python, ["-c", script, file]), outcome.status == 0 else { return nil }
            best = min(best ?? outcome.seconds, outcome.seconds)
        }
        return best
    }
}
