// Errors are values: a Result<T> holds either a value or an Error with a
// human message that names the input that was wrong. No exceptions cross
// module boundaries.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kiosk {

// What kind of failure, for callers that act on it (a missing file is not a
// corrupt one, a busy database is worth a retry): match the code, never the
// message text. Most errors need none and stay Unspecified.
enum class ErrorCode {
    Unspecified,
    Invalid,   // the input (a file's content, an argument) is malformed or inconsistent
    NotFound,  // the file, record or device does not exist
    Io,        // reading or writing failed (permissions, disk full, an I/O error)
    Crypto,    // a signature, hash or decryption did not check out
    Busy,      // locked or in use by someone else: try again later
    Refused,   // understood and deliberately declined (an older pack, a revoked device)
};

struct Error {
    std::string message;  // one line, says what was wrong and where
    ErrorCode code = ErrorCode::Unspecified;

    bool is(ErrorCode c) const { return code == c; }
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<Error>(v_); }

private:
    std::variant<T, Error> v_;
};

struct Ok {};

// Result<void>: success or an Error.
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

inline Error make_error(std::string message, ErrorCode code = ErrorCode::Unspecified) {
    return Error{std::move(message), code};
}

inline const char* error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::Unspecified: return "unspecified";
        case ErrorCode::Invalid: return "invalid";
        case ErrorCode::NotFound: return "not found";
        case ErrorCode::Io: return "i/o";
        case ErrorCode::Crypto: return "crypto";
        case ErrorCode::Busy: return "busy";
        case ErrorCode::Refused: return "refused";
    }
    return "unspecified";
}

}  // namespace kiosk
