#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace llmux {

// Outcome of an operation that can fail with a message meant for a person: what failed, with
// which input, and what to do about it. Used instead of exceptions across the core's API.
class Status
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

// A value or the reason there is none.
template <typename T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    Result(const Status &failed)
        : m_error(failed.error())
    {}
    static Result failure(const QString &message)
    {
        Result r;
        r.m_error = message;
        return r;
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return *m_value; }
    T &value() { return *m_value; }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const T &operator*() const { return *m_value; }
    QString error() const { return m_error; }
    Status status() const { return ok() ? Status::success() : Status::failure(m_error); }

private:
    Result() = default;
    std::optional<T> m_value;
    QString m_error;
};

} // namespace llmux
