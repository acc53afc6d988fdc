#pragma once

#include "core/http/HeaderList.h"

namespace llmux::test {

// A header's value by name in any case: outbound requests and CORS answers keep the spelling
// people know ("Authorization"), while core's headerValue() expects names stored in lower case.
inline QByteArray field(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return QByteArray();
}

} // namespace llmux::test
