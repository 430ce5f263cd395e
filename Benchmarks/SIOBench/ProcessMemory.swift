// SPDX-License-Identifier: MIT

import Foundation

/// Reads another process's resident memory from `/proc/<pid>/status` (Linux).
///
/// `VmRSS` is what the process holds in RAM now, in KiB: heap, stacks, mapped code, and the kernel's
/// view of everything the allocator has not returned. Per-connection memory is the growth of
/// `VmRSS` over the connections opened, which is how a user sizing a machine would measure it.
/// Socket buffers live in the kernel and are not part of it.
enum ProcessMemory {
    /// `VmRSS` in KiB, or `nil` when the process or the file is gone (or not on Linux).
    static func residentKiB(pid: Int) -> Int? {
        field("VmRSS", pid: pid)
    }

    private static func field(_ name: String, pid: Int) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
