// SPDX-License-Identifier: MIT

/// When to compress: the settings shared by long-polling's HTTP compression (`EngineConfiguration.httpCompression`)
/// and WebSocket's permessage-deflate (`EngineConfiguration.perMessageDeflate`), as Node's `{ threshold }` options.
///
/// ```swift
/// configuration.perMessageDeflate = CompressionSettings()              // on, for messages of 1,024 bytes and more
/// configuration.httpCompression = nil                                  // long-polling responses never compressed
/// ```
public struct CompressionSettings: Sendable, Hashable {
    /// The smallest message or response, in bytes, worth compressing; below it, data goes out as it is. Node's
    /// default, 1,024: under a kilobyte the DEFLATE headers eat most of what compression saves, and it costs CPU.
    public var threshold: Int

    /// Settings with Node's threshold of 1,024 bytes.
    public init(threshold: Int = 1024) {
        self.threshold = threshold
    }
}
