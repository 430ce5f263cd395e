// SPDX-License-Identifier: MIT

import SIOCommandLine
import SIOHTTP
import SIOServer

/// How an ``Authenticator`` admits sockets.
///
/// ```swift
/// var configuration = AuthenticatorConfiguration()      // 10 s deadline, auth payload or Bearer header
/// configuration.timeout = .seconds(30)                  // slow devices
/// configuration.timeout = nil                           // or: credentials required in the CONNECT packet
/// configuration.tokenSources.append(.query("token"))    // old clients only: the token ends up in logs
/// ```
public struct AuthenticatorConfiguration: Sendable {
    /// How long a socket that connected without credentials has to authenticate with an event (10 s).
    ///
    /// `nil` turns the deadline off in the strict direction: a CONNECT without a token is refused at once with
    /// a 401 CONNECT_ERROR, and the event conventions are never needed.
    public var timeout: Duration? = .seconds(10)

    /// Where a CONNECT may carry its token, tried in order (see ``TokenSource``).
    public var tokenSources: [TokenSource] = TokenSource.defaults

    /// Which post-connect conventions are understood (both, by default).
    public var conventions: Set<AuthenticationConvention> = Set(AuthenticationConvention.allCases)

    /// The room every authenticated socket joins; ``Authenticator/emitAuthenticated(_:_:)`` broadcasts to it.
    ///
    /// A room is the natural "set of sockets" here: membership is kept by the adapter, a socket leaves it when
    /// it disconnects, and a broadcast to it is encoded once. The default name cannot be mistaken for a socket
    /// id (those are 20 characters of base64url, never a colon).
    public var room: Room = "sio:authenticated"

    /// The defaults: a 10 s deadline, a token from the CONNECT payload or a Bearer header, both conventions.
    public init() {}
}

extension AuthenticatorConfiguration {
    /// The `--name value` flags `apply` reads.
    package static let optionNames: Set<String> = ["auth-timeout"]

    /// Applies the step executables' flag `--auth-timeout MS` (milliseconds; `0` means "no deadline: credentials
    /// required at CONNECT").
    package mutating func apply(_ options: CommandLineOptions) throws {
        guard let text = options.values["auth-timeout"] else { return }
        let range = 0...CommandLineOptions.millisecondRange.upperBound
        let milliseconds = try CommandLineOptions.number(text, name: "--auth-timeout", in: range)
        timeout = milliseconds == 0 ? nil : .milliseconds(milliseconds)
    }
}
