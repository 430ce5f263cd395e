// SPDX-License-Identifier: MIT

import SIOJSON
import SIOServer

/// The two ways clients in the wild authenticate *after* connecting: which event carries the token, and which
/// events answer it.
///
/// | convention         | client sends                  | success                                               | failure (then disconnect) |
/// |--------------------|-------------------------------|-------------------------------------------------------|---------------------------|
/// | ``authentication`` | `authentication` `{"token":…}` | `authenticated` `{"status":200,"message":"Authentication success"}` | `unauthorized` `{"status":…,"message":…}` |
/// | ``auth``           | `auth` `{"token":…}`           | `init` with the user's data                           | `invalid_token` `{"status":…,"message":…}` |
///
/// Why two: both predate the CONNECT auth payload of Socket.IO v3 (2020), when a client could not send
/// anything with its connection but the URL. Libraries for Socket.IO v1/v2 (`socketio-auth`, `socketio-jwt`)
/// made the client emit its credentials as the first event, and existing apps and devices still speak them;
/// the `authentication`/`authenticated`/`unauthorized` names are `socketio-auth`'s. The `auth`/`init` style
/// is the "hello" message of many chat apps: the answer doubles as the initial state, so the client needs no
/// second round trip. A server that speaks both keeps old and new clients working while they migrate to the
/// CONNECT payload.
///
/// The token may be sent bare (`emit("authentication", token)`) or as `{"token": token}`.
public enum AuthenticationConvention: String, Sendable, Hashable, CaseIterable {
    /// `authentication` answered by `authenticated` or `unauthorized`.
    case authentication
    /// `auth` answered by `init` or `invalid_token`.
    case auth

    /// The event the client sends with its token.
    public var requestEvent: String { rawValue }

    /// The event that tells the client it is in.
    public var successEvent: String {
        switch self {
        case .authentication: return "authenticated"
        case .auth: return "init"
        }
    }

    /// The event that tells the client it was refused, just before the server disconnects it.
    public var failureEvent: String {
        switch self {
        case .authentication: return "unauthorized"
        case .auth: return "invalid_token"
        }
    }

    /// The convention whose request event is `event`, if any.
    public init?(requestEvent event: String) {
        self.init(rawValue: event)
    }

    /// The `authenticated` payload: `{"status":200,"message":"Authentication success"}`.
    public static let successPayload: JSON = ["status": 200, "message": "Authentication success"]

    /// The argument of the success event: the fixed success payload, or for ``auth`` the user's data.
    public func successArgument(userData: SocketIOValue) -> SocketIOValue {
        switch self {
        case .authentication: return SocketIOValue(Self.successPayload)
        case .auth: return userData
        }
    }

    /// The argument of the failure event: `{"status":401,"message":"Authentication failure socket <id>"}` and
    /// the like (see ``AuthenticationFailure``).
    public func failureArgument(_ failure: AuthenticationFailure, socketID: SocketID) -> SocketIOValue {
        SocketIOValue(failure.payload(socketID: socketID))
    }

    /// The token in the request event's arguments: a string first argument, or the `token` member of an
    /// object. `nil` when there is neither (which the server answers as a 401).
    public static func token(in arguments: [SocketIOValue]) -> String? {
        guard let first = arguments.first else { return nil }
        return first.stringValue ?? first["token"]?.stringValue
    }
}
