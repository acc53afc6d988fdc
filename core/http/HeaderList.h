#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace llmux {

// HTTP header fields in order, as (name, value) pairs.
using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The value of a header whose name is stored in lower case, or an empty array.
inline QByteArray headerValue(const HeaderList &headers, QByteArrayView lowerCaseName)
{
    for (const auto &h : headers)
        if (h.first == lowerCaseName)
            return h.second;
    return QByteArray();
}

} // namespace llmux
