#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>
#include <utility>

namespace llmux {

// Outcome of an operation that can fail with a message meant for a person: what failed, with
// which input, and what to do about it. Used instead of exceptions across the core's API; a
// Status nobody looks at is a compiler warning (an error in CI).
class [[nodiscard]] Status
{
public:
    static Status success() { return Status(); }
    static Status failure(QString message) { return Status(std::move(message)); }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    QString error() const { return m_error.value_or(QString()); }

private:
    Status() = default;
    explicit Status(QString message)
        : m_error(std::move(message))
    {}
    std::optional<QString> m_error;
};

// A value or the reason there is none. Reading the value of a failure is a bug (asserted in
// debug builds).
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    // From a failure only: a success carries a value.
    Result(const Status &failed)
        : m_error(failed.error())
    {
        Q_ASSERT_X(!failed.ok(), "Result", "made from a successful Status without a value");
    }
    static Result failure(const QString &message)
    {
        Result r;
        r.m_error = message;
        return r;
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return checked(), *m_value; }
    T &value() { return checked(), *m_value; }
    const T *operator->() const { return checked(), &*m_value; }
    T *operator->() { return checked(), &*m_value; }
    const T &operator*() const { return checked(), *m_value; }
    QString error() const { return m_error; }
    Status status() const { return ok() ? Status::success() : Status::failure(m_error); }

private:
    Result() = default;
    void checked() const { Q_ASSERT_X(ok(), "Result", "the value of a failure was read"); }
    std::optional<T> m_value;
    QString m_error;
};

} // namespace llmux
