// Status and Result<T>: how sitrep reports failure across module boundaries.
//
// sitrep's own code never throws. A function that can fail returns a Status
// (no value) or a Result<T> (a value or a Status). An OK Status costs one null
// pointer; an error carries a code from a closed set and a message that says
// where the problem is ("file:line: message", "byte 120: ...").
//
// Thread safety: Status and Result are plain values; distinct objects may be
// used from distinct threads.
//
//   Result<Document> r = ReadText(path);
//   if (!r.ok()) return r.status();
//   Document doc = std::move(r).value();
#ifndef SITREP_STATUS_H_
#define SITREP_STATUS_H_

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sitrep {

class [[nodiscard]] Status {
 public:
  enum class Code : int {
    kOk = 0,
    kInvalidArgument = 1,
    kNotFound = 2,
    kCorruption = 3,
    kIOError = 4,
    kResourceExhausted = 5,
    kUnavailable = 6,
    kInternal = 7,
  };

  Status() = default;  // OK
  Status(Code code, std::string_view message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string_view m) { return Status(Code::kInvalidArgument, m); }
  static Status NotFound(std::string_view m) { return Status(Code::kNotFound, m); }
  static Status Corruption(std::string_view m) { return Status(Code::kCorruption, m); }
  static Status IOError(std::string_view m) { return Status(Code::kIOError, m); }
  static Status ResourceExhausted(std::string_view m) { return Status(Code::kResourceExhausted, m); }
  static Status Unavailable(std::string_view m) { return Status(Code::kUnavailable, m); }
  static Status Internal(std::string_view m) { return Status(Code::kInternal, m); }

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ ? rep_->code : Code::kOk; }
  // The message without the code name; empty for OK.
  std::string_view message() const { return rep_ ? std::string_view(rep_->message) : std::string_view(); }
  // "OK" or "<code name>: <message>".
  std::string ToString() const;

  // Returns a copy whose message is "<prefix>: <message>" (for adding a file name).
  Status WithPrefix(std::string_view prefix) const;

 private:
  struct Rep {
    Code code;
    std::string message;
  };
  std::unique_ptr<Rep> rep_;
};

// A value of type T or an error Status; never OK without a value.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result() : status_(Status::Internal("uninitialised Result")) {}
  Result(const T& value) : value_(value) {}                    // NOLINT: implicit by design
  Result(T&& value) : value_(std::move(value)) {}              // NOLINT
  Result(Status status) : status_(std::move(status)) {         // NOLINT
    assert(!status_.ok() && "Result from an OK Status has no value");
    if (status_.ok()) status_ = Status::Internal("Result constructed from OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace sitrep

#define SITREP_CONCAT_INNER_(a, b) a##b
#define SITREP_CONCAT_(a, b) SITREP_CONCAT_INNER_(a, b)

#define SITREP_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::sitrep::Status sitrep_status_ = (expr);   \
    if (!sitrep_status_.ok()) return sitrep_status_; \
  } while (0)

#define SITREP_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#define SITREP_ASSIGN_OR_RETURN(lhs, expr) \
  SITREP_ASSIGN_OR_RETURN_IMPL_(SITREP_CONCAT_(sitrep_result_, __LINE__), lhs, expr)

#endif  // SITREP_STATUS_H_
