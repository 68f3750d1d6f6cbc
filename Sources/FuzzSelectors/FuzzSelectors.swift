import Foundation
import FuzzSupport
import Intent
import Reachability
import TopologyModel

/// libFuzzer's entry: one line of text given to every reader of short user strings: a selector
/// (`--from`, `--to`, a policy's `from:`), a policy's service (`tcp/22,3389`), an address and a
/// CIDR prefix (`--src`, `cidr:`). Each must accept or refuse without trapping, and what it
/// accepts must read back the same from its own description.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSelectors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let selector = try? Selector(parsing: text) {
        let again = try? Selector(parsing: selector.description)
        FuzzReplay.require(
            again == selector, "selector '\(text)' reads back from '\(selector.description)' as \(again.map(String.init(describing:)) ?? "an error")")
    }
    if let services = try? ServiceText.parse(text) {
        FuzzReplay.require(!services.isEmpty, "service '\(text)' holds nothing")
        _ = services.summary
    }
    if let address = IPAddress(text) {
        FuzzReplay.require(IPAddress(address.description) == address, "address '\(text)' reads back from '\(address.description)' differently")
    }
    if let prefix = IPPrefix(text) {
        FuzzReplay.require(IPPrefix(prefix.description) == prefix, "prefix '\(text)' reads back from '\(prefix.description)' differently")
    }
    return 0
}

/// The program of an ordinary build, which replays files (`FuzzReplay`). Under libFuzzer, which
/// brings its own `main`, this file is a library and this constant is never read.
let replay: Void = FuzzReplay.run(fuzzSelectors)
