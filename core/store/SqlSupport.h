#pragma once

#include "core/common/Result.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

#include <optional>

namespace llmux::sql {

// Small conversions shared by the repositories, so each reads as plain SQL.

Status exec(QSqlQuery &query, const QString &what);
Status failure(const QSqlQuery &query, const QString &what);
bool isUniqueViolation(const QSqlQuery &query);

inline QVariant fromTime(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

inline QDateTime toTime(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong());
}

template <typename T> QVariant fromOptional(const std::optional<T> &v)
{
    return v ? QVariant::fromValue(*v) : QVariant(QMetaType::fromType<T>());
}

inline QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

} // namespace llmux::sql
